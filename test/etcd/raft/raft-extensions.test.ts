// PreVote, CheckQuorum, ReadIndex, leadership transfer, restart from disk, and a randomized
// safety check of the core's invariants under drops, partitions, crashes, membership changes and
// compaction (the runs are in faults.ts).

import test from 'ava';
import fc from 'fast-check';
import type { NodeId } from '../../../protocols/etcd/raft.ts';
import { action, faultRun } from './faults.ts';
import { Net } from './harness.ts';

const ids = ['a', 'b', 'c'];

test('PreVote: an isolated node does not inflate its term, and does not disrupt the leader when it returns', (t) => {
  const net = new Net(ids, { preVote: true, checkQuorum: true });
  net.elect('a');
  t.deepEqual(net.leaders(), ['a']);
  net.isolate('c');
  for (let i = 0; i < 100; i++) {
    net.tick('c');
    net.deliver();
  }
  t.is(net.node('c').term, 1);
  net.heal();
  for (let i = 0; i < 30; i++) {
    for (const id of ids) net.tick(id);
    net.deliver();
  }
  t.deepEqual(net.leaders(), ['a']);
  t.is(net.node('a').term, 1);
});

test('without PreVote, the same isolated node comes back with a higher term and forces an election', (t) => {
  const net = new Net(ids, { preVote: false, checkQuorum: false });
  net.elect('a');
  net.isolate('c');
  for (let i = 0; i < 100; i++) net.tick('c');
  t.true(net.node('c').term > 1);
  net.heal();
  net.tick('a');
  net.deliver();
  t.true(net.node('a').term > 1, 'the leader was deposed');
});

test('CheckQuorum: a leader cut off from its quorum steps down within an election timeout', (t) => {
  const net = new Net(ids, { checkQuorum: true });
  net.elect('a');
  net.isolate('a');
  for (let i = 0; i < 25; i++) {
    net.tick('a');
    net.deliver();
  }
  t.is(net.node('a').role, 'follower');
});

test('CheckQuorum lease: a follower that hears from its leader ignores a vote request', (t) => {
  const net = new Net(ids, { checkQuorum: true });
  net.elect('a');
  net.queue = [];
  const ready = net.step('b', { type: 'message', message: { type: 'MsgVote', from: 'c', to: 'b', term: 5, lastIndex: 9, lastTerm: 4 } });
  t.deepEqual(ready.messages, []);
  t.is(net.node('b').term, 1);
});

test('ReadIndex: a read is served at the commit index once a quorum confirms the leadership', (t) => {
  const net = new Net(ids);
  net.elect('a');
  net.propose('a', 'x');
  net.deliver();
  const ready = net.step('a', { type: 'read', id: 7 });
  t.deepEqual(ready.reads, []);
  const reads = () => net.readies.flatMap((r) => r.reads);
  net.deliver();
  t.deepEqual(reads(), [{ id: 7, index: 2 }]);
  t.deepEqual(net.step('b', { type: 'read', id: 8 }).failedReads, [8]);
});

test('ReadIndex: a leader cut off from the others never confirms a read', (t) => {
  const net = new Net(ids);
  net.elect('a');
  net.isolate('a');
  net.step('a', { type: 'read', id: 1 });
  net.deliver();
  t.deepEqual(net.readies.flatMap((r) => r.reads), []);
  // A new leader elsewhere deposes it; its pending read then fails.
  net.elect('b');
  net.heal();
  net.tick('b');
  net.deliver();
  t.true(net.readies.flatMap((r) => r.failedReads).includes(1));
});

test('leadership transfer: the leader catches the transferee up and hands over', (t) => {
  const net = new Net(ids);
  net.elect('a');
  net.cut.add('a->c');
  net.propose('a', 'x');
  net.deliver();
  net.heal();
  net.step('a', { type: 'transfer-leadership', to: 'c' });
  t.deepEqual(net.propose('a', 'refused', 9).dropped, [9]);
  net.deliver();
  t.deepEqual(net.leaders(), ['c']);
  t.is(net.node('c').term, 2);
  t.is(net.node('c').log.lastIndex(), 3);
});

test('a restarted node keeps its term, vote and log from disk, and goes on', (t) => {
  const net = new Net(ids);
  net.elect('a');
  for (const x of ['x', 'y']) net.propose('a', x);
  net.deliver();
  const before = net.node('b');
  net.restart('b');
  t.like(net.node('b'), { term: before.term, vote: before.vote, role: 'follower' });
  t.is(net.node('b').log.lastIndex(), 3);
  net.propose('a', 'z');
  net.deliver();
  net.tick('a');
  net.deliver();
  t.deepEqual(net.applied.get('b')!.map((e) => e.data), [undefined, 'x', 'y', 'z']);
});

test('a voter never votes twice in a term, even across a restart', (t) => {
  const net = new Net(ids);
  net.step('b', { type: 'message', message: { type: 'MsgVote', from: 'a', to: 'b', term: 1, lastIndex: 0, lastTerm: 0 } });
  net.restart('b');
  const resp = net.step('b', { type: 'message', message: { type: 'MsgVote', from: 'c', to: 'b', term: 1, lastIndex: 0, lastTerm: 0 } });
  t.like(resp.messages[0], { type: 'MsgVoteResp', reject: true });
});

// ---- invariants under random faults ----------------------------------------------------------
// The arrays must be drawn at full size: at fast-check's default they are 20 to 50 steps long,
// and the runs never so much as elected a leader before the faults stopped.

test('random faults, membership changes and compaction never break the safety invariants, and the cluster recovers afterwards', (t) => {
  const out = fc.check(
    fc.property(fc.array(action, { minLength: 20, maxLength: 300, size: 'max' }), fc.integer({ min: 1, max: 1000 }), fc.boolean(), (actions, seed, preVote) => {
      faultRun(actions, seed, preVote);
      return true;
    }),
    { numRuns: 300, seed: 11 },
  );
  t.false(out.failed, out.counterexample ? String(out.errorInstance) : '');
});
