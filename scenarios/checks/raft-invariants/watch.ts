// The Raft invariants checked after every step of a run (checker.ts) on a running cluster: each
// message a member handles, each start and end of its incarnations, each fsync and crash of its
// host's disk.

import type { Simulation } from '../../../runtime/kernel/index.ts';
import type { MemberState } from '../../../actors/etcd/member/member.ts';
import { RaftInvariants } from './checker.ts';
import { DurableFollower } from './durable-follower.ts';
import type { DurableView, MemberObservation, Violation } from './types.ts';

export interface InvariantWatch {
  /** The first Raft invariant broken in the run, if any. */
  readonly violation: Violation | null;
  /** Steps observed so far. */
  readonly steps: number;
  /** The member's disk as the checker last read it: what a crash could not take. */
  durable(id: string): DurableView;
}

/** The members to watch: every id ever started (it may grow), and a running member's state. */
export interface WatchedMembers {
  readonly members: readonly string[];
  state(id: string): MemberState | undefined;
}

/**
 * Checks the Raft invariants after every step of the run: each message a member handles, each
 * start and end of its incarnations, each fsync and crash of its host's disk. A step changes one
 * member only (what it sends arrives later), so only that member is read again, its state and its
 * host's synced disk; stops at the first violation and keeps it. Members added later (their host
 * named like their id) are watched from their first step.
 */
export function watchRaftInvariants(sim: Simulation, etcd: WatchedMembers): InvariantWatch {
  const checker = new RaftInvariants();
  const disks = new Map<string, DurableFollower>();
  const diskOf = (id: string) => {
    let d = disks.get(id);
    if (d === undefined) disks.set(id, (d = new DurableFollower()));
    return d;
  };
  // A new Raft state is a new start from disk: that is what an incarnation is here.
  const starts = new Map<string, { raft: unknown; n: number }>();
  const observe = (id: string): MemberObservation => {
    const durable = diskOf(id).read(sim.diskOf(id));
    const state = etcd.state(id);
    if (state?.raft === undefined) return { id, alive: false, durable };
    const r = state.raft;
    let start = starts.get(id);
    if (start?.raft !== r) starts.set(id, (start = { raft: r, n: (start?.n ?? 0) + 1 }));
    return {
      id,
      alive: true,
      incarnation: start.n,
      term: r.term,
      vote: r.vote,
      role: r.role,
      commit: r.log.committed,
      applied: r.log.applied,
      log: { snapIndex: r.log.snapIndex, snapTerm: r.log.snapTerm, entries: r.log.entries },
      voters: r.membership.voters,
      storeHash: () => state.store.hash(),
      durable,
    };
  };
  // Which member a step's path belongs to: its host's name is the path's first segment. Most
  // steps are other actors', so the answer is kept per path (afresh when a member is added).
  const owners = new Map<string, string | null>();
  let known = 0;
  const ownerOf = (path: string): string | null => {
    if (etcd.members.length !== known) {
      owners.clear();
      known = etcd.members.length;
    }
    let id = owners.get(path);
    if (id === undefined) {
      const end = path.indexOf('/', 1);
      const host = end < 0 ? path.slice(1) : path.slice(1, end);
      owners.set(path, (id = etcd.members.includes(host) ? host : null));
    }
    return id;
  };
  if (checker.observe({ at: sim.clock.now(), members: etcd.members.map(observe) }) === null)
    sim.observeSteps((path) => {
      const id = ownerOf(path);
      if (id !== null && checker.observeMember(observe(id), sim.clock.now()) !== null) sim.observeSteps(null);
    });
  return {
    get violation() {
      return checker.firstViolation;
    },
    get steps() {
      return checker.steps;
    },
    durable: (id) => diskOf(id).read(sim.diskOf(id)),
  };
}
