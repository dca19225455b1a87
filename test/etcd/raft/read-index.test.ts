// ReadIndex (Raft thesis §6.4) where it goes wrong: a leader deposed on the other side of a
// partition that still hears from a minority, and a new leader whose commit index lags what its
// predecessor committed. Each case runs with and without the bug it guards against planted, so
// the test shows both that the core is right and that the case would catch the bug.

import test from 'ava';
import type { RaftConfig } from '../../../actors/etcd/raft/types.ts';
import type { NodeId, RaftMessage } from '../../../protocols/etcd/raft.ts';
import { Net } from './harness.ts';

const reads = (net: Net) => net.readies.flatMap((r) => r.reads);

/** Cuts every link between the two sides, both ways. */
function split(net: Net, left: NodeId[], right: NodeId[]): void {
  for (const x of left)
    for (const y of right) {
      net.cut.add(`${x}->${y}`);
      net.cut.add(`${y}->${x}`);
    }
}

/**
 * Five nodes split {a, b} | {c, d, e}: c is elected on its side and commits index 4 there, while
 * a, the old leader, still believes it leads and asks for a read. Only b can answer it: a and b
 * are two of five, one short of a quorum. Returns the reads a served, with c's commit index.
 */
function minorityLeaderRead(plant: Partial<RaftConfig>): { served: { id: number; index: number }[]; majorityCommit: number; failed: number[] } {
  const net = new Net(['a', 'b', 'c', 'd', 'e'], plant);
  net.elect('a');
  net.propose('a', 'x');
  net.deliver();
  net.tick('a');
  net.deliver();
  split(net, ['a', 'b'], ['c', 'd', 'e']);
  net.elect('c');
  net.propose('c', 'y');
  net.deliver();
  const majorityCommit = net.node('c').log.committed;
  net.readies.length = 0;
  net.step('a', { type: 'read', id: 1 });
  net.deliver();
  const served = reads(net);
  // Healed, a hears of the new term; a read it never confirmed then fails.
  net.heal();
  net.tick('c');
  net.deliver();
  return { served, majorityCommit, failed: net.readies.flatMap((r) => r.failedReads) };
}

test('ReadIndex: a leader deposed in the minority, acknowledged by one follower of five, serves no read', (t) => {
  const sound = minorityLeaderRead({});
  t.is(sound.majorityCommit, 4, 'the majority committed index 4 under its new leader');
  t.deepEqual(sound.served, []);
  t.deepEqual(sound.failed, [1]);
  // Planted: releasing a read with one acknowledgement short of a quorum serves the stale index 2.
  const planted = minorityLeaderRead({ plantReadIndexQuorumMinusOne: true });
  t.deepEqual(planted.served, [{ id: 1, index: 2 }]);
});

/**
 * Three nodes: a commits index 3 with b's acknowledgement, and goes before b hears that it did
 * (b's commit index is 2). b is elected by c and asked for a read at once; the heartbeat round
 * of the read is answered before the appends of b's own first entry. Returns the reads b served
 * after the heartbeat answers only, and after everything.
 */
function laggingLeaderRead(plant: Partial<RaftConfig>): { early: { id: number; index: number }[]; late: { id: number; index: number }[]; committedBefore: number; commitOfB: number } {
  const net = new Net(['a', 'b', 'c'], plant);
  net.elect('a');
  net.propose('a', 'x');
  net.deliver();
  net.tick('a');
  net.deliver();
  net.propose('a', 'y');
  const toB = (m: RaftMessage) => (m.from === 'a' && m.to === 'b') || (m.from === 'b' && m.to === 'a');
  net.deliverOnly(toB);
  net.queue = [];
  const committedBefore = net.node('a').log.committed;
  net.isolate('a');
  net.step('b', { type: 'campaign' });
  net.deliverOnly((m) => m.type === 'MsgVote' || m.type === 'MsgVoteResp');
  const commitOfB = net.node('b').log.committed;
  net.readies.length = 0;
  net.step('b', { type: 'read', id: 1 });
  net.deliverOnly((m) => m.type === 'MsgHeartbeat' || m.type === 'MsgHeartbeatResp');
  const early = reads(net);
  net.deliver();
  return { early, late: reads(net), committedBefore, commitOfB };
}

test('ReadIndex: a new leader serves no read until an entry of its own term commits', (t) => {
  const sound = laggingLeaderRead({});
  t.is(sound.committedBefore, 3, 'the old leader committed index 3');
  t.is(sound.commitOfB, 2, 'the new leader only knew of index 2 as committed');
  t.deepEqual(sound.early, [], 'heartbeat answers alone release nothing');
  t.deepEqual(sound.late, [{ id: 1, index: 4 }], 'served at the commit of its own first entry');
  // Planted: without waiting for its own term's commit, the read is served at the stale index 2.
  const planted = laggingLeaderRead({ plantReadIndexBeforeOwnTermCommit: true });
  t.deepEqual(planted.early, [{ id: 1, index: 2 }]);
});
