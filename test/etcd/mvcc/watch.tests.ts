// Watches (mvcc/watchable_store.go, watcher.go, watcher_group.go; etcdserver/api/v3rpc/watch.go).

import test from 'ava';
import { MvccStore } from '../../../actors/etcd/mvcc/index.ts';
import { eventsOf, kv, responses, store, tomb } from './helpers.ts';

function created(revision: number, watchId: number) {
  return { header: { revision }, watchId, created: true, canceled: false, compactRevision: 0, cancelReason: '', events: [] };
}

function history(): MvccStore {
  const s = store();
  s.put('a', '1'); // 2
  s.put('b', '1'); // 3
  s.put('a', '2'); // 4
  s.deleteRange('b'); // 5
  return s;
}

test('the created response carries the current revision; ids count up from 0 per stream', (t) => {
  // v3rpc recvLoop: Header(wsrev), Created; watchStream.Watch picks the lowest free id from nextID.
  const s = history();
  t.is(s.watch({ key: 'a' }), 0);
  t.is(s.watch({ key: 'b' }), 1);
  t.is(s.watch({ key: 'a' }, 'other'), 0);
  t.deepEqual(s.takeWatchResponses(), [
    { stream: '', response: created(5, 0) },
    { stream: '', response: created(5, 1) },
    { stream: 'other', response: created(5, 0) },
  ]);
});

test('start revision 0 or absent: from the next revision, no past events; from 1: the whole history', (t) => {
  // Jepsen's etcd finding: watch from 0 sees no past events while watch from 1 sees them all.
  const s = history();
  s.watch({ key: '\0', rangeEnd: '\0' });
  s.watch({ key: '\0', rangeEnd: '\0', startRevision: 1 });
  const rs = responses(s);
  t.deepEqual(eventsOf(rs), [[1, 5, [['PUT', 'a', 2], ['PUT', 'b', 3], ['PUT', 'a', 4], ['DELETE', 'b', 5]]]]);
  s.put('c', '1'); // 6
  t.deepEqual(eventsOf(responses(s)), [
    [0, 6, [['PUT', 'c', 6]]],
    [1, 6, [['PUT', 'c', 6]]],
  ]);
});

test('a past start revision replays from there in one response headed with the current revision', (t) => {
  // syncWatchers: one WatchResponse per unsynced watcher, Revision: curRev.
  const s = history();
  s.watch({ key: 'a', startRevision: 3 });
  const [, catchUp] = responses(s);
  t.deepEqual(catchUp, {
    header: { revision: 5 },
    watchId: 0,
    created: false,
    canceled: false,
    compactRevision: 0,
    cancelReason: '',
    events: [{ type: 'PUT', kv: kv('a', '2', 2, 4, 2) }],
  });
});

test('live events: one response per revision, headed with that revision, the txn events together in order', (t) => {
  // watchableStoreTxnWrite.End → notify(rev, evs): evs in the txn's change order.
  const s = history();
  s.watch({ key: '\0', rangeEnd: '\0' });
  responses(s);
  s.txn({ success: [{ type: 'put', key: 'z', value: '1' }, { type: 'deleteRange', key: 'a' }, { type: 'put', key: 'm', value: '1' }] });
  s.put('m', '2');
  const rs = responses(s);
  t.is(rs.length, 2);
  t.deepEqual(rs[0]!.events, [
    { type: 'PUT', kv: kv('z', '1', 6, 6, 1) },
    { type: 'DELETE', kv: tomb('a', 6) },
    { type: 'PUT', kv: kv('m', '1', 6, 6, 1) },
  ]);
  t.deepEqual(rs[0]!.header, { revision: 6 });
  t.deepEqual(rs[1]!.events, [{ type: 'PUT', kv: kv('m', '2', 6, 7, 2) }]);
});

test('a delete event carries only the key and the revision of the delete', (t) => {
  // kvsToEvents / watchableStoreTxnWrite.End: tombstone kv is {key}; mod_revision patched in.
  const s = history();
  s.watch({ key: 'b', startRevision: 5 });
  t.deepEqual(responses(s)[1]!.events, [{ type: 'DELETE', kv: tomb('b', 5) }]);
});

