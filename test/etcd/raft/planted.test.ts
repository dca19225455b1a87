// Planted bugs, each switched on: fault runs shaped around elections must catch it.
// The runs are seeded, so each verdict (and the run that catches the bug) is repeatable.

import test from 'ava';
import fc from 'fast-check';
import type { Entry, NodeId, RaftMessage } from '../../../protocols/etcd/raft.ts';
import type { RaftConfig } from '../../../actors/etcd/raft/types.ts';
import { Net } from './harness.ts';

type Step =
  | { kind: 'campaign'; node: number }
  | { kind: 'propose'; node: number }
  | { kind: 'deliver'; pick: number } // one queued message, from anywhere in the queue: reordering and partial delivery
  | { kind: 'drop'; pick: number }
  | { kind: 'restart'; node: number };

const step = (nodes: number): fc.Arbitrary<Step> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('campaign' as const), node: fc.nat({ max: nodes - 1 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('propose' as const), node: fc.nat({ max: nodes - 1 }) }) },
    { weight: 8, arbitrary: fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('restart' as const), node: fc.nat({ max: nodes - 1 }) }) },
  );


/** The first safety violation of a run, or null. */
function violation(steps: Step[], nodes: number, plant: { forgetVote?: boolean }): string | null {
  const ids = ['a', 'b', 'c', 'd', 'e'].slice(0, nodes);
  // One entry per append, so a follower can hold an old term's entry without the new leader's own.
  const net = new Net(ids, { maxEntriesPerMsg: 1 });
  net.forgetVote = plant.forgetVote === true;
  const leaders = new Map<number, NodeId>();
  let n = 0;
  try {
    for (const s of steps) {
      if (s.kind === 'campaign') net.step(ids[s.node]!, { type: 'campaign' });
      else if (s.kind === 'propose') net.propose(ids[s.node]!, `v${++n}`, n);
      else if (s.kind === 'restart') net.restart(ids[s.node]!);
      else if (net.queue.length > 0) {
        const [m] = net.queue.splice(s.pick % net.queue.length, 1);
        if (s.kind === 'deliver' && m && net.nodes.has(m.to)) net.step(m.to, { type: 'message', message: m });
      }
      for (const r of net.nodes.values())
        if (r.role === 'leader') {
          const other = leaders.get(r.term);
          if (other !== undefined && other !== r.config.id) return `two leaders in term ${r.term}`;
          leaders.set(r.term, r.config.id);
        }
      const applied = [...net.applied.values()];
      for (const x of applied)
        for (const y of applied)
          for (let i = 0; i < Math.min(x.length, y.length); i++)
            if (x[i]!.term !== y[i]!.term || x[i]!.data !== y[i]!.data) return `applied entry ${i + 1} differs between members`;
    }
  } catch (e) {
    return (e as Error).message; // the core's own check: a committed entry overwritten
  }
  return null;
}

const runs = (nodes: number) => fc.array(step(nodes), { minLength: 10, maxLength: 120, size: 'max' });

test('without a planted bug, the election-shaped runs find nothing', (t) => {
  for (const nodes of [3, 5]) {
    const out = fc.check(fc.property(runs(nodes), (steps) => violation(steps, nodes, {}) === null), { numRuns: 1500, seed: 7 });
    t.false(out.failed, out.counterexample ? `${nodes} nodes: ${violation(out.counterexample[0], nodes, {})}` : '');
  }
});

// Committing an earlier term's entry and reading locally are below, with runs aimed at them (the
// election-shaped runs reach Figure 8 too rarely); acknowledging a write before fsync is a bug of
// the member shell, caught by the kernel fault runs (test/etcd/planted-fsync.test.ts).
for (const [name, nodes, plant, budget] of [['not persisting the vote', 3, { forgetVote: true }, 5000]] as const) {
  test(`the fault runs catch a planted bug: ${name}`, (t) => {
    t.timeout(120_000);
    const out = fc.check(fc.property(runs(nodes), (steps) => violation(steps, nodes, plant) === null), { numRuns: budget, seed: 7 });
    t.true(out.failed, `${out.numRuns} runs found nothing`);
    if (out.counterexample) t.log(`caught after ${out.numRuns} runs: ${violation(out.counterexample[0], nodes, plant)}`);
  });
}

