import test from 'ava';
import { SmpError, strategicMerge as merge } from '../../../../actors/kube-apiserver/patch/strategic-merge.ts';

type Obj = Record<string, any>;
const strategicMerge = (original: Obj, patch: Obj, type: string): Obj => merge(original, patch, type);
const POD = 'core/v1.Pod';
const DEPLOY = 'apps/v1.Deployment';

// apimachinery's strategicpatch test cases (their ThreeWay patch applied to Current gives Result),
// with the test schema's `mergingList` (merge key `name`) played by a Pod's containers, `value` by
// image and `other` by workingDir, and `mergingIntList` (merged primitives) by finalizers.
const c = (name: string, image?: string, workingDir?: string): Obj => ({ name, ...(image ? { image } : {}), ...(workingDir ? { workingDir } : {}) });
const pod = (containers: Obj[], finalizers?: string[]): Obj => ({ metadata: { name: 'p', ...(finalizers ? { finalizers } : {}) }, spec: { containers } });
const containersOf = (o: Obj) => o.spec.containers;
const order = (...names: string[]) => names.map((name) => ({ name }));

test('add an item in a list and preserve order', (t) => {
  const r = strategicMerge(pod([c('1', undefined, 'a'), c('2', '2', 'b')]), { spec: { '$setElementOrder/containers': order('3', '1', '2'), containers: [c('3', '3')] } }, POD);
  t.deepEqual(containersOf(r), [c('3', '3'), c('1', undefined, 'a'), c('2', '2', 'b')]);
});

test('add multiple items in a list and preserve order', (t) => {
  const r = strategicMerge(pod([c('1', undefined, 'a'), c('2', '2', 'b')]), { spec: { '$setElementOrder/containers': order('1', '4', '2', '3'), containers: [c('4', '4'), c('3', '3')] } }, POD);
  t.deepEqual(containersOf(r), [c('1', undefined, 'a'), c('4', '4'), c('2', '2', 'b'), c('3', '3')]);
});

test('set elements order in a list with server-only items (1, 2, 3)', (t) => {
  const r1 = strategicMerge(pod([c('1', undefined, 'a'), c('3', '3'), c('4', '4'), c('2', '2'), c('9')]), { spec: { '$setElementOrder/containers': order('4', '2', '3', '1') } }, POD);
  t.deepEqual(containersOf(r1), [c('4', '4'), c('2', '2'), c('3', '3'), c('1', undefined, 'a'), c('9')]);
  const r2 = strategicMerge(pod([c('1', undefined, 'a'), c('2', '2'), c('9'), c('3', '3'), c('4', '4')]), { spec: { '$setElementOrder/containers': order('2', '1', '4', '3') } }, POD);
  t.deepEqual(containersOf(r2), [c('2', '2'), c('1', undefined, 'a'), c('9'), c('4', '4'), c('3', '3')]);
  const r3 = strategicMerge(pod([c('1', undefined, 'a'), c('2', '2'), c('7'), c('9'), c('8'), c('3', '3'), c('4', '4')]), { spec: { '$setElementOrder/containers': order('2', '1', '4', '3') } }, POD);
  t.deepEqual(containersOf(r3), [c('2', '2'), c('1', undefined, 'a'), c('7'), c('9'), c('8'), c('4', '4'), c('3', '3')]);
});

test('set element order for a merging list with duplicates', (t) => {
  const r = strategicMerge(pod([c('1'), c('2', 'dup1'), c('3'), c('2', 'dup2'), c('4')]), { spec: { '$setElementOrder/containers': order('2', '1', '4', '3', '2') } }, POD);
  t.deepEqual(containersOf(r), [c('2', 'dup1'), c('2', 'dup2'), c('1'), c('4'), c('3')]);
});

