// What an etcd member keeps between messages, its options, and what every part of the shell
// shares: the messages it sends itself and the one way into its Raft core.

import { type ActorContext, type ActorRef, stateKey } from '../../../runtime/index.ts';
import type { StoreCommand } from '../../../protocols/etcd/kv.ts';
import type { ClientReply, MemberMsg, WatchReply } from '../../../protocols/etcd/member.ts';
import type { Membership, NodeId, RaftMessage } from '../../../protocols/etcd/raft.ts';
import type { RaftState } from '../raft/raft.ts';
import type { RaftConfig, RaftInput, Ready } from '../raft/types.ts';
import type { MvccStore, StoreOptions } from '../mvcc/index.ts';
import type { Sessions } from './sessions.ts';

export interface MemberOptions {
  /** The member's id: the name of the host it runs on, so its peers find it there. */
  readonly id: NodeId;
  readonly peers: readonly NodeId[];
  /** Learners of the configuration it starts with (a member that joins as a learner names itself). */
  readonly learners?: readonly NodeId[];
  /** etcd's heartbeat interval: 100ms; its election timeout, 1000ms, is 10 ticks. */
  readonly tickMs?: number;
  readonly raft?: Partial<Omit<RaftConfig, 'id'>>;
  /**
   * A bug planted on purpose, for the tests that must catch it: everything is sent (and the
   * leader counts its own entries) before the fsync of what it depends on completes.
   */
  readonly plantAckBeforeFsync?: boolean;
  /**
   * A member added to a running cluster (etcd's --initial-cluster-state=existing): the log it
   * receives starts with configurations from before it joined, which do not make it removed.
   */
  readonly join?: boolean;
  /** How often watches that asked for progress notifications get one when quiet (etcd: 10 minutes). */
  readonly progressNotifyMs?: number;
  /** Applied entries between snapshots (etcd's --snapshot-count, 100,000 there); the log is compacted at each. */
  readonly snapshotEvery?: number;
  /** The MVCC store's options, for every store this member builds (at boot and from a snapshot). */
  readonly store?: StoreOptions;
}

export type Pending = { readonly client: number; readonly replyTo: ActorRef<ClientReply> };
export type PendingRead = { readonly client: number; readonly command: StoreCommand; readonly replyTo: ActorRef<ClientReply> };

/** The typed name checks and tools read a member's state by (system.stateOf). */
export const memberStateKey = stateKey<MemberState>('etcd-member');

export interface MemberState {
  /** This member's boot, counted on its disk: proposals of an earlier boot are not this one's. */
  proposer: string;
  raft: RaftState;
  store: MvccStore;
  /** Exactly-once writes: the last write applied per client session, and its result. */
  sessions: Sessions;
  /** Open watch streams on this member, and where their responses go. */
  streams: Record<string, { readonly to: ActorRef<WatchReply>; sent: number; heard: number }>;
  /** A membership change waiting to be applied, and who asked for it. */
  changing: { readonly id: number; readonly membership: Membership; readonly replyTo: ActorRef<ClientReply> } | null;
  /** Applied a configuration without this member: it takes no further part, as etcd's removed member exits. */
  removed: boolean;
  /** Members removed by a configuration this member applied: told so when they speak (etcd answers 410 Gone). */
  gone: NodeId[];
  /** In an applied configuration yet (always, for a member the cluster started with). */
  joined: boolean;
  /** The configuration last applied, to see whom a new one removes. */
  members: NodeId[];
  /** Messages waiting for the fsync of the batch they depend on, and the log that batch makes durable. */
  outbox: Record<number, { messages: RaftMessage[]; last?: { index: number; term: number } }>;
  batch: number;
  /** The batch whose fsync is the latest asked for; nothing sent may overtake it. */
  syncing: number;
  /** The last snapshot put, and the last batch whose fsync was asked before it: a later batch's fsync makes it durable. */
  snapPut: { readonly index: number; readonly batch: number } | null;
  /** The newest snapshot a completed fsync covers: the WAL may be purged up to it. */
  durableSnap: number;
  /** The term and vote last written: a leader's appends may go out before its writes are durable. */
  written: { term: number; vote: NodeId | null };
  /** The last log index written to disk, to know when an append rewrites the tail. */
  persistedLast: number;
  nextProposal: number;
  writes: Record<number, Pending>;
  reads: Record<number, PendingRead>;
  /** Reads confirmed by ReadIndex, waiting for the state machine to reach their index. */
  readyReads: { index: number; read: PendingRead }[];
  /** Leases count down on the leader only, as in etcd: promoted when it leads, demoted after. */
  leading: boolean;
  /** Expired leases whose revoke is on its way through the log. */
  revoking: Record<number, true>;
}

/** What a member tells itself: its clock, its progress-notify timer, and fsyncs done. */
export type SelfMsg = { readonly type: 'Tick' } | { readonly type: 'ProgressNotify' } | { readonly type: 'Synced'; readonly batch: number };

export type Ctx = ActorContext<MemberMsg | SelfMsg>;

/** What stays fixed for a member's whole life, whatever its state. */
export interface Env {
  readonly options: MemberOptions;
  readonly config: RaftConfig;
  readonly snapshotEvery: number;
  /**
   * The one way into the Raft core (persist.ts): steps it and carries out the Ready. A removed
   * member steps nothing: it answers undefined.
   */
  readonly step: (s: MemberState, ctx: Ctx, input: RaftInput) => Ready | undefined;
}

export const reply = (ctx: Ctx, to: ActorRef<ClientReply>, msg: ClientReply) => ctx.send(to, msg);
