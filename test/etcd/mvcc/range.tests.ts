// Range: etcd's range_end conventions, limit and more, count, keys_only, count_only, sorting,
// the min/max filters, and reads at past revisions (apply.go Range, kvstore_txn.go rangeKeys).

import test from 'ava';
import { prefixEnd } from '../../../actors/etcd/mvcc/index.ts';
import { kv, store, throwsEtcd } from './helpers.ts';

function abc() {
  const s = store();
  s.put('a', '1'); // 2
  s.put('a/x', '2'); // 3
  s.put('b', '3'); // 4
  s.put('\xff', '4'); // 5
  s.put('c', '0'); // 6
  return s;
}

const keys = (r: { kvs: readonly { key: string }[] }) => r.kvs.map((k) => k.key);

test('no range end (or an empty one) reads the single key', (t) => {
  // index.go Revisions: a nil end is a single-key Get; gRPC cannot tell an empty end from none.
  const s = abc();
  t.deepEqual(keys(s.range('a')), ['a']);
  t.deepEqual(keys(s.range('a', '')), ['a']);
  t.deepEqual(keys(s.range('zz')), []);
});

test('range end "\\0" reads every key from the key on, in byte order', (t) => {
  // apply.go mkGteRange: "\0" becomes the empty end, which index.go reads as unbounded.
  const s = abc();
  t.deepEqual(keys(s.range('b', '\0')), ['b', 'c', '\xff']);
  t.deepEqual(keys(s.range('\0', '\0')), ['a', 'a/x', 'b', 'c', '\xff']);
});

test('a prefix range is [prefix, prefixEnd(prefix))', (t) => {
  // clientv3 WithPrefix sends [prefix, GetPrefixRangeEnd(prefix)).
  const s = abc();
  t.deepEqual(keys(s.range('a', prefixEnd('a'))), ['a', 'a/x']);
  t.deepEqual(keys(s.range('a/', prefixEnd('a/'))), ['a/x']);
  t.deepEqual(keys(s.range('\xff', prefixEnd('\xff'))), ['\xff']);
});

test('a range end at or below the key is an empty range, not an error', (t) => {
  // index.go visit stops at the first key not below the end: nothing, no error.
  const s = abc();
  t.deepEqual(s.range('b', 'a'), { header: { revision: 6 }, kvs: [], more: false, count: 0 });
  t.deepEqual(s.range('b', 'b').count, 0);
});

test('limit returns the first keys, count the whole range, more whether any were left out', (t) => {
  // apply.go Range asks for limit+1 to set More; Count is len(revpairs), the whole range.
  const s = abc();
  const r = s.range('\0', '\0', { limit: 2 });
  t.deepEqual(keys(r), ['a', 'a/x']);
  t.is(r.count, 5);
  t.true(r.more);
  const all = s.range('\0', '\0', { limit: 5 });
  t.is(all.kvs.length, 5);
  t.false(all.more, 'limit equal to the count leaves nothing out');
  t.false(s.range('\0', '\0', { limit: 0 }).more, 'limit 0 is no limit');
});

test('count_only gives the count and no key-values', (t) => {
  // kvstore_txn.go rangeKeys with ro.Count returns the count and no KVs.
  const s = abc();
  t.deepEqual(s.range('\0', '\0', { countOnly: true }), { header: { revision: 6 }, kvs: [], more: false, count: 5 });
  t.deepEqual(s.range('\0', '\0', { countOnly: true, limit: 1 }), { header: { revision: 6 }, kvs: [], more: false, count: 5 });
});

test('keys_only empties the values and keeps everything else', (t) => {
  // apply.go Range: KeysOnly sets each Value to nil.
  const s = abc();
  t.deepEqual(s.range('a', undefined, { keysOnly: true }).kvs, [kv('a', '', 2, 2, 1)]);
});

