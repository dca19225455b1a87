import test from 'ava';
import { applyOp, informerState, resync } from '../../../actors/client/informer.ts';
import { STANDARD_INDEXERS } from '../../../actors/client/store.ts';
import { informerSet } from '../../../actors/client/informer-shell.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';

const cm = (name: string, rv: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'd', resourceVersion: rv } });

test('a relist notifies only changes: new objects added, changed ones updated, vanished ones deleted with their last state', (t) => {
  const s = informerState(STANDARD_INDEXERS);
  t.deepEqual(applyOp(s, STANDARD_INDEXERS, { type: 'replace', items: [cm('a', '1'), cm('b', '2')], resourceVersion: '2' }), [
    { type: 'add', obj: cm('a', '1') },
    { type: 'add', obj: cm('b', '2') },
  ]);
  t.deepEqual(applyOp(s, STANDARD_INDEXERS, { type: 'replace', items: [cm('a', '1'), cm('c', '5')], resourceVersion: '5' }), [
    { type: 'add', obj: cm('c', '5') },
    { type: 'delete', obj: cm('b', '2'), unknownFinalState: true },
  ]);
  t.deepEqual(applyOp(s, STANDARD_INDEXERS, { type: 'replace', items: [cm('a', '6'), cm('c', '5')], resourceVersion: '6' }), [{ type: 'update', old: cm('a', '1'), obj: cm('a', '6') }]);
});

test('watch events become add, update (with the old object) and delete', (t) => {
  const s = informerState(STANDARD_INDEXERS);
  t.deepEqual(applyOp(s, STANDARD_INDEXERS, { type: 'ADDED', object: cm('a', '1') }), [{ type: 'add', obj: cm('a', '1') }]);
  t.deepEqual(applyOp(s, STANDARD_INDEXERS, { type: 'MODIFIED', object: cm('a', '2') }), [{ type: 'update', old: cm('a', '1'), obj: cm('a', '2') }]);
  t.deepEqual(applyOp(s, STANDARD_INDEXERS, { type: 'DELETED', object: cm('a', '3') }), [{ type: 'delete', obj: cm('a', '3') }]);
  t.deepEqual(Object.keys(s.store.items), []);
});

test('a resync replays every cached object as an update of itself', (t) => {
  const s = informerState(STANDARD_INDEXERS);
  applyOp(s, STANDARD_INDEXERS, { type: 'replace', items: [cm('b', '2'), cm('a', '1')], resourceVersion: '2' });
  t.deepEqual(resync(s), [{ type: 'update', old: cm('a', '1'), obj: cm('a', '1') }, { type: 'update', old: cm('b', '2'), obj: cm('b', '2') }]);
});

test('informer names are unique within an owner, and kinds resolve as kubectl\'s', (t) => {
  t.throws(() => informerSet([{ name: 'a', resource: 'pods' }, { name: 'a', resource: 'nodes' }]), { message: 'informers: name: Duplicate value: "a"' });
  t.throws(() => informerSet([{ name: 'x', resource: 'flux' }]), { message: 'the server doesn\'t have a resource type "flux"' });
});
