// Issue 9: a burst of concurrent calls on two apiservers over a two-member etcd loses nothing
// and keeps answering. Before concurrent script calls took turns running the simulation, this
// very burst (seed 5) had every call time out after 120 s.

import test from 'ava';
import { KubeError } from '../../../protocols/kube/kube-error.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { runScenario } from '../../../scenarios/runner.ts';
import { defineScenario } from '../../../scenarios/scenario.ts';

const configMap = (i: number): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `burst-${i}`, namespace: 'default' }, data: { i: String(i) } });

// Within 10 ms of virtual time: each replica has its etcd requests in flight together (one at a
// time, the twelve took 12.5 ms, a round trip each).
test('burst: twelve concurrent creates are all answered 201 within 10 ms, and all are stored', async (t) => {
  const seen: { codes: (number | string)[]; tookMs: number; names: string[] } = { codes: [], tookMs: 0, names: [] };
  const run = await runScenario(
    defineScenario({
      name: 'burst',
      description: '',
      setup: (s) => void s.cluster({ controlPlanes: 2, apiserverOnly: true }),
      script: async (s) => {
        await s.advance('3s');
        const start = s.now();
        const create = (i: number) => s.kube.create(configMap(i)).then(() => 201, (e: unknown) => (e instanceof KubeError ? e.status.code : String(e)));
        seen.codes = await Promise.all(Array.from({ length: 12 }, (_, i) => create(i)));
        seen.tookMs = s.now() - start;
        seen.names = (await s.kube.list('cm', { namespace: 'default' })).items.map((o) => o.metadata.name ?? '');
      },
    }),
    { seed: 5 },
  );
  t.true(run.ok, JSON.stringify(run.expectations));
  t.deepEqual(seen.codes, Array(12).fill(201));
  t.true(seen.tookMs < 10, `the burst took ${seen.tookMs} ms of virtual time`);
  t.deepEqual(seen.names.filter((n) => n.startsWith('burst-')).sort(), Array.from({ length: 12 }, (_, i) => `burst-${i}`).sort());
});
