// Membership changes one at a time (Raft thesis §4.1, applied when committed as etcd-io/raft
// does), and learners (§4.2.1): who counts toward a quorum, who may campaign, and when.

import test from 'ava';
import type { Membership, NodeId } from '../../../protocols/etcd/raft.ts';
import { Net } from './harness.ts';

const cfg = (voters: NodeId[], learners: NodeId[] = []): Membership => ({ voters, learners });

/** Heartbeat rounds from every leader, delivering everything: commits reach the followers. */
function settle(net: Net, rounds = 3): void {
  for (let i = 0; i < rounds; i++) {
    for (const id of net.leaders()) net.tick(id);
    net.deliver();
  }
}

const data = (net: Net, id: NodeId) => net.applied.get(id)!.map((e) => e.data).filter((d) => d !== undefined);

test('adding a member: it catches up on the whole log, and then counts toward the quorum', (t) => {
  const net = new Net(['a', 'b', 'c']);
  net.elect('a');
  net.propose('a', 'x');
  net.deliver();
  net.add('d');
  net.configure('a', cfg(['a', 'b', 'c', 'd']));
  net.deliver();
  settle(net);
  t.deepEqual(net.node('d').membership, cfg(['a', 'b', 'c', 'd']));
  t.deepEqual(data(net, 'd'), ['x']);
  // Four voters need three: the leader and d are not enough ...
  net.cut.add('a->b').add('a->c');
  net.propose('a', 'y');
  net.deliver();
  const before = net.node('a').log.committed;
  t.is(before, net.node('a').log.lastIndex() - 1, 'not committed without a third voter');
  // ... but with c they are, which a and c alone would not be.
  net.cut.delete('a->c');
  settle(net);
  t.is(net.node('a').log.committed, net.node('a').log.lastIndex());
  t.deepEqual(data(net, 'd'), ['x', 'y']);
});

test('a change takes effect when applied: a leader keeps the old quorum until the change commits', (t) => {
  const net = new Net(['a', 'b', 'c']);
  net.elect('a');
  net.add('d');
  // Only d hears of the change: a and d are two of four, so it cannot commit, and a still counts three voters.
  net.cut.add('a->b').add('a->c');
  net.configure('a', cfg(['a', 'b', 'c', 'd']));
  net.deliver();
  t.deepEqual(net.node('a').membership, cfg(['a', 'b', 'c']));
  t.is(net.node('a').log.committed, 1);
  net.heal();
  settle(net);
  t.deepEqual(net.node('a').membership, cfg(['a', 'b', 'c', 'd']));
});

test('removing a follower: the quorum shrinks, and the removed node is left alone', (t) => {
  const net = new Net(['a', 'b', 'c', 'd']);
  net.elect('a');
  // Two of four cannot commit ...
  net.cut.add('a->c').add('a->d');
  net.propose('a', 'stuck');
  net.deliver();
  t.deepEqual(data(net, 'a'), []);
  net.heal();
  net.configure('a', cfg(['a', 'b', 'c']));
  net.deliver();
  settle(net);
  t.deepEqual(net.node('a').membership, cfg(['a', 'b', 'c']));
  t.false(net.node('a').progress.has('d'));
  // ... two of three can.
  net.cut.add('a->c').add('a->d');
  net.propose('a', 'z');
  net.deliver();
  t.deepEqual(data(net, 'a'), ['stuck', 'z']);
  net.queue = [];
  net.tick('a');
  t.false(net.queue.some((m) => m.to === 'd'), 'no heartbeats to a removed node');
  // d applied its removal: it is no voter now, and never campaigns.
  t.false(net.node('d').membership.voters.includes('d'));
  net.tick('d', 100);
  t.is(net.node('d').role, 'follower');
  t.is(net.node('d').term, 1);
});

test('removing the leader: it steps down and hands over to an up-to-date voter at once', (t) => {
  const net = new Net(['a', 'b', 'c']);
  net.elect('a');
  net.propose('a', 'x');
  net.deliver();
  net.configure('a', cfg(['b', 'c']));
  net.deliver(); // no ticks: only the hand-over can elect a new leader this soon
  t.is(net.node('a').role, 'follower');
  const [leader] = net.leaders();
  t.true(leader === 'b' || leader === 'c', `leader: ${leader}`);
  t.is(net.node(leader!).term, 2);
  for (const id of ['b', 'c']) t.deepEqual(net.node(id).membership, cfg(['b', 'c']));
  net.propose(leader!, 'y');
  settle(net);
  for (const id of ['b', 'c']) t.deepEqual(data(net, id), ['x', 'y']);
  net.tick('a', 100);
  t.deepEqual(net.leaders(), [leader]);
  t.is(net.node('a').role, 'follower', 'a removed leader never campaigns');
});

