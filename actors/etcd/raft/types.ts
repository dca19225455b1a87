// The Raft core's inputs, outputs and configuration: what one step asks of its shell. The wire
// messages and log data are in protocols/etcd/raft.ts.

import type { Entry, HardState, Membership, NodeId, RaftMessage, Snapshot } from '../../../protocols/etcd/raft.ts';

export type Role = 'follower' | 'pre-candidate' | 'candidate' | 'leader';

/** A linearizable read: serve it once the state machine has applied `index`. */
export interface ReadState {
  readonly id: number;
  readonly index: number;
}

/** What one step asks of the shell, in this order: persist, then send, then apply. */
export interface Ready {
  /** Set when the hard state changed: persist it (fsync) before sending `messages`. */
  readonly hardState?: HardState;
  /** Entries to write to the log from their first index on, replacing anything there. */
  readonly entries: readonly Entry[];
  /**
   * A snapshot (from the leader) to install in place of the state machine and the whole log:
   * the core keeps no entry after it, so the shell drops every entry it has on disk, then writes
   * `entries` as usual. Reported before `committed`, which continues after it.
   */
  readonly snapshot?: Snapshot;
  readonly messages: readonly RaftMessage[];
  /** Newly committed entries, in order, to apply to the state machine. */
  readonly committed: readonly Entry[];
  /** Reads that are safe once `index` is applied. */
  readonly reads: readonly ReadState[];
  /** Reads that failed: no leader, or leadership lost before confirming. */
  readonly failedReads: readonly number[];
  /** Proposals refused: this node is not the leader (or is handing leadership over). */
  readonly dropped: readonly number[];
}

export type RaftInput =
  | { readonly type: 'tick' }
  | { readonly type: 'propose'; readonly id: number; readonly data: unknown }
  | { readonly type: 'propose-config'; readonly id: number; readonly membership: Membership }
  | { readonly type: 'message'; readonly message: RaftMessage }
  | { readonly type: 'read'; readonly id: number }
  | { readonly type: 'transfer-leadership'; readonly to: NodeId }
  | { readonly type: 'campaign' }
  /**
   * The shell's fsync covering the log up to `index` (an entry of `term`) completed. A leader
   * counts its own log toward a commit only up to here, so it may replicate while it writes.
   */
  | { readonly type: 'persisted'; readonly index: number; readonly term: number }
  /**
   * The state machine has applied up to `index` and holds it as `data`: fold the log up to there
   * into a snapshot. The core fills in `term` and `membership` from its own log (those given are
   * ignored) and keeps the result as `RaftState.snapshot`, which is what the shell should persist.
   */
  | { readonly type: 'compact'; readonly snapshot: Snapshot };

export interface RaftConfig {
  readonly id: NodeId;
  /** Ticks without a leader before a follower campaigns; randomized in [t, 2t). */
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
  /** The most MsgApp a leader keeps in flight to one follower. */
  readonly maxInflight: number;
  /** The most entries in one MsgApp. */
  readonly maxEntriesPerMsg: number;
  /**
   * A planted bug, for tests only (never set it elsewhere): commit an entry of an earlier term
   * by counting its replicas, without the current-term check of §5.4.2 (Figure 8 of the paper).
   */
  readonly plantCommitByCounting?: boolean;
  /**
   * A planted bug, for tests only (never set it elsewhere): a leader answers a read at once at
   * its commit index, without confirming with a heartbeat round that it is still the leader.
   */
  readonly plantLocalReads?: boolean;
  /**
   * A planted bug, for tests only (never set it elsewhere): ReadIndex releases a read with one
   * acknowledgement fewer than a quorum (the leader's own included), so a leader deposed on the
   * other side of a partition still serves reads at its old commit index.
   */
  readonly plantReadIndexQuorumMinusOne?: boolean;
  /**
   * A planted bug, for tests only (never set it elsewhere): ReadIndex serves reads before the
   * leader has committed an entry of its own term, when its commit index may still lag what an
   * earlier leader committed and acknowledged.
   */
  readonly plantReadIndexBeforeOwnTermCommit?: boolean;
}

export const defaultRaftConfig: Omit<RaftConfig, 'id'> = {
  electionTicks: 10,
  heartbeatTicks: 1,
  preVote: true,
  checkQuorum: true,
  maxInflight: 256,
  maxEntriesPerMsg: 64,
};