test('a future start revision waits for it, skipping what comes before', (t) => {
  // watchable_store.watch: startRev > currentRev → synced with minRev = startRev; notify skips ModRevision < minRev.
  const s = history();
  s.watch({ key: 'a', startRevision: 7 });
  t.deepEqual(responses(s), [created(5, 0)]);
  s.put('a', '6'); // 6
  t.deepEqual(responses(s), []);
  s.put('a', '7'); // 7
  s.put('a', '8'); // 8
  t.deepEqual(eventsOf(responses(s)), [
    [0, 7, [['PUT', 'a', 7]]],
    [0, 8, [['PUT', 'a', 8]]],
  ]);
});

test('a start revision below the compaction: created, then canceled with the compact revision and header 0', (t) => {
  // watcher_group.chooseAll sends WatchResponse{CompactRevision}; v3rpc sets Canceled; Revision 0.
  const s = history();
  s.compact(4);
  t.is(s.watch({ key: 'a', startRevision: 3 }), 0);
  t.deepEqual(responses(s), [
    created(5, 0),
    { header: { revision: 0 }, watchId: 0, created: false, canceled: true, compactRevision: 4, cancelReason: '', events: [] },
  ]);
  s.put('a', 'x');
  t.deepEqual(responses(s), [], 'a compacted watch gets nothing more');
  t.is(s.watch({ key: 'a' }), 1, 'its id stays taken until canceled');
  t.true(s.cancelWatch(0));
});

test('a start revision equal to the compaction revision replays from it', (t) => {
  // chooseAll cancels only minRev < compactRev.
  const s = history();
  s.compact(4);
  s.watch({ key: 'a', startRevision: 4 });
  t.deepEqual(eventsOf(responses(s)), [[0, 5, [['PUT', 'a', 4]]]]);
});

test('a resumed watch never skips events silently: it either replays from its revision or fails as compacted', (t) => {
  // Jepsen's etcd finding, as a rule: resuming below the compacted revision fails as compacted.
  const s = history();
  s.watch({ key: '\0', rangeEnd: '\0', startRevision: 2 });
  const seen = eventsOf(responses(s))[0]![2];
  const resumeAt = seen[seen.length - 1]![2] + 1; // 6
  s.closeWatchStream(); // the client loses its stream
  s.put('c', '1'); // 6
  s.put('c', '2'); // 7
  s.compact(6);
  s.watch({ key: '\0', rangeEnd: '\0', startRevision: resumeAt });
  t.deepEqual(eventsOf(responses(s)), [[0, 7, [['PUT', 'c', 6], ['PUT', 'c', 7]]]]);
  s.watch({ key: '\0', rangeEnd: '\0', startRevision: resumeAt - 1 });
  const rs = responses(s);
  t.like(rs[1], { watchId: 1, canceled: true, compactRevision: 6, events: [] });
});

test('prev_kv: the value before each update or delete; none on a creation', (t) => {
  // v3rpc sendLoop: Range(key, rev = mod_revision - 1) unless isCreateEvent.
  const s = history();
  s.watch({ key: '\0', rangeEnd: '\0', startRevision: 2, prevKv: true });
  const events = responses(s)[1]!.events;
  t.deepEqual(events, [
    { type: 'PUT', kv: kv('a', '1', 2, 2, 1) },
    { type: 'PUT', kv: kv('b', '1', 3, 3, 1) },
    { type: 'PUT', kv: kv('a', '2', 2, 4, 2), prevKv: kv('a', '1', 2, 2, 1) },
    { type: 'DELETE', kv: tomb('b', 5), prevKv: kv('b', '1', 3, 3, 1) },
  ]);
});