test('primitive lists: add and order, server-only items, duplicates', (t) => {
  const fin = (o: Obj) => o.metadata.finalizers;
  t.deepEqual(fin(strategicMerge(pod([], ['1', '2']), { metadata: { '$setElementOrder/finalizers': ['3', '1', '2'], finalizers: ['3'] } }, POD)), ['3', '1', '2']);
  t.deepEqual(fin(strategicMerge(pod([], ['1', '3', '4', '2', '9']), { metadata: { '$setElementOrder/finalizers': ['4', '2', '3', '1'] } }, POD)), ['4', '2', '3', '1', '9']);
  t.deepEqual(fin(strategicMerge(pod([], ['1', '2', '9', '3', '4']), { metadata: { '$setElementOrder/finalizers': ['2', '1', '4', '3'] } }, POD)), ['2', '1', '9', '4', '3']);
  t.deepEqual(fin(strategicMerge(pod([], ['1', '2', '7', '9', '8', '3', '4']), { metadata: { '$setElementOrder/finalizers': ['2', '1', '4', '3'] } }, POD)), ['2', '1', '7', '9', '8', '4', '3']);
  t.deepEqual(fin(strategicMerge(pod([], ['1', '2', '3', '2', '4']), { metadata: { '$setElementOrder/finalizers': ['2', '1', '4', '3', '2'] } }, POD)), ['2', '2', '1', '4', '3']);
});

test('primitive lists merge as sets; $deleteFromPrimitiveList removes every copy and never adds', (t) => {
  const fin = (o: Obj) => o.metadata.finalizers;
  t.deepEqual(fin(strategicMerge(pod([], ['a', 'b']), { metadata: { finalizers: ['b', 'c'] } }, POD)), ['a', 'b', 'c']);
  t.deepEqual(fin(strategicMerge(pod([], ['a', 'b', 'a', 'c']), { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }, POD)), ['b', 'c']);
  t.deepEqual(fin(strategicMerge(pod([], ['a']), { metadata: { '$deleteFromPrimitiveList/finalizers': ['z'] } }, POD)), ['a']);
  t.false('finalizers' in strategicMerge(pod([]), { metadata: { '$deleteFromPrimitiveList/finalizers': ['z'] } }, POD).metadata);
});

test('merge by key: items merge field by field, null deletes a field; without $setElementOrder the patch\'s items lead', (t) => {
  // The server-only item goes after the patch's new item: it precedes no patch item found in the
  // live list (this is why kubectl sends $setElementOrder).
  const r = strategicMerge(pod([c('a', 'nginx', '/w'), c('b', 'redis')]), { spec: { containers: [{ name: 'a', image: 'nginx:2', workingDir: null }, c('c', 'busybox')] } }, POD);
  t.deepEqual(containersOf(r), [c('a', 'nginx:2'), c('c', 'busybox'), c('b', 'redis')]);
  const tail = strategicMerge(pod([c('a'), c('b', 'redis')]), { spec: { containers: [c('b', 'redis:2')] } }, POD);
  t.deepEqual(containersOf(tail), [c('a'), c('b', 'redis:2')]);
});

test('$patch: delete removes items by merge key, replace replaces the list, merge in a list is refused', (t) => {
  t.deepEqual(containersOf(strategicMerge(pod([c('a'), c('b'), c('a')]), { spec: { containers: [{ name: 'a', $patch: 'delete' }] } }, POD)), [c('b')]);
  t.deepEqual(containersOf(strategicMerge(pod([c('a'), c('b')]), { spec: { containers: [c('z'), { $patch: 'replace' }] } }, POD)), [c('z')]);
  const e = t.throws(() => strategicMerge(pod([c('a')]), { spec: { containers: [{ $patch: 'merge' }] } }, POD), { instanceOf: SmpError });
  t.is(e?.message, 'merging lists cannot yet be specified in the patch');
});

