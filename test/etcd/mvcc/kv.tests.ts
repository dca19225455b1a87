// Put, get and delete: the revision and per-key metadata rules of etcd v3 (mvcc/kvstore_txn.go,
// etcdserver/apply.go Put and DeleteRange).

import test from 'ava';
import { prefixEnd } from '../../../actors/etcd/mvcc/index.ts';
import { kv, store, throwsEtcd } from './helpers.ts';

test('an empty store is at revision 1 and the first write makes revision 2', (t) => {
  // kvstore.go NewStore: currentRev starts at 1; a write txn ends with currentRev++.
  const s = store();
  t.is(s.revision, 1);
  t.deepEqual(s.range('a'), { header: { revision: 1 }, kvs: [], more: false, count: 0 });
  t.deepEqual(s.put('a', '1'), { header: { revision: 2 } });
  t.is(s.revision, 2);
});

test('create_revision, mod_revision and version follow the key through puts', (t) => {
  // storeTxnWrite.put: create = the generation's first revision, version = previous + 1.
  const s = store();
  s.put('a', '1');
  s.put('b', 'x');
  s.put('a', '2');
  t.deepEqual(s.range('a').kvs, [kv('a', '2', 2, 4, 2)]);
  t.deepEqual(s.range('b').kvs, [kv('b', 'x', 3, 3, 1)]);
});

test('a delete resets the version; the key put again gets a new create_revision', (t) => {
  // key_index.go: a tombstone ends a generation; the next put starts one at version 1.
  const s = store();
  s.put('a', '1');
  s.put('a', '2');
  t.deepEqual(s.deleteRange('a'), { header: { revision: 4 }, deleted: 1, prevKvs: [] });
  t.deepEqual(s.range('a').kvs, []);
  s.put('a', '3');
  t.deepEqual(s.range('a').kvs, [kv('a', '3', 5, 5, 1)]);
});

test('a delete that matches nothing does not bump the revision and answers the current one', (t) => {
  // storeTxnWrite.DeleteRange returns (0, beginRev) when nothing changed; End() bumps only on changes.
  const s = store();
  s.put('a', '1');
  t.deepEqual(s.deleteRange('zzz'), { header: { revision: 2 }, deleted: 0, prevKvs: [] });
  t.deepEqual(s.deleteRange('b', 'c'), { header: { revision: 2 }, deleted: 0, prevKvs: [] });
  t.is(s.revision, 2);
});

test('a range delete removes every live key in one revision and reports prev_kvs on request', (t) => {
  // kvstore_txn.go deleteRange tombstones every key live in the range at beginRev+1; apply.go returns prev_kvs read first.
  const s = store();
  s.put('a', '1');
  s.put('b', '2');
  s.put('c', '3');
  s.deleteRange('b');
  const r = s.deleteRange('a', 'z', { prevKv: true });
  t.deepEqual(r, { header: { revision: 6 }, deleted: 2, prevKvs: [kv('a', '1', 2, 2, 1), kv('c', '3', 4, 4, 1)] });
  t.is(s.revision, 6);
  t.is(s.range('\0', '\0').count, 0);
});

test('prev_kv on put returns the previous key-value, and nothing for a new key', (t) => {
  // apply.go Put: PrevKv only when the range before the put found the key.
  const s = store();
  t.deepEqual(s.put('a', '1', { prevKv: true }), { header: { revision: 2 } });
  t.deepEqual(s.put('a', '2', { prevKv: true }), { header: { revision: 3 }, prevKv: kv('a', '1', 2, 2, 1) });
});

