// The persistent-volume-binder against the real registry: static binding (the smallest fitting
// volume, pre-bound volumes and claims), claims that cannot bind, and a claim losing its volume.
// Facts from pkg/controller/volume/persistentvolume's binder tests and its documented behaviour.

import test from 'ava';
import { annotations, binderLoop, pv, pvc, spec, status } from './fixtures.ts';

const events = (loop: ReturnType<typeof binderLoop>) => loop.rounds.flatMap((r) => r.events.map((e) => `${e.type} ${e.reason} ${e.message}`));

test('binder: an Available volume and a claim of the same class bind both ways, with the controller annotations', (t) => {
  const loop = binderLoop();
  loop.create(pv('pv1', '10Gi', { cls: '' }));
  loop.settle();
  const claim = loop.create(pvc('data', '5Gi', { cls: '' }));
  loop.settle();
  const v = loop.get('pv', 'pv1')!;
  const c = loop.get('pvc', 'data')!;
  t.is(status(v).phase, 'Bound');
  t.is(spec(v).claimRef.uid, claim.metadata.uid);
  t.is(spec(v).claimRef.name, 'data');
  t.is(annotations(v)['pv.kubernetes.io/bound-by-controller'], 'yes');
  t.is(spec(c).volumeName, 'pv1');
  t.is(status(c).phase, 'Bound');
  t.deepEqual(status(c).accessModes, ['ReadWriteOnce']);
  t.is(status(c).capacity.storage, '10Gi');
  t.is(annotations(c)['pv.kubernetes.io/bind-completed'], 'yes');
  t.is(annotations(c)['pv.kubernetes.io/bound-by-controller'], 'yes');
});

test('binder: the smallest volume that fits is chosen; too small, wrong class, wrong mode and unmatched selector are skipped', (t) => {
  const loop = binderLoop();
  loop.create(pv('small', '1Gi', { cls: 'fast', labels: { tier: 'a' } }));
  loop.create(pv('big', '100Gi', { cls: 'fast', labels: { tier: 'a' } }));
  loop.create(pv('mid', '8Gi', { cls: 'fast', labels: { tier: 'a' } }));
  loop.create(pv('other-class', '4Gi', { cls: 'slow', labels: { tier: 'a' } }));
  loop.create(pv('block', '4Gi', { cls: 'fast', labels: { tier: 'a' }, mode: 'Block' }));
  loop.create(pv('unlabelled', '4Gi', { cls: 'fast' }));
  loop.settle();
  loop.create(pvc('data', '3Gi', { cls: 'fast', selector: { matchLabels: { tier: 'a' } } }));
  loop.settle();
  t.is(spec(loop.get('pvc', 'data')).volumeName, 'mid');
  t.is(status(loop.get('pv', 'unlabelled')).phase, 'Available');
});