test('$patch on a map: replace takes the patch, delete empties it; null deletes a field', (t) => {
  const d: Obj = { metadata: { name: 'd', labels: { a: '1', b: '2' } }, spec: { replicas: 3, selector: { matchLabels: { app: 'x' } } } };
  t.deepEqual(strategicMerge(d, { metadata: { labels: { c: '3', $patch: 'replace' } } }, DEPLOY).metadata.labels, { c: '3' });
  t.deepEqual(strategicMerge(d, { metadata: { labels: { $patch: 'delete' } } }, DEPLOY).metadata.labels, {});
  t.deepEqual(strategicMerge(d, { metadata: { labels: { a: null, z: '9' } } }, DEPLOY).metadata.labels, { b: '2', z: '9' });
  t.false('replicas' in strategicMerge(d, { spec: { replicas: null } }, DEPLOY).spec);
});

test('lists without a merge strategy are replaced: tolerations, args', (t) => {
  const p = { metadata: { name: 'p' }, spec: { containers: [{ name: 'a', args: ['x', 'y'] }], tolerations: [{ key: 'a', operator: 'Exists' }] } };
  const r = strategicMerge(p, { spec: { containers: [{ name: 'a', args: ['z'] }], tolerations: [{ key: 'b', operator: 'Exists' }] } }, POD);
  t.deepEqual(r.spec.containers, [{ name: 'a', args: ['z'] }]);
  t.deepEqual(r.spec.tolerations, [{ key: 'b', operator: 'Exists' }]);
});

// kubernetes.io, "Update API Objects in Place Using kubectl patch": the retainkeys-demo Deployment.
test('$retainKeys clears the fields it does not name (a Deployment strategy switched to Recreate)', (t) => {
  const d = { metadata: { name: 'retainkeys-demo' }, spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '30%', maxUnavailable: '25%' } } } };
  const r = strategicMerge(d, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }, DEPLOY);
  t.deepEqual(r.spec.strategy, { type: 'Recreate' });
  const e = t.throws(() => strategicMerge(d, { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: { maxSurge: 1 } } } }, DEPLOY), { instanceOf: SmpError });
  t.is(e?.message, 'invalid patch format of retainKeys');
  t.is((e as SmpError).errorClass, 'badRequest');
});

test('a volume switched from hostPath to emptyDir with $retainKeys (volumes merge by name and retain keys)', (t) => {
  const p = { metadata: { name: 'p' }, spec: { containers: [], volumes: [{ name: 'v', hostPath: { path: '/x' } }, { name: 'w', emptyDir: {} }] } };
  const r = strategicMerge(p, { spec: { volumes: [{ name: 'v', $retainKeys: ['name', 'emptyDir'], emptyDir: { medium: 'Memory' } }] } }, POD);
  t.deepEqual(r.spec.volumes, [{ name: 'v', emptyDir: { medium: 'Memory' } }, { name: 'w', emptyDir: {} }]);
});

test('errors: missing merge key, bad directives, unknown field in a directive', (t) => {
  const noKey = t.throws(() => strategicMerge(pod([c('a')]), { spec: { containers: [{ image: 'x' }] } }, POD), { instanceOf: SmpError });
  t.is(noKey?.message, 'map: map[image:x] does not contain declared merge key: name');
  t.is((noKey as SmpError).errorClass, 'server');
  const prim = t.throws(() => strategicMerge(pod([], ['a']), { metadata: { $deleteFromPrimitiveListfinalizers: ['a'] } }, POD), { instanceOf: SmpError });
  t.is(prim?.message, 'invalid patch format of primitive list');
  const order = t.throws(() => strategicMerge(pod([c('a')]), { spec: { '$setElementOrder/bogus': [] } }, POD), { instanceOf: SmpError });
  t.is(order?.message, 'unable to find api field in struct PodSpec for the json field "bogus"');
  const badType = t.throws(() => strategicMerge(pod([c('a')]), { spec: { containers: [{ name: 'a', $patch: 'frob' }] } }, POD), { instanceOf: SmpError });
  t.is(badType?.message, 'unknown patch type: frob in map: map[$patch:frob name:a]');
  const lists = t.throws(() => strategicMerge(pod([], []), { metadata: { finalizers: [['x']] } }, POD), { instanceOf: SmpError });
  t.is(lists?.message, 'lists of lists are not supported');
  t.is((lists as SmpError).errorClass, 'rejected');
});

