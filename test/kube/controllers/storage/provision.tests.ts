// Dynamic provisioning, WaitForFirstConsumer and reclaiming, through the persistent-volume-binder
// against the real registry. The scheduler's part (the selected-node annotation) is played by hand.

import test from 'ava';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { updateCall } from '../../../../actors/client/index.ts';
import { annotations, binderLoop, node, podUsing, pvc, spec, status, storageClass } from './fixtures.ts';

const events = (loop: ReturnType<typeof binderLoop>) => loop.rounds.flatMap((r) => r.events.map((e) => `${e.type} ${e.reason} ${e.message}`));
const HOST = 'kybernetes.io/host-path';

test('provisioning: an Immediate host-path class provisions pvc-<uid> at once, with the class reclaim policy, and binds it', (t) => {
  const loop = binderLoop();
  loop.create(storageClass('local', HOST, { reclaim: 'Retain' }));
  const claim = loop.create(pvc('data', '2Gi', { cls: 'local' }));
  loop.settle();
  const name = `pvc-${claim.metadata.uid}`;
  const v = loop.get('pv', name)!;
  t.truthy(v);
  t.is(spec(v).hostPath.path, `/var/lib/kybernetes/pv/${name}`);
  t.is(spec(v).persistentVolumeReclaimPolicy, 'Retain');
  t.is(spec(v).capacity.storage, '2Gi');
  t.is(spec(v).storageClassName, 'local');
  t.is(spec(v).nodeAffinity, undefined);
  t.is(annotations(v)['pv.kubernetes.io/provisioned-by'], HOST);
  t.is(status(v).phase, 'Bound');
  const c = loop.get('pvc', 'data')!;
  t.is(spec(c).volumeName, name);
  t.is(status(c).phase, 'Bound');
  t.is(annotations(c)['volume.kubernetes.io/storage-provisioner'], HOST);
  t.true(events(loop).includes(`Normal ProvisioningSucceeded Successfully provisioned volume ${name} using ${HOST}`));
});

test('provisioning: WaitForFirstConsumer waits for the scheduler, then provisions on the selected node', (t) => {
  const loop = binderLoop();
  loop.create(node('worker-1', { 'kubernetes.io/hostname': 'host-one' }));
  loop.create(storageClass('local', HOST, { mode: 'WaitForFirstConsumer' }));
  const claim = loop.create(pvc('data', '1Gi', { cls: 'local' }));
  loop.settle();
  t.is(loop.list('pv').length, 0);
  t.is(status(loop.get('pvc', 'data')).phase, 'Pending');
  t.true(events(loop).includes('Normal WaitForFirstConsumer waiting for first consumer to be created before binding'));
  loop.create(podUsing('web', ['data']));
  loop.advance(15_000);
  loop.settle();
  t.true(events(loop).includes('Normal WaitForPodScheduled waiting for pod web to be scheduled'));
  t.is(loop.list('pv').length, 0);
  // The scheduler's PreBind: the node it chose, on the claim.
  const c = loop.get('pvc', 'data')!;
  loop.apply(updateCall({ ...c, metadata: { ...c.metadata, annotations: { ...c.metadata.annotations, 'volume.kubernetes.io/selected-node': 'worker-1' } } } as KubeObject));
  loop.settle();
  const v = loop.get('pv', `pvc-${claim.metadata.uid}`)!;
  t.deepEqual(spec(v).nodeAffinity.required.nodeSelectorTerms, [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['host-one'] }] }]);
  t.is(spec(v).persistentVolumeReclaimPolicy, 'Delete');
  t.is(status(loop.get('pvc', 'data')).phase, 'Bound');
});

