// Compaction (mvcc/kvstore.go updateCompactRev and compact, key_index.go compact).

import test from 'ava';
import { kv, store, throwsEtcd } from './helpers.ts';

test('compaction keeps reads at and after its revision, answers with the current revision, and does not bump it', (t) => {
  // kvstore.go rangeKeys: rev < compactMainRev fails, rev ≥ reads; apply.go Compaction answers the current revision.
  const s = store();
  s.put('a', '1'); // 2
  s.put('a', '2'); // 3
  s.put('b', '1'); // 4
  s.put('a', '3'); // 5
  t.deepEqual(s.compact(3), { header: { revision: 5 } });
  t.is(s.revision, 5);
  t.is(s.compactRevision, 3);
  t.deepEqual(s.range('\0', '\0', { revision: 3 }).kvs, [kv('a', '2', 2, 3, 2)]);
  t.deepEqual(s.range('\0', '\0', { revision: 4 }).kvs, [kv('a', '2', 2, 3, 2), kv('b', '1', 4, 4, 1)]);
  t.deepEqual(s.range('\0', '\0').kvs, [kv('a', '3', 2, 5, 3), kv('b', '1', 4, 4, 1)]);
});

test('compacting at or below the last compaction fails as compacted; above the current revision as future', (t) => {
  // updateCompactRev: rev <= compactMainRev → ErrCompacted; rev > currentRev → ErrFutureRev.
  const s = store();
  s.put('a', '1'); // 2
  s.put('a', '2'); // 3
  throwsEtcd(t, () => s.compact(4), 'etcdserver: mvcc: required revision is a future revision');
  s.compact(2);
  throwsEtcd(t, () => s.compact(2), 'etcdserver: mvcc: required revision has been compacted');
  throwsEtcd(t, () => s.compact(1), 'etcdserver: mvcc: required revision has been compacted');
  t.notThrows(() => s.compact(3));
});

test('the current revision can be compacted, and an empty store compacted at 1', (t) => {
  // updateCompactRev: only rev > currentRev is refused; compactMainRev starts at -1.
  const s = store();
  t.deepEqual(s.compact(1), { header: { revision: 1 } });
  s.put('a', '1');
  t.notThrows(() => s.compact(2));
  t.deepEqual(s.range('a').kvs, [kv('a', '1', 2, 2, 1)]);
});

test('a key deleted before the compaction is gone from history; one deleted after still reads in the past', (t) => {
  // key_index.go compact: generations closed before the revision are dropped; an empty keyIndex leaves the tree.
  const s = store();
  s.put('a', '1'); // 2
  s.put('b', '1'); // 3
  s.deleteRange('a'); // 4
  s.put('c', '1'); // 5
  s.deleteRange('b'); // 6
  s.compact(5);
  t.deepEqual(s.range('\0', '\0', { revision: 5 }).kvs.map((k) => k.key), ['b', 'c']);
  t.deepEqual(s.range('\0', '\0').kvs.map((k) => k.key), ['c']);
  const keysHeld = s.snapshot().keys.map((k) => k.key);
  t.deepEqual(keysHeld, ['b', 'c'], 'a, tombstoned at 4 ≤ 5, is forgotten');
});

test('versions and create revisions survive compaction', (t) => {
  // The kept revision's stored KeyValue still holds create_revision and version; the next put builds on it.
  const s = store();
  s.put('a', '1'); // 2
  s.put('a', '2'); // 3
  s.put('a', '3'); // 4
  s.compact(4);
  s.put('a', '4'); // 5
  t.deepEqual(s.range('a').kvs, [kv('a', '4', 2, 5, 4)]);
});

test('compaction history retention: only the newest write at or below the revision is kept per key', (t) => {
  // key_index.go doCompact: the newest revision ≤ atRev is 'available' and kept, older ones are removed.
  const s = store();
  s.put('a', '1'); // 2
  s.put('a', '2'); // 3
  s.put('a', '3'); // 4
  s.compact(3);
  t.deepEqual(
    s.snapshot().keys.map((k) => [k.key, k.entries.map((e) => e.kv.modRevision)]),
    [['a', [3, 4]]],
  );
});

test('a delete exactly at the compaction revision is kept (etcd ≥ 3.4.34), or dropped as 3.4.23 does', (t) => {
  // etcd-io/etcd#18089 and its fix #18274: keep tombstone if revision == compactAtRev.
  for (const keep of [true, false]) {
    const s = store({ keepTombstoneAtCompactRevision: keep });
    s.put('k', 'v'); // 2
    s.deleteRange('k'); // 3
    s.compact(3);
    t.deepEqual(s.range('k', undefined, { revision: 3 }).kvs, [], 'absent either way');
    t.deepEqual(s.snapshot().keys.map((k) => k.key), keep ? ['k'] : []);
  }
});

test('a key deleted and put again in one revision keeps both writes at that revision (etcd ≥ 3.4.34)', (t) => {
  // key_index.go compact: the generation closed exactly at the compaction revision is the one the
  // walk starts in, so its tombstone and the next generation's put both stay. Only a "from key"
  // delete, which escapes the duplicate-key check, can write a key twice in one revision.
  const held = (keep: boolean) => {
    const s = store({ keepTombstoneAtCompactRevision: keep });
    s.put('b', '1'); // 2
    s.txn({ success: [{ type: 'deleteRange', key: 'a', rangeEnd: '\0' }, { type: 'put', key: 'b', value: '2' }] }); // 3
    s.compact(3);
    t.deepEqual(s.range('b').kvs, [kv('b', '2', 3, 3, 1)]);
    return s.snapshot().keys.flatMap((k) => k.entries.map((e) => [k.key, e.kv.modRevision, e.sub, e.kv.createRevision === 0 ? 'tomb' : 'put']));
  };
  t.deepEqual(held(true), [
    ['b', 3, 0, 'tomb'],
    ['b', 3, 1, 'put'],
  ]);
  t.deepEqual(held(false), [['b', 3, 1, 'put']]);
});

test('a key put and deleted in one revision keeps only the delete at that revision, or nothing before 3.4.34', (t) => {
  // key_index.go compact, walking the generation closed at the revision: the newest revision ≤ atRev is its tombstone.
  const held = (keep: boolean) => {
    const s = store({ keepTombstoneAtCompactRevision: keep });
    s.txn({ success: [{ type: 'put', key: 'b', value: '1' }, { type: 'deleteRange', key: 'a', rangeEnd: '\0' }] }); // 2
    s.compact(2);
    return s.snapshot().keys.flatMap((k) => k.entries.map((e) => [k.key, e.kv.modRevision, e.sub]));
  };
  t.deepEqual(held(true), [['b', 2, 1]]);
  t.deepEqual(held(false), []);
});

test('a tombstone kept at one compaction goes at the next', (t) => {
  // A generation closed before a later compaction's revision is dropped by it (key_index.go doCompact).
  const s = store();
  s.put('k', 'v'); // 2
  s.deleteRange('k'); // 3
  s.compact(3);
  s.put('x', '1'); // 4
  s.compact(4);
  t.deepEqual(s.snapshot().keys.map((k) => k.key), ['x']);
});
