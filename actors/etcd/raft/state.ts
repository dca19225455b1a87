// What a Raft node keeps between steps, how it starts (fresh or from disk), and the small
// helpers every part of the core shares: who votes, how many make a quorum, the effects of a step.

import { Rng } from '../../../runtime/index.ts';
import { RaftLog } from './log.ts';
import type { Entry, HardState, Membership, NodeId, RaftMessage, Snapshot } from '../../../protocols/etcd/raft.ts';
import type { RaftConfig, ReadState, Role } from './types.ts';

export interface Progress {
  /** The highest index known to be replicated on the peer. */
  match: number;
  /** The next index to send. */
  next: number;
  /** probe: one MsgApp at a time until the peer's log is found; replicate: stream, windowed. */
  state: 'probe' | 'replicate' | 'snapshot';
  inflight: number;
  /** Heard from since the last CheckQuorum round. */
  recentActive: boolean;
  pendingSnapshot: number;
  /** Heartbeat answers since the snapshot went, with no answer to it: after a timeout's worth, it is sent again. */
  snapshotWait: number;
}

export interface PendingRead {
  readonly id: number;
  readonly index: number;
  /** The heartbeat round that confirms it; a later round's acknowledgement also does. */
  readonly context: number;
  readonly acks: Set<NodeId>;
}

export interface RaftState {
  readonly config: RaftConfig;
  readonly log: RaftLog;
  readonly rng: Rng;
  membership: Membership;
  term: number;
  vote: NodeId | null;
  role: Role;
  leader: NodeId | null;
  electionElapsed: number;
  heartbeatElapsed: number;
  randomizedTimeout: number;
  votes: Map<NodeId, boolean>;
  progress: Map<NodeId, Progress>;
  reads: PendingRead[];
  nextReadContext: number;
  transferee: NodeId | null;
  /** The index of a membership change not yet applied; a second waits until it is. */
  pendingConfigIndex: number;
  /** What the last Ready reported as persisted, to report only changes. */
  lastHardState: HardState;
  /** The latest snapshot of the state machine, sent to followers whose entries are compacted away. */
  snapshot: Snapshot | undefined;
  /** The membership in force at the snapshot's index (the log's start), to stamp the next one. */
  baseMembership: Membership;
  /** How far this node's own log is known to be on disk (the shell says so with `persisted`). */
  stable: number;
}

export interface Restored {
  readonly hardState?: HardState;
  readonly entries?: readonly Entry[];
  readonly snapshot?: Snapshot;
}

/** A node at its first start, or restarted from what it had persisted. */
export function createRaft(config: RaftConfig, membership: Membership, seed: number, restored: Restored = {}): RaftState {
  const log = new RaftLog();
  let m = membership;
  if (restored.snapshot) {
    log.restore(restored.snapshot);
    log.pendingSnapshot = undefined;
    m = restored.snapshot.membership;
  }
  const base = m;
  // Only a contiguous run after the snapshot is usable; anything else on disk predates it.
  for (const e of restored.entries ?? []) if (e.index === log.lastIndex() + 1) log.entries.push(e);
  const hs = restored.hardState ?? { term: 0, vote: null, commit: 0 };
  log.committed = Math.max(log.committed, Math.min(hs.commit, log.lastIndex()));
  // Changes take effect when applied: the committed ones are in force (the first Ready hands them
  // out again), a change beyond the commit index is not, as it may yet be overwritten.
  for (const e of log.slice(log.firstIndex(), log.committed)) if (e.config) m = e.config;
  log.applied = log.snapIndex;
  const r: RaftState = {
    config,
    log,
    rng: Rng.stream(seed, `raft:${config.id}`),
    membership: m,
    term: hs.term,
    vote: hs.vote,
    role: 'follower',
    leader: null,
    electionElapsed: 0,
    heartbeatElapsed: 0,
    randomizedTimeout: 0,
    votes: new Map(),
    progress: new Map(),
    reads: [],
    nextReadContext: 1,
    transferee: null,
    pendingConfigIndex: 0,
    lastHardState: hs,
    snapshot: restored.snapshot,
    baseMembership: base,
    stable: log.lastIndex(),
  };
  resetTimeout(r);
  return r;
}

/** What one step has asked for so far, beyond the log and hard state (which the Ready reads off the state). */
export class Effects {
  messages: RaftMessage[] = [];
  send(m: RaftMessage): void {
    this.messages.push(m);
  }
  reads: ReadState[] = [];
  failedReads: number[] = [];
  dropped: number[] = [];
}

export const voters = (r: RaftState) => r.membership.voters;
export const quorum = (r: RaftState) => Math.floor(voters(r).length / 2) + 1;
export const peers = (r: RaftState) => [...r.membership.voters, ...r.membership.learners].filter((p) => p !== r.config.id);
export const isVoter = (r: RaftState, id: NodeId) => r.membership.voters.includes(id);

export function resetTimeout(r: RaftState): void {
  r.electionElapsed = 0;
  r.randomizedTimeout = r.config.electionTicks + r.rng.int(r.config.electionTicks);
}

/** A peer as a new leader first sees it: nothing known to match, probing from the end of its own log. */
export const freshProgress = (r: RaftState): Progress => ({ match: 0, next: r.log.lastIndex() + 1, state: 'probe', inflight: 0, recentActive: true, pendingSnapshot: 0, snapshotWait: 0 });
