// Log compaction and snapshots (Raft §7): the log folded into the state machine's snapshot, sent
// to a follower that needs what was folded away, and restored from disk after a restart.

import test from 'ava';
import { createRaft, step } from '../../../actors/etcd/raft/raft.ts';
import type { Entry, Membership, NodeId, RaftMessage, Snapshot } from '../../../protocols/etcd/raft.ts';
import { config, Net } from './harness.ts';

const cfg = (voters: NodeId[], learners: NodeId[] = []): Membership => ({ voters, learners });
const data = (net: Net, id: NodeId) => net.applied.get(id)!.map((e) => e.data).filter((d) => d !== undefined);

function settle(net: Net, rounds = 3): void {
  for (let i = 0; i < rounds; i++) {
    for (const id of net.leaders()) net.tick(id);
    net.deliver();
  }
}

/** a leads; c was cut off while x1..x5 committed, and a compacted its whole log. */
function lagging(): Net {
  const net = new Net(['a', 'b', 'c']);
  net.elect('a');
  net.isolate('c');
  for (let i = 1; i <= 5; i++) net.propose('a', `x${i}`);
  settle(net);
  net.compact('a');
  net.heal();
  return net;
}

test('compaction folds the applied log into a snapshot stamped with its term and membership', (t) => {
  const net = lagging();
  const a = net.node('a');
  t.is(a.log.snapIndex, 6);
  t.is(a.log.entries.length, 0);
  // The shell's term and membership are ignored: those of the log are what followers restore.
  t.like(a.snapshot, { index: 6, term: 1, membership: cfg(['a', 'b', 'c']) });
  t.deepEqual((a.snapshot!.data as Entry[]).map((e) => e.data).filter(Boolean), ['x1', 'x2', 'x3', 'x4', 'x5']);
});

test('compaction beyond what is applied, or behind the last snapshot, is refused', (t) => {
  const net = new Net(['a', 'b', 'c']);
  net.elect('a');
  net.isolate('a');
  net.propose('a', 'x'); // index 2, never committed
  const s: Snapshot = { index: 2, term: 1, membership: cfg(['a']), data: null };
  net.step('a', { type: 'compact', snapshot: s });
  t.is(net.node('a').log.snapIndex, 0);
  net.compact('a', 1);
  net.step('a', { type: 'compact', snapshot: { ...s, index: 1 } });
  t.is(net.node('a').log.snapIndex, 1);
  t.is(net.node('a').log.lastIndex(), 2);
});

test('a follower whose entries were compacted away gets the snapshot and restores from it', (t) => {
  const net = lagging();
  net.propose('a', 'x6');
  const snaps: RaftMessage[] = [];
  net.onReady = (_id, r) => snaps.push(...r.messages.filter((m) => m.type === 'MsgSnap'));
  settle(net);
  t.is(snaps.length, 1);
  t.like(snaps[0], { to: 'c', snapshot: { index: 6 } });
  t.is(net.node('c').log.snapIndex, 6);
  t.deepEqual(data(net, 'c'), ['x1', 'x2', 'x3', 'x4', 'x5', 'x6']);
  t.deepEqual(net.disks.get('c')!.snapshot?.index, 6);
  // And it goes on from there with ordinary appends.
  net.propose('a', 'x7');
  settle(net);
  t.deepEqual(data(net, 'c').at(-1), 'x7');
});

test('a lost snapshot is sent again', (t) => {
  const net = lagging();
  net.tick('a');
  net.deliver(10_000, (m) => m.type !== 'MsgSnap');
  t.is(net.node('c').log.snapIndex, 0);
  settle(net, 3);
  t.is(net.node('c').log.snapIndex, 0, 'not sent again before an election timeout');
  settle(net, 10);
  t.is(net.node('c').log.snapIndex, 6);
  t.is(net.node('a').progress.get('c')!.match, 6);
});

test('a restarted node restores from its snapshot and the entries after it', (t) => {
  const net = new Net(['a', 'b', 'c']);
  net.elect('a');
  for (const x of ['x1', 'x2']) net.propose('a', x);
  settle(net);
  net.compact('b');
  for (const x of ['x3', 'x4']) net.propose('a', x);
  settle(net);
  const before = net.node('b');
  net.restart('b');
  const b = net.node('b');
  t.is(b.log.snapIndex, 3);
  t.is(b.log.lastIndex(), before.log.lastIndex());
  t.is(b.log.committed, before.log.committed);
  t.deepEqual(b.membership, cfg(['a', 'b', 'c']));
  // The first step applies the entries after the snapshot again, not those in it.
  net.tick('b');
  t.deepEqual(data(net, 'b'), ['x1', 'x2', 'x3', 'x4']);
});

test('a restarted node takes its membership from its snapshot', (t) => {
  const net = new Net(['a', 'b', 'c']);
  net.elect('a');
  net.add('d');
  net.configure('a', cfg(['a', 'b', 'c', 'd']));
  settle(net);
  net.compact('b');
  net.restart('b');
  t.deepEqual(net.node('b').membership, cfg(['a', 'b', 'c', 'd']));
  t.deepEqual(net.disks.get('b')!.snapshot!.membership, cfg(['a', 'b', 'c', 'd']));
});