// ---- committing an earlier term's entry by counting replicas (§5.4.2, Figure 8) ----------------

/** Two state machines that applied different entries at the same index, or null. */
function appliedConflict(net: Net): string | null {
  const key = (e: Entry) => `${e.term}/${String(e.data)}`;
  const seen = new Map<number, string>();
  for (const [id, entries] of net.applied)
    for (const e of entries) {
      const k = seen.get(e.index);
      if (k !== undefined && k !== key(e)) return `${id} applied ${key(e)} at ${e.index} where another applied ${k}`;
      seen.set(e.index, key(e));
    }
  return null;
}

/**
 * Figure 8 of the Raft paper, step by step, with a..e for S1..S5. The terms are this core's (a
 * new leader appends an empty entry, so the paper's term 2 is term 1 here, and so on), and in (c)
 * b's acknowledgement of the old entry comes with a's own entry, which b then holds too (two of
 * five: still not a majority, so e can still win in (d)).
 */
function figure8(plant: boolean): { committedInC: number; violation: string | null } {
  const net = new Net(['a', 'b', 'c', 'd', 'e'], { maxEntriesPerMsg: 1, plantCommitByCounting: plant });
  const among = (...ids: NodeId[]) => (m: RaftMessage) => ids.includes(m.from) && ids.includes(m.to);
  const votes = (...ids: NodeId[]) => (m: RaftMessage) => (m.type === 'MsgVote' || m.type === 'MsgVoteResp') && among(...ids)(m);
  const campaign = (id: NodeId, ...voters: NodeId[]) => {
    for (let i = 0; i < 3 && net.node(id).role !== 'leader'; i++) {
      net.step(id, { type: 'campaign' });
      net.deliverOnly(votes(id, ...voters));
    }
    if (net.node(id).role !== 'leader') throw new Error(`${id} did not win`);
    net.queue = net.queue.filter((m) => m.type !== 'MsgVote' && m.type !== 'MsgVoteResp');
  };
  let committedInC = 0;
  try {
    net.elect('a');
    net.tick('a');
    net.deliver();
    // (a) a leads and replicates its entry at index 2 to b only.
    net.propose('a', 'x');
    net.deliver(10_000, among('a', 'b'));
    // (b) a crashes; e is elected by c, d and itself, and holds a different entry at index 2.
    net.isolate('a');
    campaign('e', 'c', 'd');
    net.queue = [];
    // (c) e crashes; a restarts, is elected by b and c, and replicates index 2 to c, its own
    // entry (index 3) not beyond b: the entry of the old term is on a majority.
    net.heal();
    net.isolate('e');
    net.restart('a');
    campaign('a', 'b', 'c');
    // (c's first append is refused, it lacks index 2: that one may pass, it carries nothing.)
    const toC3 = (m: RaftMessage) => m.type === 'MsgApp' && m.to === 'c' && m.entries.some((e) => e.index === 3) && net.node('c').log.lastIndex() >= 2;
    net.deliverOnly((m) => among('a', 'b', 'c')(m) && !toC3(m));
    net.queue = [];
    committedInC = net.node('a').log.committed;
    // (d) a crashes before telling anyone; e restarts, is elected by c and d, and overwrites index 2.
    net.heal();
    net.isolate('a');
    net.restart('e');
    campaign('e', 'c', 'd');
    for (let i = 0; i < 5; i++) {
      net.tick('e');
      net.deliver();
    }
    // a comes back.
    net.heal();
    net.restart('a');
    for (let i = 0; i < 5; i++) {
      net.tick('e');
      net.deliver();
    }
  } catch (e) {
    return { committedInC, violation: (e as Error).message };
  }
  return { committedInC, violation: appliedConflict(net) };
}

test('Figure 8: a leader that counts replicas of an old term commits an entry that is later overwritten', (t) => {
  const planted = figure8(true);
  t.is(planted.committedInC, 2, 'index 2, of an earlier term, counted as committed');
  t.regex(planted.violation ?? '', /applied|conflicts with the committed log/);
  const sound = figure8(false);
  t.is(sound.committedInC, 1, 'not committed: none of the current term is on a majority');
  t.is(sound.violation, null);
});

// ---- a generator aimed at elections with partial replication, and at reads -------------------

