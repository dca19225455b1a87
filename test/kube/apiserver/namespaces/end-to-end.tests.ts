// A namespace's deletion through the real replicas and etcd, with the controller manager's
// namespace controller: Terminating at once, new content refused, everything inside deleted, then
// the namespace gone; the cluster's own namespaces refuse deletion.

import test from 'ava';
import { KubeError } from '../../../../protocols/kube/kube-error.ts';
import type { KubeObject, Namespace } from '../../../../protocols/kube/objects.ts';
import { runScenario } from '../../../../scenarios/runner.ts';
import { defineScenario, type ScenarioContext } from '../../../../scenarios/scenario.ts';

async function failure(p: Promise<unknown>): Promise<KubeError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof KubeError) return e;
    throw e;
  }
  throw new Error('the call succeeded');
}

const scenario = (script: (s: ScenarioContext) => Promise<void>) =>
  defineScenario({ name: 'namespace-deletion', description: '', setup: (s) => void s.cluster({ workers: 0 }), script });

const deployment = (ns: string): KubeObject =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: ns },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  }) as KubeObject;

test('deleting a namespace with a ConfigMap and a Deployment: Terminating, new content refused, emptied, then gone', async (t) => {
  const seen: Record<string, unknown> = {};
  const run = await runScenario(
    scenario(async (s) => {
      await s.advance('5s');
      await s.kube.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
      await s.kube.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf', namespace: 'team-a' }, data: { k: 'v' } });
      await s.kube.create(deployment('team-a'));
      await s.advance('5s');
      seen.replicaSets = (await s.kube.list('rs', { namespace: 'team-a' })).items.length;
      const start = s.now();
      seen.deleted = await s.kube.delete('ns', 'team-a');
      seen.refused = (await failure(s.kube.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late', namespace: 'team-a' } }))).status;
      seen.system = (await failure(s.kube.delete('ns', 'kube-system'))).status;
      for (let i = 0; i < 60 && (await s.kube.find('ns', 'team-a')) !== undefined; i++) await s.advance('1s');
      seen.gone = (await s.kube.find('ns', 'team-a')) === undefined;
      seen.took = s.now() - start;
      seen.left = await Promise.all(['cm', 'deploy', 'rs', 'pods'].map(async (k) => (await s.kube.list(k, { namespace: 'team-a' })).items.length));
    }),
    { seed: 3 },
  );
  t.true(run.ok, JSON.stringify(run.expectations));
  t.is(seen.replicaSets, 1);
  t.like(seen.deleted as Namespace, { status: { phase: 'Terminating' }, spec: { finalizers: ['kubernetes'] } });
  t.like(seen.refused as object, { code: 403, message: 'configmaps "late" is forbidden: unable to create new content in namespace team-a because it is being terminated' });
  t.like(seen.system as object, { code: 403, message: 'namespaces "kube-system" is forbidden: this namespace may not be deleted' });
  t.true(seen.gone);
  // Two rounds of 24 calls each at the controller manager's client rate, then /finalize.
  t.true((seen.took as number) <= 30_000, `took ${String(seen.took)} ms`);
  t.deepEqual(seen.left, [0, 0, 0, 0]);
});
