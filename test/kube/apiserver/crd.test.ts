// A CustomResourceDefinition makes a new resource servable: the docs' CronTab example.

import test from 'ava';
import './crd/crd-cleanup.tests.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { runScenario } from '../../../scenarios/runner.ts';
import { defineScenario } from '../../../scenarios/scenario.ts';

const CRD = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                cronSpec:
                  type: string
                image:
                  type: string
                replicas:
                  type: integer
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
    shortNames:
    - ct
`;

const CRONTAB = `
apiVersion: "stable.example.com/v1"
kind: CronTab
metadata:
  name: my-new-cron-object
spec:
  cronSpec: "* * * * */5"
  image: my-awesome-cron-image
`;

test('a CRD is established, then its resource is created, listed by short name, stored under its group and deleted', async (t) => {
  const seen: Record<string, unknown> = {};
  const run = await runScenario(
    defineScenario({
      name: 'crd',
      description: '',
      setup: (s) => void s.cluster({ workers: 0 }),
      script: async (s) => {
        await s.advance('3s');
        await s.kube.apply(CRD);
        seen.crd = await s.kube.waitFor('crd', 'crontabs.stable.example.com', (o) => ((o.status as { conditions?: { type: string; status: string }[] })?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True'), { within: 10_000 });
        seen.created = (await s.kube.apply(CRONTAB))[0];
        seen.list = (await s.kube.list('ct', { namespace: 'default' })).items.map((o) => o.metadata.name);
        seen.keys = s.cluster().etcd.state(s.cluster().etcd.members[0]!)?.store.range('/registry/stable.example.com/', '/registry/stable.example.com0', { keysOnly: true }).kvs.map((kv) => kv.key);
        await s.kube.delete('crontab', 'my-new-cron-object');
        seen.after = (await s.kube.list('crontabs.stable.example.com')).items.length;
      },
    }),
    { seed: 5 },
  );
  t.true(run.ok, JSON.stringify(run.expectations));
  t.like(seen.crd as object, { status: { acceptedNames: { kind: 'CronTab', plural: 'crontabs' }, storedVersions: ['v1'] } });
  t.like(seen.created as object, { apiVersion: 'stable.example.com/v1', kind: 'CronTab', spec: { cronSpec: '* * * * */5' } });
  t.deepEqual(seen.list, ['my-new-cron-object']);
  t.deepEqual(seen.keys, ['/registry/stable.example.com/crontabs/default/my-new-cron-object']);
  t.is(seen.after, 0);
});