/**
 * A round of the aimed runs: `leader` campaigns (up to three times) with only the votes of the
 * nodes in `voters` (a bitmask) arriving; if it wins, it proposes, and replicates to the nodes in
 * `to` (-1: the voters again) all of its log but the last `hold` entries, with `heartbeats`
 * rounds of heartbeats (none: the followers do not learn the last commit); then it may crash.
 * Each round is its own partition: what was not delivered by its end is lost (`carry` 0), or
 * only the answers are kept for later rounds (1: late acknowledgements, which a deposed leader
 * may still receive), or all of it (2). Figure 8 is four such rounds.
 *
 * A read is asked of `node` (`nodes`: a leader deposed elsewhere, if there is one), and the
 * messages among it and the nodes in `among` are delivered (-1: those the last round did not
 * reach, the other side of its partition): so a deposed leader can hear from a minority.
 */
type Aimed =
  | { kind: 'round'; leader: number; voters: number; proposals: number; to: number; hold: number; crash: boolean; carry: number; heartbeats: number }
  | { kind: 'read'; node: number; among: number };

const aimed = (nodes: number, reads: boolean): fc.Arbitrary<Aimed> => {
  const node = fc.nat({ max: nodes - 1 });
  const others = fc.nat({ max: (1 << nodes) - 1 });
  const round = fc.record({
    kind: fc.constant('round' as const),
    leader: node,
    voters: others,
    proposals: fc.nat({ max: 2 }),
    to: fc.oneof(others, fc.constant(-1)),
    hold: fc.nat({ max: 2 }),
    crash: fc.boolean(),
    carry: fc.nat({ max: 2 }),
    heartbeats: fc.nat({ max: 3 }),
  });
  return reads ? fc.oneof({ weight: 3, arbitrary: round }, { weight: 1, arbitrary: fc.record({ kind: fc.constant('read' as const), node: fc.nat({ max: nodes }), among: fc.oneof(others, node.map((i) => 1 << i), fc.constant(-1)) }) }) : round;
};

const answer = (m: RaftMessage) => m.type === 'MsgAppResp' || m.type === 'MsgHeartbeatResp' || m.type === 'MsgVoteResp';

/** The first violation of a run of aimed steps: two leaders in a term, applied logs that differ, a stale read. */
function aimedViolation(steps: Aimed[], nodes: number, plant: Partial<RaftConfig>): string | null {
  const ids = ['a', 'b', 'c', 'd', 'e'].slice(0, nodes);
  const net = new Net(ids, { maxEntriesPerMsg: 1, ...plant });
  const leaders = new Map<number, NodeId>();
  // A read must see every write acknowledged before it was issued: the highest commit anywhere.
  let highest = 0;
  const issuedAt = new Map<number, number>();
  let stale: string | null = null;
  net.onReady = (_id, ready) => {
    for (const rd of ready.reads) {
      const floor = issuedAt.get(rd.id)!;
      if (rd.index < floor) stale ??= `read ${rd.id} served at ${rd.index}, issued when ${floor} was committed`;
    }
  };
  const group = (node: number, mask: number) => ids.filter((_, i) => i === node || (mask & (1 << i)) !== 0);
  const within = (members: NodeId[]) => (m: RaftMessage) => members.includes(m.from) && members.includes(m.to);
  let n = 0;
  let lastSide = 0;
  try {
    for (const s of steps) {
      if (s.kind === 'read') {
        // Node `nodes` stands for a leader deposed elsewhere (one of a term below the highest), if any.
        const top = Math.max(...[...net.nodes.values()].map((r) => r.term));
        const stale = [...net.nodes.values()].find((r) => r.role === 'leader' && r.term < top)?.config.id;
        const at = s.node < nodes ? s.node : Math.max(0, ids.indexOf(stale ?? ids[0]!));
        issuedAt.set(++n, highest);
        net.step(ids[at]!, { type: 'read', id: n });
        // -1: the nodes the last round did not reach, the other side of its partition.
        net.deliverOnly(within(group(at, s.among < 0 ? ~lastSide : s.among)));
      } else {
        const id = ids[s.leader]!;
        lastSide = (1 << s.leader) | s.voters | (s.to < 0 ? 0 : s.to);
        const voters = within(group(s.leader, s.voters));
        // A leader deposed elsewhere (without hearing of it) campaigns too.
        const top = () => Math.max(...[...net.nodes.values()].map((r) => r.term));
        for (let i = 0; i < 3 && (net.node(id).role !== 'leader' || net.node(id).term < top()); i++) {
          net.step(id, { type: 'campaign' });
          net.deliverOnly((m) => (m.type === 'MsgVote' || m.type === 'MsgVoteResp') && voters(m));
        }
        const r = net.node(id);
        if (r.role === 'leader') {
          for (let i = 0; i < s.proposals; i++) net.propose(id, `v${++n}`, n);
          const limit = r.log.lastIndex() - s.hold;
          const to = within(group(s.leader, s.to < 0 ? s.voters : s.to));
          // What is held back is lost on the way; a probe the follower refuses is not held back.
          const held = (m: RaftMessage) => m.type === 'MsgApp' && m.entries.some((e) => e.index > limit) && net.node(m.to).log.matches(m.prevIndex, m.prevTerm);
          const pick = (m: RaftMessage) => to(m) && !held(m);
          for (let i = 0; i < s.heartbeats; i++) {
            net.deliverOnly(pick);
            if (net.node(id).role === 'leader') net.tick(id);
          }
          net.deliverOnly(pick);
        }
        if (s.carry === 0) net.queue = [];
        else if (s.carry === 1) net.queue = net.queue.filter(answer);
        if (s.crash) net.restart(id);
      }
      for (const r of net.nodes.values()) {
        highest = Math.max(highest, r.log.committed);
        if (r.role === 'leader') {
          const other = leaders.get(r.term);
          if (other !== undefined && other !== r.config.id) return `two leaders in term ${r.term}`;
          leaders.set(r.term, r.config.id);
        }
      }
      const broken = stale ?? appliedConflict(net);
      if (broken) return broken;
    }
  } catch (e) {
    return (e as Error).message; // the core's own check: a committed entry overwritten
  }
  return null;
}