test('provisioning: an external provisioner is left to do it (ExternalProvisioning), the claim annotated for it', (t) => {
  const loop = binderLoop();
  loop.create(storageClass('ebs', 'ebs.csi.aws.com'));
  loop.create(pvc('data', '1Gi', { cls: 'ebs' }));
  loop.settle();
  t.is(loop.list('pv').length, 0);
  const c = loop.get('pvc', 'data')!;
  t.is(annotations(c)['volume.kubernetes.io/storage-provisioner'], 'ebs.csi.aws.com');
  t.is(annotations(c)['volume.beta.kubernetes.io/storage-provisioner'], 'ebs.csi.aws.com');
  t.true(
    events(loop).includes(
      "Normal ExternalProvisioning Waiting for a volume to be created either by the external provisioner 'ebs.csi.aws.com' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
    ),
  );
});

test('provisioning: kubernetes.io/no-provisioner with Immediate binding fails to provision', (t) => {
  const loop = binderLoop();
  loop.create(storageClass('manual', 'kubernetes.io/no-provisioner'));
  loop.create(pvc('data', '1Gi', { cls: 'manual' }));
  loop.settle();
  t.true(events(loop).includes('Warning ProvisioningFailed no volume plugin matched name: kubernetes.io/no-provisioner'));
  t.is(status(loop.get('pvc', 'data')).phase, 'Pending');
});

test('provisioning: a class with mount options cannot be provisioned by host-path', (t) => {
  const loop = binderLoop();
  loop.create(storageClass('local', HOST, { mountOptions: ['ro', 'noatime'] }));
  loop.create(pvc('data', '1Gi', { cls: 'local' }));
  loop.settle();
  t.is(loop.list('pv').length, 0);
  t.true(events(loop).includes('Warning ProvisioningFailed Mount options are not supported by the provisioner but StorageClass "local" has mount options [ro noatime]'));
});

test('reclaim: Delete removes a provisioned volume once its claim is deleted', (t) => {
  const loop = binderLoop();
  loop.create(storageClass('local', HOST));
  loop.create(pvc('data', '1Gi', { cls: 'local' }));
  loop.settle();
  t.is(loop.list('pv').length, 1);
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'persistentvolumeclaims', namespace: 'default', name: 'data' } });
  const rounds = loop.settle();
  t.is(loop.list('pv').length, 0);
  // Released first, then deleted.
  t.true(rounds.some((r) => r.writes.some((w) => w.target.subresource === 'status' && (w as { body?: { status?: { phase?: string } } }).body?.status?.phase === 'Released')));
});

test('reclaim: Retain keeps the volume Released with its claimRef when the claim goes', (t) => {
  const loop = binderLoop();
  loop.create(storageClass('local', HOST, { reclaim: 'Retain' }));
  const claim = loop.create(pvc('data', '1Gi', { cls: 'local' }));
  loop.settle();
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'persistentvolumeclaims', namespace: 'default', name: 'data' } });
  loop.settle();
  const v = loop.get('pv', `pvc-${claim.metadata.uid}`)!;
  t.is(status(v).phase, 'Released');
  t.is(spec(v).claimRef.uid, claim.metadata.uid);
  // A new claim of the same name does not get the released volume.
  loop.create(pvc('data', '1Gi', { cls: 'local' }));
  loop.settle();
  t.is(status(loop.get('pv', `pvc-${claim.metadata.uid}`)).phase, 'Released');
  t.is(loop.list('pv').length, 2);
});

test('reclaim: Delete on a volume no plugin here can delete marks it Failed with VolumeFailedDelete', (t) => {
  const loop = binderLoop();
  loop.create({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'nfs1' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], nfs: { server: 'nfs', path: '/x' }, persistentVolumeReclaimPolicy: 'Delete', storageClassName: '' } });
  loop.settle();
  loop.create(pvc('data', '1Gi', { cls: '' }));
  loop.settle();
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'persistentvolumeclaims', namespace: 'default', name: 'data' } });
  loop.settle();
  t.is(status(loop.get('pv', 'nfs1')).phase, 'Failed');
  t.true(events(loop).includes('Warning VolumeFailedDelete error getting deleter volume plugin for volume "nfs1": no deletable volume plugin matched'));
});