test('prev_kv is left out when the revision before the event is compacted', (t) => {
  // The prev_kv read is a Range at mod_revision - 1, which fails below the compaction.
  const s = history();
  s.compact(5);
  s.watch({ key: 'b', startRevision: 5, prevKv: true });
  t.deepEqual(responses(s)[1]!.events, [{ type: 'DELETE', kv: tomb('b', 5) }]);
});

test('filters drop puts or deletes; a response left empty is not sent', (t) => {
  // watcher.send: filtered events removed; no response if none remain (unless a progress one).
  const s = history();
  s.watch({ key: '\0', rangeEnd: '\0', startRevision: 2, filters: ['NOPUT'] });
  s.watch({ key: '\0', rangeEnd: '\0', startRevision: 2, filters: ['NODELETE'] });
  t.deepEqual(eventsOf(responses(s)), [
    [0, 5, [['DELETE', 'b', 5]]],
    [1, 5, [['PUT', 'a', 2], ['PUT', 'b', 3], ['PUT', 'a', 4]]],
  ]);
  s.put('q', '1');
  t.deepEqual(eventsOf(responses(s)), [[1, 6, [['PUT', 'q', 6]]]]);
});

test('key, prefix and from-key watches; an empty key watches "\\0"', (t) => {
  // v3rpc recvLoop: empty key → "\x00"; range end "\0" → from key.
  const s = store();
  s.watch({ key: 'a' });
  s.watch({ key: 'a/', rangeEnd: 'a0' });
  s.watch({ key: 'b', rangeEnd: '\0' });
  s.watch({ key: '' });
  responses(s);
  for (const k of ['a', 'a/1', 'b', 'zz', '\0']) s.put(k, 'v');
  t.deepEqual(
    eventsOf(responses(s)).map(([id, , evs]) => [id, evs[0]![1]]),
    [
      [0, 'a'],
      [1, 'a/1'],
      [2, 'b'],
      [2, 'zz'],
      [3, '\0'],
    ],
  );
});

test('a range end at or below the key is refused: created and canceled, id -1, with mvcc\'s reason', (t) => {
  // watchStream.Watch: ErrEmptyWatcherRange; v3rpc answers Created+Canceled with CancelReason.
  const s = history();
  t.is(s.watch({ key: 'b', rangeEnd: 'a' }), -1);
  t.deepEqual(responses(s), [
    { header: { revision: 5 }, watchId: -1, created: true, canceled: true, compactRevision: 0, cancelReason: 'mvcc: watcher range is empty', events: [] },
  ]);
});

test('a requested watch id is used; a taken one is refused', (t) => {
  // watcher.go Watch: an id in use → ErrWatcherDuplicateID; v3rpc answers Created+Canceled with the reason.
  const s = history();
  t.is(s.watch({ key: 'a', watchId: 5 }), 5);
  t.is(s.watch({ key: 'a', watchId: 5 }), -1);
  t.is(s.watch({ key: 'a' }), 0);
  const rs = responses(s);
  t.is(rs[1]!.cancelReason, 'mvcc: duplicate watch ID provided on the WatchStream');
});

test('cancel: a canceled response with the current revision, then nothing; an unknown id gets no answer', (t) => {
  // v3rpc recvLoop CancelRequest: a Canceled response with the current revision, and none for an unknown id.
  const s = history();
  s.watch({ key: 'a' });
  responses(s);
  t.true(s.cancelWatch(0));
  t.deepEqual(responses(s), [{ header: { revision: 5 }, watchId: 0, created: false, canceled: true, compactRevision: 0, cancelReason: '', events: [] }]);
  s.put('a', '3');
  t.deepEqual(responses(s), []);
  t.false(s.cancelWatch(0));
  t.deepEqual(responses(s), []);
});

test('progress request: one response for the stream, watch id -1, the current revision, after events queued before it', (t) => {
  // etcd 3.4 v3rpc: WatchRequest_ProgressRequest → Header(rev), WatchId: InvalidWatchID.
  const s = history();
  s.watch({ key: 'a' });
  responses(s);
  s.put('a', '3'); // 6
  s.requestProgress();
  const rs = responses(s);
  t.deepEqual(rs.map((r) => [r.watchId, r.header.revision, r.events.length]), [
    [0, 6, 1],
    [-1, 6, 0],
  ]);
});