test('a node that joins after compaction learns the membership from the snapshot', (t) => {
  const net = new Net(['a', 'b', 'c']);
  net.elect('a');
  net.add('d');
  net.configure('a', cfg(['a', 'b', 'c', 'd']));
  settle(net);
  net.compact('a');
  net.add('e');
  net.configure('a', cfg(['a', 'b', 'c', 'd'], ['e']));
  settle(net);
  t.is(net.node('e').log.snapIndex, 2);
  t.deepEqual(net.node('e').membership, cfg(['a', 'b', 'c', 'd'], ['e']));
});

test('a node that restored a snapshot sends it on when it leads', (t) => {
  const net = lagging();
  settle(net);
  t.is(net.node('c').log.snapIndex, 6);
  net.isolate('a');
  net.elect('c');
  t.true(net.leaders().includes('c'));
  // A new member needs what c has only in its snapshot.
  net.add('d');
  net.configure('c', cfg(['a', 'b', 'c'], ['d']));
  settle(net);
  t.is(net.node('d').log.snapIndex, 6);
  t.deepEqual(data(net, 'd'), ['x1', 'x2', 'x3', 'x4', 'x5']);
});

test('a snapshot from a stale leader is ignored', (t) => {
  const r = createRaft(config('b'), cfg(['a', 'b', 'c']), 1, { hardState: { term: 3, vote: null, commit: 1 }, entries: [{ term: 1, index: 1 }] });
  const snapshot: Snapshot = { index: 5, term: 2, membership: cfg(['a', 'b', 'c']), data: [] };
  const ready = step(r, { type: 'message', message: { type: 'MsgSnap', from: 'a', to: 'b', term: 2, snapshot } });
  t.is(ready.snapshot, undefined);
  t.is(r.log.snapIndex, 0);
  t.is(r.log.committed, 1);
  t.is(r.term, 3);
});

test('a snapshot behind the commit index changes nothing', (t) => {
  const r = createRaft(config('b'), cfg(['a', 'b', 'c']), 1, { hardState: { term: 1, vote: null, commit: 3 }, entries: [1, 2, 3].map((index) => ({ term: 1, index })) });
  const snapshot: Snapshot = { index: 2, term: 1, membership: cfg(['a', 'b', 'c']), data: [] };
  const ready = step(r, { type: 'message', message: { type: 'MsgSnap', from: 'a', to: 'b', term: 1, snapshot } });
  t.is(ready.snapshot, undefined);
  t.is(r.log.lastIndex(), 3);
  t.like(ready.messages[0], { type: 'MsgAppResp', index: 3, reject: false });
});

test('a follower answers a snapshot with its commit index, not the end of an old tail it keeps', (t) => {
  // b holds entries 3 and 4 of term 2, never committed; the leader of term 3 sends a snapshot at 2.
  const entries = [
    { term: 1, index: 1 },
    { term: 1, index: 2 },
    { term: 2, index: 3 },
    { term: 2, index: 4 },
  ];
  const r = createRaft(config('b'), cfg(['a', 'b', 'c']), 1, { hardState: { term: 2, vote: null, commit: 1 }, entries });
  const snapshot: Snapshot = { index: 2, term: 1, membership: cfg(['a', 'b', 'c']), data: [] };
  const ready = step(r, { type: 'message', message: { type: 'MsgSnap', from: 'a', to: 'b', term: 3, snapshot } });
  t.like(ready.messages[0], { type: 'MsgAppResp', index: 2, reject: false });
  t.is(r.log.committed, 2);
});

test('a snapshot that conflicts with the log replaces all of it', (t) => {
  const entries = [
    { term: 1, index: 1 },
    { term: 2, index: 2 },
    { term: 2, index: 3 },
  ];
  const r = createRaft(config('b'), cfg(['a', 'b', 'c']), 1, { hardState: { term: 2, vote: null, commit: 1 }, entries });
  const snapshot: Snapshot = { index: 2, term: 3, membership: cfg(['a', 'b', 'c', 'd']), data: ['s'] };
  const ready = step(r, { type: 'message', message: { type: 'MsgSnap', from: 'a', to: 'b', term: 3, snapshot } });
  t.deepEqual(ready.snapshot, snapshot);
  t.like(r.log, { snapIndex: 2, snapTerm: 3, committed: 2 });
  t.is(r.log.lastIndex(), 2);
  t.deepEqual(r.membership, cfg(['a', 'b', 'c', 'd']));
  t.is(r.snapshot, snapshot);
  t.like(ready.messages[0], { type: 'MsgAppResp', index: 2 });
});

test('a candidate that receives a snapshot from the leader of its term becomes a follower', (t) => {
  const r = createRaft(config('b'), cfg(['a', 'b', 'c']), 1);
  step(r, { type: 'campaign' });
  const snapshot: Snapshot = { index: 2, term: 1, membership: cfg(['a', 'b', 'c']), data: [] };
  step(r, { type: 'message', message: { type: 'MsgSnap', from: 'a', to: 'b', term: r.term, snapshot } });
  t.like(r, { role: 'follower', leader: 'a' });
});