test('fields the original lacks take the patch value, without nulls or directives', (t) => {
  const r = strategicMerge(pod([c('a')]), { spec: { nodeSelector: { disk: 'ssd', gone: null }, securityContext: { runAsUser: 1, $patch: 'delete' } } }, POD);
  t.deepEqual(r.spec.nodeSelector, { disk: 'ssd' });
  t.false('securityContext' in r.spec);
});

test('strategic merge patch: inputs are not changed', (t) => {
  const original = pod([c('a', 'x')], ['f']);
  const patch = { spec: { containers: [{ name: 'a', image: null }] }, metadata: { '$deleteFromPrimitiveList/finalizers': ['f'] } };
  const before = JSON.stringify([original, patch]);
  strategicMerge(original, patch, POD);
  t.is(JSON.stringify([original, patch]), before);
});

test('delete all duplicate items in lists of scalars, with an order list', (t) => {
  const r = strategicMerge(pod([], ['1', '2', '3', '3', '4']), { metadata: { '$setElementOrder/finalizers': ['1', '2'], '$deleteFromPrimitiveList/finalizers': ['3'] } }, POD);
  t.deepEqual(r.metadata.finalizers, ['1', '2', '4']);
});

test('$deleteFromPrimitiveList also deletes from a list without merge strategy (container args)', (t) => {
  const p = { metadata: { name: 'p' }, spec: { containers: [{ name: 'a', args: ['1', '2', '3'] }] } };
  const r = strategicMerge(p, { spec: { containers: [{ name: 'a', '$deleteFromPrimitiveList/args': ['2'] }] } }, POD);
  t.deepEqual(r.spec.containers, [{ name: 'a', args: ['1', '3'] }]);
});

test('$retainKeys clears a defaulted field, and switches a discriminated union (a volume source)', (t) => {
  const v = (source: Obj) => ({ metadata: { name: 'p' }, spec: { containers: [], volumes: [{ name: 'v', ...source }] } });
  const cleared = strategicMerge(v({ hostPath: { path: '/x' } }), { spec: { volumes: [{ name: 'v', $retainKeys: ['name', 'configMap'], configMap: { name: 'cm' } }] } }, POD);
  t.deepEqual(cleared.spec.volumes, [{ name: 'v', configMap: { name: 'cm' } }]);
  const kept = strategicMerge(v({ emptyDir: {} }), { spec: { volumes: [{ name: 'v', $retainKeys: ['name', 'emptyDir'], emptyDir: { sizeLimit: '1Gi' } }] } }, POD);
  t.deepEqual(kept.spec.volumes, [{ name: 'v', emptyDir: { sizeLimit: '1Gi' } }]);
});

test('nested merge lists: env by name and ports by containerPort inside a container', (t) => {
  const p = {
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'a', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80, name: 'http' }] }] },
  };
  const r = strategicMerge(
    p,
    { spec: { containers: [{ name: 'a', env: [{ name: 'B', value: '3' }, { name: 'A', $patch: 'delete' }], ports: [{ containerPort: 443, name: 'https' }] }] } },
    POD,
  );
  t.deepEqual(r.spec.containers[0].env, [{ name: 'B', value: '3' }]);
  t.deepEqual(r.spec.containers[0].ports, [
    { containerPort: 443, name: 'https' },
    { containerPort: 80, name: 'http' },
  ]);
});

test('an order list that contradicts the patch list is refused, worded with Go\'s %v', (t) => {
  const e = t.throws(() => strategicMerge(pod([c('a'), c('b')]), { spec: { '$setElementOrder/containers': order('a', 'b'), containers: [c('b', 'x'), c('a', 'y')] } }, POD), { instanceOf: SmpError });
  t.is(e?.message, "The order in patch list:\n[map[image:x name:b] map[image:y name:a]]\n doesn't match $setElementOrder list:\n[map[name:a] map[name:b]]\n");
});
