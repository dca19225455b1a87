// The watch-guarantee checker: a faithful stream passes; each broken guarantee is named.

import test from 'ava';
import { MvccStore } from '../../actors/etcd/mvcc/index.ts';
import type { WatchEvent } from '../../protocols/etcd/kv.ts';
import { checkWatch, referenceFrom, type WatchRecord } from '../../scenarios/checks/etcd/watch.ts';

function history() {
  const store = new MvccStore();
  store.put('a', '1'); // 2
  store.txn({ compare: [], success: [{ type: 'put', key: 'a', value: '2' }, { type: 'put', key: 'b', value: '1' }], failure: [] }); // 3
  store.deleteRange('a'); // 4
  store.put('b', '2'); // 5
  store.put('z', 'outside'); // 6
  const ref = referenceFrom(store);
  const events = [...ref.events.values()].flat().filter((e) => e.kv.key < 'c');
  const at = (rev: number) => events.filter((e) => e.kv.modRevision === rev);
  return { ref, events, at };
}

const record = (deliveries: WatchEvent[][], over: Partial<WatchRecord> = {}): WatchRecord => ({ name: 'w', key: 'a', rangeEnd: 'c', startRevision: 1, deliveries, ...over });

test('a faithful stream keeps every guarantee, however it is split by revision', (t) => {
  const { ref, at } = history();
  t.is(checkWatch(record([[...at(2), ...at(3)], at(4), at(5)]), ref), null);
  t.is(checkWatch(record([at(2), at(3)]), ref), null, 'a stream may stop early (its watcher went away)');
  t.is(checkWatch(record([at(4), at(5)], { startRevision: 4 }), ref), null);
});

test('each broken guarantee is named', (t) => {
  const { ref, at } = history();
  t.regex(checkWatch(record([at(2), at(4), at(3)]), ref)!, /not ordered/);
  t.regex(checkWatch(record([at(2), at(2)]), ref)!, /not unique/);
  t.regex(checkWatch(record([at(2), [at(3)[0]!], [at(3)[1]!]]), ref)!, /not atomic/);
  t.regex(checkWatch(record([at(2), at(4)]), ref)!, /not reliable at revision 3/);
  t.regex(checkWatch(record([at(2), [at(3)[0]!], at(4)]), ref)!, /not reliable at revision 3/, 'half a revision is not the revision');
  const changed = { ...at(5)[0]!, kv: { ...at(5)[0]!.kv, value: 'x' } };
  t.regex(checkWatch(record([at(2), at(3), at(4), [changed]]), ref)!, /not reliable at revision 5/);
  t.regex(checkWatch(record([at(2), at(3)], { compactedAt: 4 }), ref)!, /canceled as compacted at 4/);
  t.is(checkWatch(record([at(2), at(3)], { compactedAt: 5 }), ref), null, 'a real compaction past what it needed');
  t.regex(checkWatch(record([at(2)], { startRevision: 3 }), ref)!, /before the start/);
});
