// Random fault runs of a five-node cluster (and a sixth node that membership changes may add):
// ticks, reordered and dropped messages, partitions, crashes, membership changes and compaction,
// with the safety invariants checked after every step and liveness once the faults stop.

import fc from 'fast-check';
import type { RaftState } from '../../../actors/etcd/raft/raft.ts';
import type { Entry, Membership, NodeId } from '../../../protocols/etcd/raft.ts';
import { Net } from './harness.ts';

export type Action =
  | { kind: 'tick'; node: number }
  | { kind: 'deliver'; n: number }
  | { kind: 'drop'; n: number }
  | { kind: 'propose'; node: number }
  | { kind: 'isolate'; node: number }
  | { kind: 'heal' }
  | { kind: 'restart'; node: number }
  // At `node` (a leader, or the proposal is refused): `target` changes its role one step.
  | { kind: 'reconfigure'; node: number; target: number; learner: boolean }
  | { kind: 'compact'; node: number };

/** Five voters to start, and a sixth node that only joins if a membership change adds it. */
const pool = ['a', 'b', 'c', 'd', 'e', 'f'];

export const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('tick' as const), node: fc.nat({ max: 5 }) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('deliver' as const), n: fc.integer({ min: 1, max: 20 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), n: fc.integer({ min: 1, max: 5 }) }) },
  // For proposals and changes, node 6 stands for the leader of the highest term, if any.
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('propose' as const), node: fc.nat({ max: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('isolate' as const), node: fc.nat({ max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('heal' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), node: fc.nat({ max: 5 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reconfigure' as const), node: fc.nat({ max: 6 }), target: fc.nat({ max: 5 }), learner: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('compact' as const), node: fc.nat({ max: 6 }) }) },
);

/** One step of a role: a non-member joins (as a voter or a learner), a learner is promoted or removed, a voter removed or demoted. */
function changed(m: Membership, target: NodeId, learner: boolean): Membership {
  const voters = m.voters.filter((v) => v !== target);
  const learners = m.learners.filter((v) => v !== target);
  if (m.voters.includes(target)) return learner ? { voters, learners: [...learners, target] } : { voters, learners };
  if (m.learners.includes(target)) return learner ? { voters, learners } : { voters: [...voters, target], learners };
  return learner ? { voters, learners: [...learners, target] } : { voters: [...voters, target], learners };
}

const key = (e: Entry) => `${e.index}/${e.term}/${String(e.data)}/${JSON.stringify(e.config ?? null)}`;

export function checkInvariants(net: Net, leadersByTerm: Map<number, NodeId>, last: Map<NodeId, { term: number; commit: number }>): string | null {
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
  // Log matching: two entries with the same index and term have the same history before them
  // (compared where both logs still hold entries, compaction aside).
  const logs = [...net.nodes.values()].map((r) => r.log);
  for (const x of logs)
    for (const y of logs) {
      const lo = Math.max(x.firstIndex(), y.firstIndex());
      for (let i = Math.min(x.lastIndex(), y.lastIndex()); i >= lo; i--)
        if (x.term(i) === y.term(i)) {
          for (let j = lo; j < i; j++) if (key(x.slice(j, j)[0]!) !== key(y.slice(j, j)[0]!)) return `logs match at ${i} but differ at ${j}`;
          break;
        }
    }
  // Committed (applied) prefixes never conflict, and what a node counts as committed is what was
  // committed (a lagging node may still hold an old, uncommitted entry at a committed index).
  const applied = [...net.applied.values()];
  const committed = new Map<number, string>();
  for (const a of applied)
    for (const e of a) {
      const k = committed.get(e.index);
      if (k !== undefined && k !== key(e)) return `applied logs differ at ${e.index}`;
      committed.set(e.index, key(e));
    }
  for (const [id, r] of net.nodes)
    for (const e of r.log.slice(r.log.firstIndex(), r.log.committed)) {
      const k = committed.get(e.index);
      if (k !== undefined && k !== key(e)) return `${id} holds ${key(e)} where ${k} was committed`;
    }
  return null;
}

/** Runs the actions; throws at the first broken invariant, then checks that the healed cluster recovers. */
export function faultRun(actions: Action[], seed: number, preVote: boolean): void {
  const net = new Net(pool.slice(0, 5), { preVote, checkQuorum: preVote, electionTicks: 5 }, seed);
  net.add('f');
  const leaders = new Map<number, NodeId>();
  const last = new Map<NodeId, { term: number; commit: number }>();
  let proposal = 0;
  const at = (node: number): NodeId => {
    if (node < pool.length) return pool[node]!;
    const ls = net.leaders().map((l) => net.node(l));
    return ls.sort((x, y) => y.term - x.term)[0]?.config.id ?? 'a';
  };
  for (const a of actions) {
    switch (a.kind) {
      case 'tick':
        net.tick(pool[a.node]!);
        break;
      case 'deliver':
        net.deliver(a.n);
        break;
      case 'drop':
        net.queue.splice(0, a.n);
        break;
      case 'propose':
        net.propose(at(a.node), `v${++proposal}`, proposal);
        break;
      case 'isolate':
        net.isolate(pool[a.node]!);
        break;
      case 'heal':
        net.heal();
        break;
      case 'restart':
        net.restart(pool[a.node]!);
        last.delete(pool[a.node]!);
        break;
      case 'reconfigure': {
        const r = net.node(at(a.node));
        net.configure(r.config.id, changed(r.membership, pool[a.target]!, a.learner), ++proposal);
        break;
      }
      case 'compact':
        net.compact(at(a.node));
        break;
    }
    const broken = checkInvariants(net, leaders, last);
    if (broken) throw new Error(broken);
  }
  // Liveness: healed and left alone, a leader emerges and commits a new entry on every member.
  // A leader may yet apply a change that removes it, losing what it was given: each new leader
  // is asked again.
  net.heal();
  const settled = () => {
    const top = Math.max(...[...net.nodes.values()].map((r) => r.term));
    return net
      .leaders()
      .map((l) => net.node(l))
      .find((r) => r.term === top && r.log.term(r.log.committed) === r.term);
  };
  const missing = (r: RaftState) => [...r.membership.voters, ...r.membership.learners].filter((id) => !net.applied.get(id)!.some((e) => e.data === 'final'));
  let askedIn = -1;
  for (let i = 0; i < 400; i++) {
    const leader = settled();
    if (leader && missing(leader).length === 0) {
      const broken = checkInvariants(net, leaders, last);
      if (broken) throw new Error(broken);
      return;
    }
    if (leader && askedIn !== leader.term) {
      net.propose(leader.config.id, 'final', 1e6 + i);
      askedIn = leader.term;
    }
    for (const id of pool) net.tick(id);
    net.deliver();
  }
  const leader = settled();
  throw new Error(leader ? `${missing(leader).join(', ')} did not apply the final entry` : 'no leader after healing');
}

