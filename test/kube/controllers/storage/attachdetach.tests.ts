// The attach/detach controller against the real registry: a bound volume a pod on a managed node
// uses is recorded in node.status.volumesAttached, and removed when no pod uses it, after the
// kubelet's unmount (volumesInUse) or the six-minute wait.

import test from 'ava';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { updateCall } from '../../../../actors/client/index.ts';
import { ATTACH_DETACH_INFORMERS } from '../../../../actors/kube-controller-manager/attachdetach/controller.ts';
import { type AttachMemory, attachDetachKeys, reconcileAttachDetach } from '../../../../actors/kube-controller-manager/attachdetach/attachdetach.ts';
import { ControllerLoop } from '../loop.ts';
import { node, podUsing, pv, pvc, status } from './fixtures.ts';

function setup(managed = true) {
  const loop = new ControllerLoop<AttachMemory>({
    informers: ATTACH_DETACH_INFORMERS,
    keysFor: (i, n, l) => attachDetachKeys(i, n, l),
    reconcile: (k, l, now, m) => reconcileAttachDetach(k, l, now, m),
    memory: () => ({ unmountWaitSince: {} }),
  });
  const n = node('worker-1');
  loop.create(managed ? { ...n, metadata: { ...n.metadata, annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' } } } : n);
  loop.create(pv('pv1', '1Gi', { cls: '' }));
  const c = loop.create({ ...pvc('data', '1Gi', { cls: '', volumeName: 'pv1' }) });
  loop.apply(updateCall({ ...c, status: { phase: 'Bound' } } as KubeObject, { subresource: 'status' }));
  return loop;
}

const attached = (loop: ControllerLoop<AttachMemory>) => ((status(loop.get('node', 'worker-1')).volumesAttached ?? []) as { name: string }[]).map((v) => v.name);

test('attachdetach: a pod on a managed node gets its bound volume attached, with SuccessfulAttachVolume on the pod', (t) => {
  const loop = setup();
  loop.create(podUsing('web', ['data'], 'worker-1'));
  const rounds = loop.settle();
  t.deepEqual(attached(loop), ['kybernetes.io/host-path/pv1']);
  t.true(rounds.some((r) => r.events.some((e) => e.reason === 'SuccessfulAttachVolume' && e.message === 'AttachVolume.Attach succeeded for volume "pv1" ')));
});

test('attachdetach: nodes the kubelet does not hand over, unscheduled pods and unbound claims attach nothing', (t) => {
  const loop = setup(false);
  loop.create(podUsing('web', ['data'], 'worker-1'));
  loop.settle();
  t.deepEqual(attached(loop), []);
  const managed = setup();
  managed.create(podUsing('pending', ['data']));
  managed.create(pvc('unbound', '1Gi', { cls: '' }));
  managed.create(podUsing('other', ['unbound'], 'worker-1'));
  managed.settle();
  t.deepEqual(attached(managed), []);
});

test('attachdetach: the volume is detached when its last pod goes', (t) => {
  const loop = setup();
  loop.create(podUsing('a', ['data'], 'worker-1'));
  loop.create(podUsing('b', ['data'], 'worker-1'));
  loop.settle();
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'pods', namespace: 'default', name: 'a' } });
  loop.settle();
  t.deepEqual(attached(loop), ['kybernetes.io/host-path/pv1']);
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'pods', namespace: 'default', name: 'b' } });
  loop.settle();
  t.deepEqual(attached(loop), []);
});

test('attachdetach: a volume still in use (volumesInUse) is detached only after six minutes', (t) => {
  const loop = setup();
  loop.create(podUsing('a', ['data'], 'worker-1'));
  loop.settle();
  const n = loop.get('node', 'worker-1')!;
  loop.apply(updateCall({ ...n, status: { ...(n.status as object), volumesInUse: ['kybernetes.io/host-path/pv1'] } } as KubeObject, { subresource: 'status' }));
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'pods', namespace: 'default', name: 'a' } });
  loop.settle();
  t.deepEqual(attached(loop), ['kybernetes.io/host-path/pv1']);
  loop.advance(5 * 60_000);
  loop.settle();
  t.deepEqual(attached(loop), ['kybernetes.io/host-path/pv1']);
  loop.advance(60_000);
  loop.settle();
  t.deepEqual(attached(loop), []);
});
