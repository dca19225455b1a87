// The scheduler's VolumeBinding and the persistent-volume-binder together, against the real
// registry: the plugin's PreBind writes are applied, the binder finishes the binding, and the
// plugin's waitFor sees it done. Static binding of a local volume, and provisioning on the node.

import test from 'ava';
import type { PersistentVolume, PersistentVolumeClaim, Pod, StorageClass } from '../../../../protocols/kube/objects.ts';
import { CLUSTER_STATE_KEY, type ClusterObjects } from '../../../../actors/kube-scheduler/framework/types.ts';
import { newVolumeBinding } from '../../../../actors/kube-scheduler/plugins/volumebinding/plugin.ts';
import { nodeInfo } from '../../scheduler/filters/fixtures.ts';
import { binderLoop, node, podUsing, pv, pvc, spec, status, storageClass } from './fixtures.ts';

type Loop = ReturnType<typeof binderLoop>;

const clusterOf = (loop: Loop): ClusterObjects => ({
  persistentVolumeClaim: (ns, name) => loop.get('pvc', name, ns) as PersistentVolumeClaim | undefined,
  persistentVolumes: () => loop.list('pv') as unknown as PersistentVolume[],
  storageClass: (name) => loop.get('sc', name) as unknown as StorageClass | undefined,
  podDisruptionBudgets: () => [],
});

function schedule(loop: Loop, pod: Pod, nodes: string[]) {
  const plugin = newVolumeBinding();
  const state = new Map<string, unknown>([[CLUSTER_STATE_KEY, clusterOf(loop)]]);
  t0(plugin.preFilter(state, pod, []).status.code === 'Success');
  const fits = nodes.filter((n) => plugin.filter(state, pod, nodeInfo(loop.get('node', n) as never)).code === 'Success');
  const chosen = fits[0]!;
  plugin.reserve(state, pod, chosen);
  for (const call of plugin.preBind(state, pod, chosen).calls) loop.apply(call);
  return { fits, chosen, wait: () => plugin.waitFor!(state, pod, chosen, clusterOf(loop)).code };
}
function t0(ok: boolean): void {
  if (!ok) throw new Error('PreFilter did not pass');
}

test('handoff: a local volume on one node is bound through the scheduler and the binder', (t) => {
  const loop = binderLoop();
  loop.create(node('n1'));
  loop.create(node('n2'));
  loop.create(storageClass('local', 'kubernetes.io/no-provisioner', { mode: 'WaitForFirstConsumer' }));
  loop.create(pv('local-n2', '10Gi', { cls: 'local', hostname: 'n2' }));
  loop.create(pvc('data', '1Gi', { cls: 'local' }));
  loop.settle();
  t.is(status(loop.get('pvc', 'data')).phase, 'Pending');
  const pod = podUsing('web', ['data']) as unknown as Pod;
  const s = schedule(loop, pod, ['n1', 'n2']);
  t.deepEqual(s.fits, ['n2']);
  t.is(s.wait(), 'Wait');
  loop.settle();
  t.is(spec(loop.get('pvc', 'data')).volumeName, 'local-n2');
  t.is(status(loop.get('pv', 'local-n2')).phase, 'Bound');
  t.is(s.wait(), 'Success');
});

test('handoff: a WaitForFirstConsumer claim is provisioned on the node the scheduler chose', (t) => {
  const loop = binderLoop();
  loop.create(node('n1'));
  loop.create(storageClass('local', 'kybernetes.io/host-path', { mode: 'WaitForFirstConsumer' }));
  const claim = loop.create(pvc('data', '1Gi', { cls: 'local' }));
  loop.settle();
  const s = schedule(loop, podUsing('web', ['data']) as unknown as Pod, ['n1']);
  t.is(s.wait(), 'Wait');
  loop.settle();
  const v = loop.get('pv', `pvc-${claim.metadata.uid}`);
  t.deepEqual(spec(v).nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values, ['n1']);
  t.is(s.wait(), 'Success');
});
