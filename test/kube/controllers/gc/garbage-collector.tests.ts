import test from 'ava';
import { configMap, gcLoop, names, ownerRef, release, remove } from './gc-helpers.ts';

const HOLD = 'example.com/hold';

test('gc: background deletion removes dependents whose only owner is gone, transitively', (t) => {
  const loop = gcLoop();
  const a = configMap(loop, 'a');
  const b = configMap(loop, 'b', [ownerRef(a)]);
  configMap(loop, 'c', [ownerRef(b)]);
  configMap(loop, 'other');
  loop.settle();
  t.deepEqual(names(loop), ['a', 'b', 'c', 'other']);
  remove(loop, 'a');
  loop.settle();
  t.deepEqual(names(loop), ['other']);
});

test('gc: an owner recreated under the same name with another uid is absent', (t) => {
  const loop = gcLoop();
  const a = configMap(loop, 'a');
  configMap(loop, 'b', [ownerRef(a)]);
  loop.settle();
  remove(loop, 'a');
  configMap(loop, 'a');
  loop.settle();
  t.deepEqual(names(loop), ['a']);
});

test('gc: a dependent keeps living while one owner remains; the gone owner is dropped from its references', (t) => {
  const loop = gcLoop();
  const a = configMap(loop, 'a');
  const b = configMap(loop, 'b');
  configMap(loop, 'd', [ownerRef(a), ownerRef(b)]);
  loop.settle();
  remove(loop, 'a');
  loop.settle();
  t.deepEqual(names(loop), ['b', 'd']);
  t.deepEqual(loop.get('cm', 'd', 'default')!.metadata.ownerReferences!.map((r) => r.name), ['b']);
});

test('gc: a reference to an owner that never existed is dangling from the start', (t) => {
  const loop = gcLoop();
  configMap(loop, 'x', [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: '00000000-0000-0000-0000-000000000001' }]);
  loop.settle();
  t.deepEqual(names(loop), []);
});

test('gc: a reference with the wrong kind is dangling; one to a kind the cluster does not serve keeps the object', (t) => {
  const loop = gcLoop();
  const a = configMap(loop, 'a');
  configMap(loop, 'wrong-kind', [{ ...ownerRef(a), apiVersion: 'apps/v1', kind: 'ReplicaSet' }]);
  configMap(loop, 'wrong-version', [{ ...ownerRef(a), apiVersion: 'v2' }]);
  configMap(loop, 'unserved', [{ apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', uid: '00000000-0000-0000-0000-000000000002' }]);
  loop.settle();
  t.deepEqual(names(loop), ['a', 'unserved', 'wrong-version']);
});

test('gc: a cluster-scoped object naming a namespaced owner is kept, with an OwnerRefInvalidNamespace warning', (t) => {
  const loop = gcLoop();
  const a = configMap(loop, 'a');
  loop.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', ownerReferences: [ownerRef(a)] } });
  const rounds = loop.settle();
  t.truthy(loop.get('nodes', 'n1'));
  const e = rounds.flatMap((r) => r.events).find((x) => x.reason === 'OwnerRefInvalidNamespace');
  t.is(e?.type, 'Warning');
  t.is(e?.message, `ownerRef [v1/ConfigMap, namespace: , name: a, uid: ${a.metadata.uid}] does not exist in namespace ""`);
});

test('gc: a cluster-scoped owner keeps namespaced dependents; its deletion collects them', (t) => {
  const loop = gcLoop();
  const node = loop.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
  loop.create({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'n1', namespace: 'kube-node-lease', ownerReferences: [ownerRef(node)] }, spec: {} });
  loop.settle();
  t.truthy(loop.get('leases', 'n1', 'kube-node-lease'));
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'nodes', name: 'n1' } });
  loop.settle();
  t.is(loop.get('leases', 'n1', 'kube-node-lease'), undefined);
});

test('gc: foreground deletion waits for blocking dependents, not for the others', (t) => {
  const loop = gcLoop();
  const a = configMap(loop, 'a');
  configMap(loop, 'blocking', [ownerRef(a, { blockOwnerDeletion: true })], [HOLD]);
  configMap(loop, 'free', [ownerRef(a)], [HOLD]);
  loop.settle();
  remove(loop, 'a', 'Foreground');
  loop.settle();
  const owner = loop.get('cm', 'a', 'default');
  t.deepEqual(owner?.metadata.finalizers, ['foregroundDeletion']);
  t.truthy(loop.get('cm', 'blocking', 'default')?.metadata.deletionTimestamp);
  t.truthy(loop.get('cm', 'free', 'default')?.metadata.deletionTimestamp);
  release(loop, 'blocking', HOLD);
  loop.settle();
  t.deepEqual(names(loop), ['free']);
  release(loop, 'free', HOLD);
  loop.settle();
  t.deepEqual(names(loop), []);
});

test('gc: foreground deletion goes down a chain: a middle dependent with dependents is deleted in the foreground too', (t) => {
  const loop = gcLoop();
  const a = configMap(loop, 'a');
  const b = configMap(loop, 'b', [ownerRef(a, { blockOwnerDeletion: true })]);
  configMap(loop, 'c', [ownerRef(b, { blockOwnerDeletion: true })], [HOLD]);
  loop.settle();
  remove(loop, 'a', 'Foreground');
  loop.settle();
  t.deepEqual(loop.get('cm', 'b', 'default')?.metadata.finalizers, ['foregroundDeletion']);
  t.deepEqual(names(loop), ['a', 'b', 'c']);
  release(loop, 'c', HOLD);
  loop.settle();
  t.deepEqual(names(loop), []);
});

test('gc: orphan deletion removes the reference from every dependent, then the owner goes', (t) => {
  const loop = gcLoop();
  const a = configMap(loop, 'a');
  const b = configMap(loop, 'b');
  configMap(loop, 'only-a', [ownerRef(a)]);
  configMap(loop, 'a-and-b', [ownerRef(a), ownerRef(b)]);
  loop.settle();
  remove(loop, 'a', 'Orphan');
  loop.settle();
  t.deepEqual(names(loop), ['a-and-b', 'b', 'only-a']);
  t.deepEqual((loop.get('cm', 'only-a', 'default')!.metadata.ownerReferences ?? []).length, 0);
  t.deepEqual(loop.get('cm', 'a-and-b', 'default')!.metadata.ownerReferences!.map((r) => r.name), ['b']);
});

test('gc: a dependent with the orphan finalizer is itself deleted with the Orphan policy, keeping its dependents', (t) => {
  const loop = gcLoop();
  const a = configMap(loop, 'a');
  const b = configMap(loop, 'b', [ownerRef(a)], ['orphan']);
  configMap(loop, 'c', [ownerRef(b)]);
  loop.settle();
  remove(loop, 'a');
  loop.settle();
  t.deepEqual(names(loop), ['c']);
  t.deepEqual(loop.get('cm', 'c', 'default')!.metadata.ownerReferences ?? [], []);
});

test('gc: a dependent with another living owner lets go of the owner deleting in the foreground, which then goes', (t) => {
  const loop = gcLoop();
  const a = configMap(loop, 'a');
  const b = configMap(loop, 'b');
  configMap(loop, 'shared', [ownerRef(a, { blockOwnerDeletion: true }), ownerRef(b)]);
  loop.settle();
  remove(loop, 'a', 'Foreground');
  loop.settle();
  t.deepEqual(names(loop), ['b', 'shared']);
  t.deepEqual(loop.get('cm', 'shared', 'default')!.metadata.ownerReferences!.map((r) => r.name), ['b']);
});
