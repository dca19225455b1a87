// Raft's wire: what etcd members say to each other, and the log entries, hard state and
// snapshots those messages carry. The core's own inputs and outputs are in actors/etcd/raft/types.ts.

export type NodeId = string;

export interface Entry {
  readonly term: number;
  readonly index: number;
  /** An empty entry (data undefined) is what a new leader appends to commit its term. */
  readonly data?: unknown;
  /** A membership change carries the configuration it switches to. */
  readonly config?: Membership;
}

export interface Membership {
  readonly voters: readonly NodeId[];
  readonly learners: readonly NodeId[];
}

/** What must be on disk before anything that depends on it is sent. */
export interface HardState {
  readonly term: number;
  readonly vote: NodeId | null;
  readonly commit: number;
}

export interface Snapshot {
  readonly index: number;
  readonly term: number;
  readonly membership: Membership;
  readonly data: unknown;
}

interface Base {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly term: number;
}

export type RaftMessage =
  | (Base & { readonly type: 'MsgVote' | 'MsgPreVote'; readonly lastIndex: number; readonly lastTerm: number; readonly transfer?: boolean })
  | (Base & { readonly type: 'MsgVoteResp' | 'MsgPreVoteResp'; readonly reject: boolean })
  | (Base & {
      readonly type: 'MsgApp';
      readonly prevIndex: number;
      readonly prevTerm: number;
      readonly entries: readonly Entry[];
      readonly commit: number;
    })
  | (Base & { readonly type: 'MsgAppResp'; readonly index: number; readonly reject: boolean; readonly hint: number })
  | (Base & { readonly type: 'MsgHeartbeat'; readonly commit: number; readonly context?: number })
  | (Base & { readonly type: 'MsgHeartbeatResp'; readonly context?: number })
  | (Base & { readonly type: 'MsgSnap'; readonly snapshot: Snapshot })
  | (Base & { readonly type: 'MsgTimeoutNow' });