test('binder: access modes are matched from the smallest set that offers them', (t) => {
  const loop = binderLoop();
  loop.create(pv('rwo-rox-rwx', '1Gi', { cls: '', modes: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany'] }));
  loop.create(pv('rwo-rox', '10Gi', { cls: '', modes: ['ReadWriteOnce', 'ReadOnlyMany'] }));
  loop.create(pv('rox', '1Gi', { cls: '', modes: ['ReadOnlyMany'] }));
  loop.settle();
  loop.create(pvc('data', '1Gi', { cls: '' }));
  loop.settle();
  // The two-mode set comes first even though the three-mode volume is smaller.
  t.is(spec(loop.get('pvc', 'data')).volumeName, 'rwo-rox');
});

test('binder: a claim naming its volume binds to it; the claim is not marked bound-by-controller, the volume is', (t) => {
  const loop = binderLoop();
  loop.create(pv('pv1', '1Gi', { cls: '' }));
  loop.create(pv('pv2', '1Gi', { cls: '' }));
  loop.settle();
  loop.create(pvc('data', '1Gi', { cls: '', volumeName: 'pv2' }));
  loop.settle();
  t.is(spec(loop.get('pv', 'pv2')).claimRef.name, 'data');
  t.is(status(loop.get('pv', 'pv1')).phase, 'Available');
  t.is(annotations(loop.get('pvc', 'data'))['pv.kubernetes.io/bound-by-controller'], undefined);
  t.is(annotations(loop.get('pv', 'pv2'))['pv.kubernetes.io/bound-by-controller'], 'yes');
  t.is(status(loop.get('pvc', 'data')).phase, 'Bound');
});

test('binder: a volume pre-bound by claimRef goes to that claim only, keeping no bound-by-controller mark', (t) => {
  const loop = binderLoop();
  loop.create(pv('reserved', '1Gi', { cls: '', claimRef: { namespace: 'default', name: 'owner' } }));
  loop.settle();
  loop.create(pvc('intruder', '1Gi', { cls: '' }));
  loop.settle();
  t.is(status(loop.get('pv', 'reserved')).phase, 'Available');
  t.is(status(loop.get('pvc', 'intruder')).phase, 'Pending');
  loop.create(pvc('owner', '1Gi', { cls: '' }));
  loop.settle();
  t.is(spec(loop.get('pvc', 'owner')).volumeName, 'reserved');
  t.is(annotations(loop.get('pv', 'reserved'))['pv.kubernetes.io/bound-by-controller'], undefined);
  t.is(annotations(loop.get('pvc', 'owner'))['pv.kubernetes.io/bound-by-controller'], 'yes');
  t.is(status(loop.get('pvc', 'intruder')).phase, 'Pending');
});

test('binder: a claim with no class and no volume stays Pending with FailedBinding', (t) => {
  const loop = binderLoop();
  loop.create(pvc('data', '1Gi', { cls: '' }));
  loop.settle();
  t.is(status(loop.get('pvc', 'data')).phase, 'Pending');
  t.true(events(loop).includes('Normal FailedBinding no persistent volumes available for this claim and no storage class is set'));
});

test('binder: a Pending claim binds to a volume created later at the next sync period', (t) => {
  const loop = binderLoop();
  loop.create(pvc('data', '1Gi', { cls: '' }));
  loop.settle();
  loop.create(pv('late', '1Gi', { cls: '' }));
  loop.settle();
  t.is(spec(loop.get('pvc', 'data')).volumeName, undefined);
  loop.advance(15_000);
  loop.settle();
  t.is(spec(loop.get('pvc', 'data')).volumeName, 'late');
});

test('binder: a claim naming a volume that does not satisfy it gets VolumeMismatch and stays Pending', (t) => {
  const loop = binderLoop();
  loop.create(pv('tiny', '1Gi', { cls: '' }));
  loop.settle();
  loop.create(pvc('data', '5Gi', { cls: '', volumeName: 'tiny' }));
  loop.settle();
  t.is(status(loop.get('pv', 'tiny')).phase, 'Available');
  t.true(events(loop).includes('Warning VolumeMismatch Cannot bind to requested volume "tiny": requested PV is too small'));
});

test('binder: a claim naming a volume bound to another claim gets FailedBinding', (t) => {
  const loop = binderLoop();
  loop.create(pv('pv1', '1Gi', { cls: '' }));
  loop.settle();
  loop.create(pvc('first', '1Gi', { cls: '' }));
  loop.settle();
  loop.create(pvc('second', '1Gi', { cls: '', volumeName: 'pv1' }));
  loop.settle();
  t.is(status(loop.get('pvc', 'second')).phase, 'Pending');
  t.true(events(loop).includes('Warning FailedBinding volume "pv1" already bound to a different claim.'));
});

test('binder: a bound claim whose volume is deleted is Lost, with ClaimLost', (t) => {
  const loop = binderLoop();
  loop.create(pv('pv1', '1Gi', { cls: '' }));
  loop.settle();
  loop.create(pvc('data', '1Gi', { cls: '' }));
  loop.settle();
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'persistentvolumes', name: 'pv1' } });
  loop.settle();
  t.is(status(loop.get('pvc', 'data')).phase, 'Lost');
  t.true(events(loop).includes('Warning ClaimLost Bound claim has lost its PersistentVolume. Data on the volume is lost!'));
});

test('binder: a claim without a class is given the default class afterwards (retroactive default StorageClass)', (t) => {
  const loop = binderLoop();
  loop.create(pvc('data', '1Gi', { cls: null }));
  loop.settle();
  loop.create({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'std', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'example.com/ext' });
  loop.advance(15_000);
  const round = loop.step();
  // The registry's PVC validation does not yet allow setting a class on a claim without one (1.28+ does), so only the write is checked.
  const update = round.writes.find((w) => w.verb === 'update' && w.target.resource === 'persistentvolumeclaims');
  t.is(spec((update as { body?: never } | undefined)?.body).storageClassName, 'std');
});
