// What the Raft layer relies on: commands as data with errors as values, a deterministic hash of
// the replicated state, and snapshots that restore it exactly.

import test from 'ava';
import { pack, unpack } from 'msgpackr';
import { applyCommand, MvccStore } from '../../../actors/etcd/mvcc/index.ts';
import type { StoreCommand } from '../../../protocols/etcd/kv.ts';
import { kv, store } from './helpers.ts';

const script: StoreCommand[] = [
  { type: 'leaseGrant', ttl: 30, now: 1_000 },
  { type: 'put', key: 'a', value: '1', lease: 1 },
  { type: 'put', key: 'b', value: '\x00\xff' },
  { type: 'txn', compare: [{ target: 'VERSION', result: 'EQUAL', key: 'a', version: 1 }], success: [{ type: 'put', key: 'c', value: '3' }] },
  { type: 'deleteRange', key: 'b' },
  { type: 'compact', revision: 3 },
  { type: 'put', key: 'd', value: '4', lease: 1 },
];

test('commands apply as the methods do, and etcd errors come back as values', (t) => {
  // The store's own contract for the Raft layer: an apply never throws an etcd error.
  const s = store();
  const results = script.map((c) => applyCommand(s, c));
  t.true(results.every((r) => r.ok));
  t.deepEqual(applyCommand(s, { type: 'compact', revision: 3 }), {
    ok: false,
    error: { code: 'OutOfRange', grpcCode: 11, message: 'etcdserver: mvcc: required revision has been compacted' },
  });
  t.deepEqual(applyCommand(s, { type: 'leaseRevoke', id: 1 }), { ok: true, response: { header: { revision: 7 } } });
  t.deepEqual(applyCommand(s, { type: 'range', key: '\0', rangeEnd: '\0' }), {
    ok: true,
    response: { header: { revision: 7 }, kvs: [kv('c', '3', 4, 4, 1)], more: false, count: 1 },
  });
  t.throws(() => applyCommand(s, { type: 'put', key: 'ключ', value: '' }), { instanceOf: TypeError }, 'a malformed command is a bug, not a result');
});

test('replicas applying the same commands have the same hash; any difference changes it', (t) => {
  // Members at the same applied index must agree (etcd checks this with HashKV).
  const a = store();
  const b = store();
  for (const c of script) {
    applyCommand(a, c);
    applyCommand(b, c);
    t.is(a.hash(), b.hash());
  }
  t.regex(a.hash(), /^[0-9a-f]{64}$/);
  const before = a.hash();
  a.put('x', '1');
  t.not(a.hash(), before);
  b.put('x', '2');
  t.not(a.hash(), b.hash(), 'values count');
  const c = store();
  const d = store();
  c.put('k', 'v');
  d.put('k', 'v');
  d.compact(2);
  t.not(c.hash(), d.hash(), 'the compaction revision counts');
});

test('lease expiries are not part of the hash; lease ids and TTLs are', (t) => {
  // etcd keeps expiries on the leader only; followers hold leases 'forever'.
  const a = store();
  const b = store();
  a.grant({ ttl: 10 }, 0);
  b.grant({ ttl: 10 }, 5_000);
  t.is(a.hash(), b.hash());
  b.keepAlive(1, 9_000);
  t.is(a.hash(), b.hash());
  const c = store();
  c.grant({ ttl: 11 }, 0);
  t.not(a.hash(), c.hash());
});

test('a snapshot survives msgpack and restores history, leases, key attachments and the next lease id', (t) => {
  // etcd restores the lessor's key map from the keys' lease fields (kvstore.go restore).
  const a = store();
  for (const c of script) applyCommand(a, c);
  const wire = unpack(pack(a.snapshot())) as ReturnType<MvccStore['snapshot']>;
  const b = MvccStore.fromSnapshot(wire);
  t.is(b.hash(), a.hash());
  t.is(b.revision, a.revision);
  t.is(b.compactRevision, 3);
  t.deepEqual(b.range('\0', '\0', { revision: 3 }), a.range('\0', '\0', { revision: 3 }));
  t.deepEqual(b.timeToLive(1, 1_000, true), a.timeToLive(1, 1_000, true));
  t.deepEqual(b.timeToLive(1, 1_000, true).keys, ['a', 'd']);
  t.is(b.grant({ ttl: 5 }, 0).id, a.grant({ ttl: 5 }, 0).id);
  b.revoke(1);
  a.revoke(1);
  t.is(b.hash(), a.hash());
  t.deepEqual(b.range('\0', '\0').kvs.map((k) => k.key), ['c']);
});

test('a restored store answers the same errors at the compaction boundary', (t) => {
  // compactMainRev is part of the restored state (kvstore.go Restore).
  const a = store();
  a.put('a', '1');
  a.put('a', '2');
  a.compact(3);
  const b = MvccStore.fromSnapshot(a.snapshot());
  t.throws(() => b.range('a', undefined, { revision: 2 }), { message: 'etcdserver: mvcc: required revision has been compacted' });
  t.throws(() => b.compact(3), { message: 'etcdserver: mvcc: required revision has been compacted' });
});