test('removing the leader when no voter has its log: it steps down, and the others elect after a timeout', (t) => {
  const net = new Net(['a', 'b', 'c']);
  net.elect('a');
  // The change reaches b, whose ack commits it, but not the acks of what follows.
  net.configure('a', cfg(['b', 'c']));
  net.propose('a', 'tail');
  net.deliver(10_000, (m) => !(m.type === 'MsgApp' && m.entries.some((e) => e.data === 'tail')));
  t.is(net.node('a').role, 'follower');
  t.deepEqual(net.leaders(), []);
  for (let i = 0; i < 30 && net.leaders().length === 0; i++) {
    net.tick('b');
    net.tick('c');
    net.deliver();
  }
  t.is(net.leaders().length, 1);
  t.not(net.leaders()[0], 'a');
});

test('replacing a member (remove, then add): the new one serves in the quorum in its place', (t) => {
  const net = new Net(['a', 'b', 'c']);
  net.elect('a');
  net.propose('a', 'x');
  net.configure('a', cfg(['a', 'b']), 2);
  net.deliver();
  settle(net);
  net.add('d', cfg(['a', 'b']));
  net.configure('a', cfg(['a', 'b', 'd']), 3);
  net.deliver();
  settle(net);
  t.deepEqual(net.node('a').membership, cfg(['a', 'b', 'd']));
  t.deepEqual(data(net, 'd'), ['x']);
  // With b cut off, a and d are the quorum; c no longer is part of it.
  net.isolate('b');
  net.isolate('c');
  net.cut.delete('a->d');
  net.cut.delete('d->a');
  net.propose('a', 'y');
  settle(net);
  t.deepEqual(data(net, 'a'), ['x', 'y']);
  t.deepEqual(data(net, 'd'), ['x', 'y']);
});

test('a second change is refused while one is pending, and accepted once it is applied', (t) => {
  const net = new Net(['a', 'b', 'c']);
  net.elect('a');
  net.add('d');
  net.add('e');
  t.deepEqual(net.configure('a', cfg(['a', 'b', 'c', 'd']), 1).dropped, []);
  t.deepEqual(net.configure('a', cfg(['a', 'b', 'c', 'd', 'e']), 2).dropped, [2]);
  net.deliver();
  t.deepEqual(net.configure('a', cfg(['a', 'b', 'c', 'd', 'e']), 3).dropped, []);
});

test('a new leader refuses a change while its log holds one not yet applied', (t) => {
  const net = new Net(['a', 'b', 'c']);
  net.elect('a');
  net.add('d');
  net.add('e');
  net.cut.add('a->c');
  // b gets the change but not that it committed: a is cut off before telling it.
  net.configure('a', cfg(['a', 'b', 'c', 'd']));
  net.deliver(1);
  net.queue = [];
  net.isolate('a');
  net.step('b', { type: 'campaign' });
  net.deliver(10_000, (m) => m.type === 'MsgVote' || m.type === 'MsgVoteResp');
  t.is(net.node('b').role, 'leader');
  t.deepEqual(net.configure('b', cfg(['a', 'b', 'c', 'e']), 1).dropped, [1]);
  settle(net);
  t.deepEqual(net.node('b').membership, cfg(['a', 'b', 'c', 'd']));
  t.deepEqual(net.configure('b', cfg(['a', 'b', 'c', 'd', 'e']), 2).dropped, []);
});

test('a change of more than one voter at once is refused', (t) => {
  const net = new Net(['a', 'b', 'c']);
  net.elect('a');
  t.deepEqual(net.configure('a', cfg(['a', 'b', 'c', 'd', 'e']), 1).dropped, [1]);
  t.deepEqual(net.configure('a', cfg(['a', 'd', 'e']), 2).dropped, [2]);
  t.deepEqual(net.configure('a', cfg(['a', 'b']), 3).dropped, []);
});

test('a malformed membership is refused: no voters, or a node both voter and learner', (t) => {
  const net = new Net(['a']);
  net.elect('a');
  t.deepEqual(net.configure('a', cfg([]), 1).dropped, [1]);
  t.deepEqual(net.configure('a', cfg(['a'], ['a']), 2).dropped, [2]);
});