/** Runs per verdict, with or without a planted bug: the bugs below are caught within about a thousand (seeds 1, 2, 3, 7 tried). */
const aimedBudget = 2000;
const aimedRuns = (nodes: number, reads: boolean) => fc.array(aimed(nodes, reads), { minLength: 2, maxLength: 16, size: 'max' });

test('without a planted bug, the aimed runs (with reads) find nothing', (t) => {
  for (const nodes of [3, 5]) {
    const out = fc.check(fc.property(aimedRuns(nodes, true), (steps) => aimedViolation(steps, nodes, {}) === null), { numRuns: aimedBudget, seed: 7 });
    t.false(out.failed, out.counterexample ? `${nodes} nodes: ${aimedViolation(out.counterexample[0], nodes, {})}` : '');
  }
});

// One acknowledgement short of a quorum is searched for with five nodes only: with three it is the
// leader's own, which a deposed leader of three confirms only on a commit or an acknowledgement
// that it seldom gets (the unit test in read-index.test.ts shows the five-node case directly).
for (const [name, plant, reads, sizes] of [
  ['committing an earlier term by counting replicas', { plantCommitByCounting: true }, false, [3, 5]],
  ['a leader serving reads locally', { plantLocalReads: true }, true, [3, 5]],
  ['ReadIndex releasing a read one acknowledgement short of a quorum', { plantReadIndexQuorumMinusOne: true }, true, [5]],
  ['ReadIndex serving reads before the leader commits an entry of its term', { plantReadIndexBeforeOwnTermCommit: true }, true, [3, 5]],
] as const)
  for (const nodes of sizes)
    test(`the aimed runs catch a planted bug: ${name} (${nodes} nodes)`, (t) => {
      // Not shrunk: the first failing run is reported as found, which keeps this quick.
      const out = fc.check(fc.property(aimedRuns(nodes, reads), (steps) => aimedViolation(steps, nodes, plant) === null), { numRuns: aimedBudget, seed: 7, endOnFailure: true });
      t.true(out.failed, `${out.numRuns} runs found nothing`);
      if (out.counterexample) t.log(`caught after ${out.numRuns} runs (seed 7): ${aimedViolation(out.counterexample[0], nodes, plant)}`);
    });