test('progress ticks: an empty response to each quiet progress-notify watch, none to one that just had events', (t) => {
  // v3rpc sendLoop progressTicker: RequestProgress for ids whose flag is still true, then reset.
  const s = history();
  s.watch({ key: 'a', progressNotify: true });
  s.watch({ key: 'b', progressNotify: true });
  s.watch({ key: 'c' });
  responses(s);
  s.put('a', '3'); // 6
  responses(s);
  s.progressTick();
  t.deepEqual(responses(s).map((r) => [r.watchId, r.header.revision, r.events.length]), [[1, 6, 0]]);
  s.progressTick();
  t.deepEqual(responses(s).map((r) => [r.watchId, r.header.revision, r.events.length]), [
    [0, 6, 0],
    [1, 6, 0],
  ]);
});

test('a long catch-up is split every watchBatchMaxRevs revisions, never inside a revision', (t) => {
  // watcher_group.eventBatch: at most watchBatchMaxRevs distinct revisions per response.
  const s = store({ watchBatchMaxRevs: 2 });
  s.put('a', '1'); // 2
  s.txn({ success: [{ type: 'put', key: 'a', value: '2' }, { type: 'put', key: 'b', value: '2' }] }); // 3
  s.put('a', '3'); // 4
  s.put('a', '4'); // 5
  s.put('a', '5'); // 6
  s.watch({ key: '\0', rangeEnd: '\0', startRevision: 2 });
  t.deepEqual(eventsOf(responses(s)), [
    [0, 6, [['PUT', 'a', 2], ['PUT', 'a', 3], ['PUT', 'b', 3]]],
    [0, 6, [['PUT', 'a', 4], ['PUT', 'a', 5]]],
    [0, 6, [['PUT', 'a', 6]]],
  ]);
});

test('closing a stream drops its watches and what was still queued for it', (t) => {
  // watchStream.Close cancels every watcher of the stream; nothing more is sent on it.
  const s = history();
  s.watch({ key: 'a' }, 'x');
  s.watch({ key: 'a' }, 'y');
  s.closeWatchStream('x');
  s.put('a', '9');
  t.deepEqual(
    s.takeWatchResponses().map((d) => d.stream),
    ['y', 'y'],
  );
  t.deepEqual(s.watches().map((w) => w.stream), ['y']);
});

test('a write that touches no watched key queues nothing', (t) => {
  // watchable_store.notify: newWatcherBatch has no batch for a watcher no event matched.
  const s = history();
  s.watch({ key: 'a' });
  responses(s);
  s.put('b', '2');
  s.deleteRange('nothing');
  t.deepEqual(responses(s), []);
});

test('after restoring a snapshot, open watches carry on from where they were', (t) => {
  // watchable_store.Restore moves every synced watcher to unsynced to catch up from its minRev.
  const leader = history();
  const follower = MvccStore.fromSnapshot(leader.snapshot());
  follower.watch({ key: 'a' });
  responses(follower);
  leader.put('a', '3'); // 6
  leader.put('a', '4'); // 7
  follower.restore(leader.snapshot());
  t.deepEqual(eventsOf(responses(follower)), [[0, 7, [['PUT', 'a', 6], ['PUT', 'a', 7]]]]);
  leader.compact(7);
  follower.watch({ key: 'b', startRevision: 8 });
  leader.put('b', '1'); // 8
  leader.put('b', '2'); // 9
  leader.compact(9);
  responses(follower);
  follower.restore(leader.snapshot());
  const rs = responses(follower);
  // As etcd's Restore moves every watcher to the unsynced group: both needed revision 8, which is
  // compacted away, whether or not anything they watch changed there.
  t.deepEqual(rs.map((r) => [r.watchId, r.compactRevision, r.canceled]), [
    [0, 9, true],
    [1, 9, true],
  ]);
});