test('sorting: by target and order, default ascending for a non-key target, ties in key order', (t) => {
  // apply.go Range: SortTarget ≠ KEY with SortOrder NONE sorts ASCEND; sort.Sort's insertion sort keeps ties for ≤ 12 items.
  const s = abc();
  s.put('a', '9'); // 7: a version 2, value 9
  const by = (o: Parameters<typeof s.range>[2]) => keys(s.range('\0', '\0', o));
  t.deepEqual(by({ sortTarget: 'KEY', sortOrder: 'DESCEND' }), ['\xff', 'c', 'b', 'a/x', 'a']);
  t.deepEqual(by({ sortTarget: 'VALUE' }), ['c', 'a/x', 'b', '\xff', 'a'], 'target VALUE with order NONE sorts ascending');
  t.deepEqual(by({ sortTarget: 'MOD', sortOrder: 'DESCEND' }), ['a', 'c', '\xff', 'b', 'a/x']);
  t.deepEqual(by({ sortTarget: 'CREATE', sortOrder: 'ASCEND' }), ['a', 'a/x', 'b', '\xff', 'c']);
  t.deepEqual(by({ sortTarget: 'VERSION', sortOrder: 'DESCEND' }), ['a', 'a/x', 'b', 'c', '\xff']);
  t.deepEqual(by({ sortTarget: 'VERSION', sortOrder: 'ASCEND' }), ['a/x', 'b', 'c', '\xff', 'a']);
});

test('sorting happens before the limit', (t) => {
  // apply.go: with a sort order the whole range is fetched, sorted, then truncated.
  const s = abc();
  const r = s.range('\0', '\0', { sortTarget: 'MOD', sortOrder: 'DESCEND', limit: 2 });
  t.deepEqual(keys(r), ['c', '\xff']);
  t.true(r.more);
  t.is(r.count, 5);
});

test('min/max mod and create revision filters prune the key-values but not the count', (t) => {
  // apply.go pruneKVs runs after the read; resp.Count is the read's count.
  const s = abc();
  const r = s.range('\0', '\0', { minModRevision: 3, maxModRevision: 5 });
  t.deepEqual(keys(r), ['a/x', 'b', '\xff']);
  t.is(r.count, 5);
  t.deepEqual(keys(s.range('\0', '\0', { minCreateRevision: 5 })), ['c', '\xff']);
  t.deepEqual(keys(s.range('\0', '\0', { maxCreateRevision: 2 })), ['a']);
  const limited = s.range('\0', '\0', { maxModRevision: 4, limit: 2 });
  t.deepEqual(keys(limited), ['a', 'a/x']);
  t.true(limited.more);
});

test('a read at a past revision sees the store as it was, with the current header revision', (t) => {
  // rangeKeys returns Rev: curRev whatever revision was read.
  const s = store();
  s.put('a', '1'); // 2
  s.put('a', '2'); // 3
  s.deleteRange('a'); // 4
  s.put('a', '3'); // 5
  t.deepEqual(s.range('a', undefined, { revision: 2 }), { header: { revision: 5 }, kvs: [kv('a', '1', 2, 2, 1)], more: false, count: 1 });
  t.deepEqual(s.range('a', undefined, { revision: 3 }).kvs, [kv('a', '2', 2, 3, 2)]);
  t.deepEqual(s.range('a', undefined, { revision: 4 }).kvs, []);
  t.deepEqual(s.range('a', undefined, { revision: 1 }).kvs, []);
  t.deepEqual(s.range('a', undefined, { revision: 5 }).kvs, [kv('a', '3', 5, 5, 1)]);
});

test('revision 0 or below reads the current revision', (t) => {
  // rangeKeys: rev <= 0 reads at curRev.
  const s = store();
  s.put('a', '1');
  t.is(s.range('a', undefined, { revision: 0 }).count, 1);
  t.is(s.range('a', undefined, { revision: -3 }).count, 1);
});

test('a future revision fails as etcd words it', (t) => {
  // rangeKeys: rev > curRev → ErrFutureRev → 'etcdserver: mvcc: required revision is a future revision'.
  const s = store();
  s.put('a', '1');
  throwsEtcd(t, () => s.range('a', undefined, { revision: 3 }), 'etcdserver: mvcc: required revision is a future revision');
});

test('a revision below the compaction fails as compacted; the compaction revision itself reads', (t) => {
  // rangeKeys: rev < compactMainRev → ErrCompacted; equal is allowed.
  const s = store();
  s.put('a', '1'); // 2
  s.put('a', '2'); // 3
  s.put('a', '3'); // 4
  s.compact(3);
  throwsEtcd(t, () => s.range('a', undefined, { revision: 2 }), 'etcdserver: mvcc: required revision has been compacted');
  t.deepEqual(s.range('a', undefined, { revision: 3 }).kvs, [kv('a', '2', 2, 3, 2)]);
});
