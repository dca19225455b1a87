import test from 'ava';
import type { Listers } from '../../../../actors/client/index.ts';
import { gcMemory, gcWritten, reconcileGC } from '../../../../actors/kube-controller-manager/garbagecollector/reconcile.ts';
import { configMap, gcLoop, ownerRef, remove } from './gc-helpers.ts';

/** The loop's listers with the owner missing from the ConfigMap cache, as a lagging informer's. */
function lagging(listers: Listers, missing: string): Listers {
  const cms = listers.configmaps!;
  return { ...listers, configmaps: { ...cms, get: (k: string) => (k === missing ? undefined : cms.get(k)) } };
}

test('gc: an owner missing from the cache is read live; found, it keeps the dependent and the key is looked at again later', (t) => {
  const loop = gcLoop();
  const a = configMap(loop, 'a');
  configMap(loop, 'b', [ownerRef(a)]);
  const memory = gcMemory();
  const key = 'configmaps|default/b';
  const first = reconcileGC(key, lagging(loop.listers(), 'default/a'), memory);
  t.deepEqual(first.writes.map((w) => [w.verb, w.target.resource, w.target.name]), [['get', 'configmaps', 'a']]);
  gcWritten(key, first.writes[0]!, loop.registry.run(first.writes[0]!), memory);
  const second = reconcileGC(key, lagging(loop.listers(), 'default/a'), memory);
  t.deepEqual(second.writes, []);
  t.is(second.requeueAfter, 1000);
});

test('gc: an owner the live read cannot find is remembered absent, and the dependent deleted with uid and resourceVersion preconditions', (t) => {
  const loop = gcLoop();
  const a = configMap(loop, 'a');
  const b = configMap(loop, 'b', [ownerRef(a)]);
  remove(loop, 'a');
  const memory = gcMemory();
  const key = 'configmaps|default/b';
  const probe = reconcileGC(key, loop.listers(), memory).writes[0]!;
  const answer = loop.registry.run(probe);
  t.is(answer.ok ? 200 : answer.code, 404);
  gcWritten(key, probe, answer, memory);
  t.deepEqual(Object.keys(memory.absent), [a.metadata.uid]);
  const del = reconcileGC(key, loop.listers(), memory).writes[0]!;
  t.is(del.verb, 'delete');
  t.deepEqual(del.verb === 'delete' ? del.options : undefined, { propagationPolicy: 'Background', preconditions: { uid: b.metadata.uid!, resourceVersion: b.metadata.resourceVersion! } });
});

test('gc: a delete decided on a snapshot fails its preconditions when the dependent gained an owner meanwhile', (t) => {
  const loop = gcLoop();
  const a = configMap(loop, 'a');
  const keeper = configMap(loop, 'keeper');
  configMap(loop, 'b', [ownerRef(a)]);
  remove(loop, 'a');
  const memory = gcMemory();
  const key = 'configmaps|default/b';
  const probe = reconcileGC(key, loop.listers(), memory).writes[0]!;
  gcWritten(key, probe, loop.registry.run(probe), memory);
  const del = reconcileGC(key, loop.listers(), memory).writes[0]!;
  const b = loop.get('cm', 'b', 'default')!;
  loop.apply({ verb: 'update', target: { group: '', version: 'v1', resource: 'configmaps', namespace: 'default', name: 'b' }, body: { ...b, metadata: { ...b.metadata, ownerReferences: [...b.metadata.ownerReferences!, ownerRef(keeper)] } } });
  const r = loop.registry.run(del);
  t.is(r.ok ? 200 : r.code, 409);
  const again = reconcileGC(key, loop.listers(), memory).writes;
  t.deepEqual(again.map((w) => w.verb), ['patch']);
  loop.registry.run(again[0]!);
  t.deepEqual(loop.get('cm', 'b', 'default')?.metadata.ownerReferences?.map((r) => r.name), ['keeper']);
});
