// PreVote, CheckQuorum, ReadIndex, leadership transfer, restart from disk, and a randomized
// safety check of the core's invariants under drops, partitions and crashes.

import test from 'ava';
import fc from 'fast-check';
import type { Entry, NodeId } from '../../../actors/etcd/raft/types.ts';
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

// ---- invariants under random faults ------------------------------------------------------------

type Action = { kind: 'tick'; node: number } | { kind: 'deliver'; n: number } | { kind: 'drop'; n: number } | { kind: 'propose'; node: number } | { kind: 'isolate'; node: number } | { kind: 'heal' } | { kind: 'restart'; node: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('tick' as const), node: fc.nat({ max: 4 }) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('deliver' as const), n: fc.integer({ min: 1, max: 20 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), n: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('propose' as const), node: fc.nat({ max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('isolate' as const), node: fc.nat({ max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('heal' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), node: fc.nat({ max: 4 }) }) },
);

function checkInvariants(net: Net, leadersByTerm: Map<number, NodeId>, last: Map<NodeId, { term: number; commit: number }>): string | null {
  for (const [id, r] of net.nodes) {
    if (r.role === 'leader') {
      const other = leadersByTerm.get(r.term);
      if (other !== undefined && other !== id) return `two leaders in term ${r.term}: ${other} and ${id}`;
      leadersByTerm.set(r.term, id);
    }
    const prev = last.get(id);
    if (prev && (r.term < prev.term || r.log.committed < prev.commit)) return `${id}: term or commit went back`;
    last.set(id, { term: r.term, commit: r.log.committed });
  }
  // Log matching: two entries with the same index and term have the same history before them.
  const logs = [...net.nodes.values()].map((r) => r.log.entries);
  for (const x of logs)
    for (const y of logs)
      for (let i = Math.min(x.length, y.length) - 1; i >= 0; i--)
        if (x[i]!.term === y[i]!.term) {
          for (let j = 0; j < i; j++) if (x[j]!.term !== y[j]!.term || x[j]!.data !== y[j]!.data) return `logs match at ${i + 1} but differ at ${j + 1}`;
          break;
        }
  // Committed (applied) prefixes never conflict.
  const applied = [...net.applied.values()];
  const key = (e: Entry) => `${e.index}/${e.term}/${String(e.data)}`;
  for (const a of applied) for (const b of applied) for (let i = 0; i < Math.min(a.length, b.length); i++) if (key(a[i]!) !== key(b[i]!)) return `applied logs differ at ${i + 1}`;
  return null;
}

test('random faults never break the safety invariants, and the cluster recovers afterwards', (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.array(action, { minLength: 20, maxLength: 300 }), fc.integer({ min: 1, max: 1000 }), fc.boolean(), (actions, seed, preVote) => {
        const five = ['a', 'b', 'c', 'd', 'e'];
        const net = new Net(five, { preVote, checkQuorum: preVote, electionTicks: 5 }, seed);
        const leaders = new Map<number, NodeId>();
        const last = new Map<NodeId, { term: number; commit: number }>();
        let proposal = 0;
        for (const a of actions) {
          switch (a.kind) {
            case 'tick':
              net.tick(five[a.node]!);
              break;
            case 'deliver':
              net.deliver(a.n);
              break;
            case 'drop':
              net.queue.splice(0, a.n);
              break;
            case 'propose':
              net.propose(five[a.node]!, `v${++proposal}`, proposal);
              break;
            case 'isolate':
              net.isolate(five[a.node]!);
              break;
            case 'heal':
              net.heal();
              break;
            case 'restart':
              net.restart(five[a.node]!);
              last.delete(five[a.node]!);
              break;
          }
          const broken = checkInvariants(net, leaders, last);
          if (broken) throw new Error(broken);
        }
        // Liveness: healed and left alone, a leader emerges and commits a new entry everywhere.
        net.heal();
        for (let i = 0; i < 200 && net.leaders().length !== 1; i++) {
          for (const id of five) net.tick(id);
          net.deliver();
        }
        const [leader] = net.leaders();
        if (leader === undefined) throw new Error('no leader after healing');
        net.propose(leader, 'final', 1e6);
        for (let i = 0; i < 5; i++) {
          net.tick(leader);
          net.deliver();
        }
        for (const id of five) if (net.applied.get(id)!.at(-1)?.data !== 'final') throw new Error(`${id} did not apply the final entry`);
        return true;
      }),
      { numRuns: 120 },
    ),
  );
});