test('ignore_value keeps the value, ignore_lease keeps the lease; both need the key to exist', (t) => {
  // apply.go Put: ErrKeyNotFound when ignore_{value,lease} finds no previous key-value.
  const s = store();
  const { id } = s.grant({ ttl: 60 }, 0);
  s.put('a', 'v', { lease: id });
  s.put('a', '', { ignoreValue: true, ignoreLease: true });
  t.deepEqual(s.range('a').kvs, [kv('a', 'v', 2, 3, 2, id)]);
  s.put('a', 'w', { ignoreLease: true });
  t.deepEqual(s.range('a').kvs, [kv('a', 'w', 2, 4, 3, id)]);
  s.put('a', '', { ignoreValue: true });
  t.deepEqual(s.range('a').kvs, [kv('a', 'w', 2, 5, 4, 0)], 'without ignore_lease, lease 0 detaches');
  throwsEtcd(t, () => s.put('nope', '', { ignoreValue: true }), 'etcdserver: key not found');
  throwsEtcd(t, () => s.put('nope', '', { ignoreLease: true }), 'etcdserver: key not found');
  t.is(s.revision, 5, 'failed puts write nothing');
});

test('ignore_value with a value and ignore_lease with a lease are refused as etcd refuses them', (t) => {
  // v3rpc/key.go checkPutRequest.
  const s = store();
  s.put('a', '1');
  throwsEtcd(t, () => s.put('a', 'x', { ignoreValue: true }), 'etcdserver: value is provided');
  throwsEtcd(t, () => s.put('a', 'x', { ignoreLease: true, lease: 5 }), 'etcdserver: lease is provided');
});

test('an empty key is refused by put, range and delete', (t) => {
  // v3rpc/key.go: ErrGRPCEmptyKey for len(key) == 0.
  const s = store();
  throwsEtcd(t, () => s.put('', 'x'), 'etcdserver: key is not provided');
  throwsEtcd(t, () => s.range(''), 'etcdserver: key is not provided');
  throwsEtcd(t, () => s.range('', '\0'), 'etcdserver: key is not provided');
  throwsEtcd(t, () => s.deleteRange(''), 'etcdserver: key is not provided');
});

test('a put with an unknown lease fails as "requested lease not found" and writes nothing', (t) => {
  // apply.go Put: lessor.Lookup fails → lease.ErrLeaseNotFound, mapped to ErrGRPCLeaseNotFound.
  const s = store();
  throwsEtcd(t, () => s.put('a', '1', { lease: 42 }), 'etcdserver: requested lease not found');
  t.is(s.revision, 1);
  t.deepEqual(s.range('a').kvs, []);
});

test('the lease check comes before the key check for a plain put', (t) => {
  // apply.go Put without a txn: Lookup(lease) happens first.
  const s = store();
  throwsEtcd(t, () => s.put('a', '', { lease: 42, ignoreValue: true }), 'etcdserver: requested lease not found');
});

test('errors carry the gRPC code the JSON gateway reports', (t) => {
  // rpctypes/error.go: InvalidArgument (3), NotFound (5), OutOfRange (11).
  const s = store();
  const e = t.throws(() => s.put('', 'x'));
  t.like(e, { code: 'InvalidArgument', grpcCode: 3 });
  const f = t.throws(() => s.range('a', undefined, { revision: 9 }));
  t.like(f, { code: 'OutOfRange', grpcCode: 11, message: 'etcdserver: mvcc: required revision is a future revision' });
  const g = t.throws(() => s.put('a', '1', { lease: 1 }));
  t.like(g, { code: 'NotFound', grpcCode: 5 });
});

test('non-byte strings are a programming error, not an etcd error', (t) => {
  // A representation rule of this store, not etcd's: see bytes.ts.
  const s = store();
  t.throws(() => s.put('ключ', 'x'), { instanceOf: TypeError });
  t.throws(() => s.put('k', 'значение'), { instanceOf: TypeError });
});

test('returned key-values are frozen, so sharing them is safe', (t) => {
  // Within a host messages are shared and treated as immutable (DESIGN.md).
  const s = store();
  s.put('a', '1');
  t.true(Object.isFrozen(s.range('a').kvs[0]));
  t.is(prefixEnd('a'), 'b');
});
