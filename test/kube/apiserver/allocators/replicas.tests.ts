// Two apiserver replicas taking Service values at the same moment (the scenario client sends
// call i to replica i mod 2): one requested ClusterIP or NodePort goes to one Service only, and
// the repair passes that follow find nothing to warn about.

import test from 'ava';
import { KubeError } from '../../../../protocols/kube/kube-error.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { runScenario } from '../../../../scenarios/runner.ts';
import { defineScenario } from '../../../../scenarios/scenario.ts';

const svc = (name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { ports: [{ port: 80 }], ...spec } });

test('replicas: concurrent creates never share a ClusterIP or NodePort, and repair stays quiet', async (t) => {
  const seen: { codes: (number | string)[]; services: KubeObject[]; warnings: string[] } = { codes: [], services: [], warnings: [] };
  const run = await runScenario(
    defineScenario({
      name: 'service-replicas',
      description: '',
      setup: (s) => void s.cluster({ controlPlanes: 2, workers: 0, apiserverOnly: true }),
      script: async (s) => {
        await s.advance('3s');
        const bodies = [
          svc('same-ip-a', { clusterIP: '10.96.0.50' }),
          svc('same-ip-b', { clusterIP: '10.96.0.50' }),
          svc('same-port-a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30050 }] }),
          svc('same-port-b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30050 }] }),
          ...Array.from({ length: 8 }, (_, i) => svc(`dyn-${i}`, { type: 'NodePort' })),
        ];
        const create = (b: KubeObject) => s.kube.create(b).then(() => 201, (e: unknown) => (e instanceof KubeError ? e.status.code : String(e)));
        // All twelve at once: concurrent calls take turns running the simulation (Simulation.runUntil).
        seen.codes = await Promise.all(bodies.map(create));
        await s.advance('185s');
        seen.services = [...(await s.kube.list('svc', { namespace: "default" })).items];
        seen.warnings = (await s.kube.list('events', { namespace: 'default' })).items.map((e) => `${(e as unknown as { reason: string }).reason}`);
      },
    }),
    { seed: 5 },
  );
  t.true(run.ok, JSON.stringify(run.expectations));
  t.deepEqual(seen.codes.slice(0, 4).sort(), [201, 201, 422, 422]);
  t.deepEqual(seen.codes.slice(4), Array(8).fill(201));
  const specs = seen.services.map((o) => o.spec as { clusterIP: string; ports: { nodePort?: number }[] });
  t.is(specs.length, 11); // the `kubernetes` Service, one of each pair, eight more
  const ips = specs.map((x) => x.clusterIP);
  const ports = specs.flatMap((x) => x.ports.map((p) => p.nodePort ?? 0)).filter((p) => p > 0);
  t.is(new Set(ips).size, 11);
  t.is(ports.length, 9);
  t.is(new Set(ports).size, 9);
  t.deepEqual(seen.warnings, []);
});
