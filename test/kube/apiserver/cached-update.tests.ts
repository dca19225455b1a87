// Updates start from the watch cache's copy when it is the version the body names (as
// GuaranteedUpdate with the cacher's cachedExistingObject): one compare-and-swap when the cache
// is current; a fresh read, and the answer etcd's state gives, when it is not.

import test from 'ava';
import type { ApiResult, Target } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { Registry } from './harness.ts';

const cms: Target = { group: '', version: 'v1', resource: 'configmaps', namespace: 'default' };
const body = (r: ApiResult) => r.body as KubeObject;

function setup(): { reg: Registry; v1: KubeObject; v2: KubeObject } {
  const reg = new Registry();
  const v1 = body(reg.run({ verb: 'create', target: cms, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: '1' } } }));
  const v2 = body(reg.run({ verb: 'update', target: { ...cms, name: 'c' }, body: { ...v1, data: { k: '2' } } }));
  reg.commands.length = 0;
  return { reg, v1, v2 };
}

const put = (reg: Registry, obj: KubeObject, data: Record<string, string>) => reg.run({ verb: 'update', target: { ...cms, name: 'c' }, body: { ...obj, data } });

test('cached-update: a current cache copy makes an update one compare-and-swap, no read', (t) => {
  const { reg, v2 } = setup();
  reg.cached = () => v2;
  const r = put(reg, v2, { k: '3' });
  t.is(r.code, 200);
  t.deepEqual(reg.commands, ['txn']);
  t.deepEqual(body(r).data, { k: '3' });
});

test('cached-update: a stale copy loses the compare-and-swap and the update runs again on a fresh read', (t) => {
  const { reg, v1, v2 } = setup();
  reg.cached = () => v1;
  const r = put(reg, { ...v2, metadata: { ...v2.metadata, resourceVersion: undefined } }, { k: '3' });
  t.is(r.code, 400, 'a ConfigMap update must name a resourceVersion: refused on the fresh read too');
  reg.commands.length = 0;
  const unpinned = reg.run({ verb: 'update', target: { ...cms, name: 'c' }, body: { ...v1, metadata: { ...v1.metadata }, data: { k: '3' } } });
  t.is(unpinned.code, 409, "the body names v1: etcd holds v2, so it is a conflict, decided on etcd's state");
  t.deepEqual(reg.commands, ['txn', 'range'], 'the CAS on the stale copy lost, then etcd was read');
});

test("cached-update: a body naming a newer version than the cache's reads etcd first and succeeds", (t) => {
  const { reg, v1, v2 } = setup();
  reg.cached = () => v1;
  const r = put(reg, v2, { k: '3' });
  t.is(r.code, 200);
  t.deepEqual(reg.commands, ['range', 'txn']);
});

test('cached-update: a write the cache copy says changes nothing is confirmed on etcd before answering', (t) => {
  const { reg, v1, v2 } = setup();
  reg.cached = () => ({ ...v1, data: { k: '2' } });
  const r = reg.run({ verb: 'update', target: { ...cms, name: 'c' }, body: { ...v1, data: { k: '2' } } });
  t.is(r.code, 409, 'the no-op on the stale copy is not answered: etcd is at v2');
  t.deepEqual(reg.commands, ['range']);
  t.is(body(put(reg, v2, { k: '2' })).metadata.resourceVersion, v2.metadata.resourceVersion);
});

const leases: Target = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespace: 'kube-node-lease' };

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

test("cached-update: a Lease renewal starts from the cache's copy itself and leaves it as it was", (t) => {
  const reg = new Registry();
  const created = body(reg.run({ verb: 'create', target: leases, body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'node-1' }, spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2026-01-01T00:00:00.000000Z' } } }));
  // Frozen: any write into the cache's copy throws (modules run strict).
  const cached = deepFreeze(JSON.parse(JSON.stringify(created)) as KubeObject);
  const before = JSON.stringify(cached);
  reg.cached = () => cached;
  reg.commands.length = 0;
  const renewed = reg.run({ verb: 'update', target: { ...leases, name: 'node-1' }, body: { ...created, spec: { ...(created.spec as object), renewTime: '2026-01-01T00:00:10.000000Z' } } });
  t.is(renewed.code, 200);
  t.deepEqual(reg.commands, ['txn']);
  t.is((body(renewed).spec as { renewTime: string }).renewTime, '2026-01-01T00:00:10.000000Z');
  t.is(JSON.stringify(cached), before);
  // The renewed lease written again unchanged, from a current cache copy (frozen too): the
  // no-op is confirmed on etcd's copy and answered without a write.
  const current = deepFreeze(JSON.parse(JSON.stringify(body(renewed))) as KubeObject);
  const currentBefore = JSON.stringify(current);
  reg.cached = () => current;
  reg.commands.length = 0;
  const again = reg.run({ verb: 'update', target: { ...leases, name: 'node-1' }, body: body(renewed) });
  t.is(again.code, 200);
  t.deepEqual(reg.commands, ['range']);
  t.is(body(again).metadata.resourceVersion, body(renewed).metadata.resourceVersion);
  t.is(JSON.stringify(current), currentBefore);
  t.is(JSON.stringify(cached), before);
});
