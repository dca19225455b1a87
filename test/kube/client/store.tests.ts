import test from 'ava';
import fc from 'fast-check';
import { byIndex, emptyStore, keyOf, LABEL_INDEX, list, NAMESPACE_INDEX, NODE_NAME_INDEX, OWNER_UID_INDEX, put, remove, splitKey, STANDARD_INDEXERS } from '../../../actors/client/store.ts';
import { lister } from '../../../actors/client/listers.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';

const pod = (ns: string, name: string, extra: { node?: string; labels?: Record<string, string>; owner?: string } = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace: ns, name, ...(extra.labels ? { labels: extra.labels } : {}), ...(extra.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: extra.owner }] } : {}) },
  spec: { containers: [], ...(extra.node ? { nodeName: extra.node } : {}) },
});

test('keys are namespace/name, or the name alone when cluster-scoped', (t) => {
  t.is(keyOf(pod('prod', 'web')), 'prod/web');
  t.is(keyOf({ metadata: { name: 'worker-1' } }), 'worker-1');
  t.deepEqual(splitKey('prod/web'), { namespace: 'prod', name: 'web' });
  t.deepEqual(splitKey('worker-1'), { namespace: '', name: 'worker-1' });
});

test('indices follow updates: a pod bound to a node moves under it; a deleted one leaves', (t) => {
  const s = emptyStore(STANDARD_INDEXERS);
  put(s, STANDARD_INDEXERS, pod('a', 'p1', { labels: { app: 'web' }, owner: 'u1' }));
  put(s, STANDARD_INDEXERS, pod('b', 'p2', { node: 'n1' }));
  t.deepEqual(byIndex(s, NODE_NAME_INDEX, 'n1').map(keyOf), ['b/p2']);
  put(s, STANDARD_INDEXERS, pod('a', 'p1', { node: 'n1', labels: { app: 'db' } }));
  t.deepEqual(byIndex(s, NODE_NAME_INDEX, 'n1').map(keyOf), ['a/p1', 'b/p2']);
  t.deepEqual(byIndex(s, LABEL_INDEX, 'app=web'), []);
  t.deepEqual(byIndex(s, LABEL_INDEX, 'app=db').map(keyOf), ['a/p1']);
  t.deepEqual(byIndex(s, OWNER_UID_INDEX, 'u1'), [], 'the update dropped the owner');
  remove(s, STANDARD_INDEXERS, 'b/p2');
  t.deepEqual(byIndex(s, NAMESPACE_INDEX, 'b'), []);
  t.deepEqual(s.indices[NAMESPACE_INDEX], { a: { 'a/p1': true } }, 'empty index values are dropped');
  t.deepEqual(s.sizes[NAMESPACE_INDEX], { a: 1 });
  t.throws(() => byIndex(s, 'nope', 'x'), { message: 'Index with name nope does not exist' });
});

test('listers: by namespace and by label selector, get by key', (t) => {
  const s = emptyStore(STANDARD_INDEXERS);
  put(s, STANDARD_INDEXERS, pod('a', 'p1', { labels: { app: 'web', tier: 'fe' } }));
  put(s, STANDARD_INDEXERS, pod('a', 'p2', { labels: { app: 'db' } }));
  put(s, STANDARD_INDEXERS, pod('b', 'p3', { labels: { app: 'web' } }));
  const l = lister(s);
  t.deepEqual(l.list('app=web').map(keyOf), ['a/p1', 'b/p3']);
  t.deepEqual(l.list('app in (web,db),!tier').map(keyOf), ['a/p2', 'b/p3']);
  t.deepEqual(l.namespace('a').list().map(keyOf), ['a/p1', 'a/p2']);
  t.is(l.namespace('b').get('p3')?.metadata.name, 'p3');
  t.is(l.get('a/p9'), undefined);
});

test('property: every index equals the index recomputed from the items, after any sequence of puts and removes', (t) => {
  const op = fc.record({ del: fc.boolean(), ns: fc.constantFrom('a', 'b'), name: fc.constantFrom('x', 'y', 'z'), node: fc.option(fc.constantFrom('n1', 'n2'), { nil: undefined }), app: fc.constantFrom('web', 'db') });
  fc.assert(
    fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
      const s = emptyStore(STANDARD_INDEXERS);
      for (const o of ops) {
        if (o.del) remove(s, STANDARD_INDEXERS, `${o.ns}/${o.name}`);
        else put(s, STANDARD_INDEXERS, pod(o.ns, o.name, { labels: { app: o.app }, ...(o.node ? { node: o.node } : {}) }));
      }
      const fresh = emptyStore(STANDARD_INDEXERS);
      for (const obj of list(s)) put(fresh, STANDARD_INDEXERS, obj);
      t.deepEqual(s.indices, fresh.indices);
      t.deepEqual(s.sizes, fresh.sizes);
    }),
  );
});