test('a follower refuses to propose a change', (t) => {
  const net = new Net(['a', 'b', 'c']);
  net.elect('a');
  t.deepEqual(net.configure('b', cfg(['a', 'b']), 4).dropped, [4]);
});

// ---- learners ----------------------------------------------------------------------------------

function withLearner(): Net {
  const net = new Net(['a', 'b', 'c']);
  net.elect('a');
  net.propose('a', 'x');
  net.deliver();
  net.add('d');
  net.configure('a', cfg(['a', 'b', 'c'], ['d']));
  net.deliver();
  settle(net);
  return net;
}

test('a learner receives and applies the log', (t) => {
  const net = withLearner();
  net.propose('a', 'y');
  settle(net);
  t.deepEqual(data(net, 'd'), ['x', 'y']);
  t.deepEqual(net.node('d').membership, cfg(['a', 'b', 'c'], ['d']));
});

test('a learner never campaigns, not on a timeout nor when told to', (t) => {
  const net = withLearner();
  net.isolate('a');
  net.queue = [];
  net.tick('d', 200);
  net.step('d', { type: 'campaign' });
  net.step('d', { type: 'message', message: { type: 'MsgTimeoutNow', from: 'a', to: 'd', term: 1 } });
  t.is(net.node('d').role, 'follower');
  t.is(net.node('d').term, 1);
  t.deepEqual(net.queue, []);
});

test('a learner is neither asked for its vote nor counted in an election', (t) => {
  const net = withLearner();
  net.queue = [];
  net.step('b', { type: 'campaign' });
  t.false(net.queue.some((m) => m.to === 'd'));
  // Its vote, should one arrive anyway, does not make a majority of the three voters.
  net.queue = [];
  net.step('b', { type: 'message', message: { type: 'MsgVoteResp', from: 'd', to: 'b', term: 2, reject: false } });
  t.is(net.node('b').role, 'candidate');
});

test('a learner does not count toward the commit quorum', (t) => {
  const net = withLearner();
  net.cut.add('a->b').add('a->c');
  net.propose('a', 'y');
  settle(net);
  t.deepEqual(data(net, 'd'), ['x'], 'd has y but it is not committed');
  t.is(net.node('d').log.lastIndex(), net.node('a').log.lastIndex());
  t.deepEqual(data(net, 'a'), ['x']);
});

test('a leader refuses to hand leadership to a learner', (t) => {
  const net = withLearner();
  net.queue = [];
  net.step('a', { type: 'transfer-leadership', to: 'd' });
  t.deepEqual(net.queue, []);
  t.is(net.node('a').transferee, null);
});

test('a learner promoted to voter then counts toward the quorum, and may campaign', (t) => {
  const net = withLearner();
  net.configure('a', cfg(['a', 'b', 'c', 'd']));
  net.deliver();
  settle(net);
  t.deepEqual(net.node('d').membership, cfg(['a', 'b', 'c', 'd']));
  net.cut.add('a->b');
  net.propose('a', 'y');
  settle(net);
  t.deepEqual(data(net, 'a'), ['x', 'y'], 'a, c and d are three of four');
  net.isolate('a');
  for (let i = 0; i < 40 && net.leaders().every((l) => l === 'a'); i++) {
    net.tick('d');
    net.deliver();
  }
  t.true(net.leaders().includes('d'));
});

test('promoting a learner is one voter change: adding another voter with it is refused', (t) => {
  const net = withLearner();
  net.add('e');
  t.deepEqual(net.configure('a', cfg(['a', 'b', 'c', 'd', 'e']), 5).dropped, [5]);
});

// ---- restarts ----------------------------------------------------------------------------------

test('a restarted node takes its membership from the committed changes in its log', (t) => {
  const net = new Net(['a', 'b', 'c']);
  net.elect('a');
  net.add('d');
  net.configure('a', cfg(['a', 'b', 'c', 'd']));
  net.deliver();
  settle(net);
  net.restart('b');
  t.deepEqual(net.node('b').membership, cfg(['a', 'b', 'c', 'd']));
  net.restart('d');
  t.deepEqual(net.node('d').membership, cfg(['a', 'b', 'c', 'd']), 'd booted not knowing it was a member');
});

test('a restarted node does not put in force a change its log holds uncommitted', (t) => {
  const net = new Net(['a', 'b', 'c']);
  net.elect('a');
  net.isolate('a');
  net.add('d');
  net.configure('a', cfg(['a', 'b', 'c', 'd']));
  net.restart('a');
  t.is(net.node('a').log.lastIndex(), 2);
  t.deepEqual(net.node('a').membership, cfg(['a', 'b', 'c']));
});
