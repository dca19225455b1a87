// What an etcd member says to its peers and its clients.

import type { ActorRef } from '../../runtime/message.ts';
import { service } from '../../runtime/service.ts';
import type { StoreCommand, StoreResult, WatchCreateRequest, WatchResponse } from './kv.ts';
import type { Membership, NodeId, RaftMessage } from './raft.ts';

/**
 * Exactly-once writes (Raft thesis §6.3): a client tags each write with its session and a
 * sequence number, and a retry on any member carries the same tag.
 */
export interface SessionTag {
  readonly client: string;
  readonly seq: number;
  /** Every write of the client below this sequence number has had its answer (absent: below seq). */
  readonly lowest?: number;
}

export type ClientReply =
  /** The store's answer: a write once applied, a read once safe to serve. */
  | { readonly type: 'Response'; readonly id: number; readonly result: StoreResult }
  | { readonly type: 'NotLeader'; readonly id: number; readonly leader: NodeId | null }
  /** A lease renewed on the leader (ttl 0: no such lease), as etcd's LeaseKeepAlive answers. */
  | { readonly type: 'KeptAlive'; readonly id: number; readonly lease: number; readonly ttl: number }
  /** A membership change applied: the cluster's voters and learners from now on. */
  | { readonly type: 'MembershipChanged'; readonly id: number; readonly membership: Membership };

/** What a member sends down a watch stream. */
export type WatchReply =
  /**
   * `seq` counts the stream's responses from 1: the network may lose one where a stream over TCP
   * would break instead, so a client that sees a gap treats the stream as broken and resumes.
   */
  | { readonly type: 'WatchResponse'; readonly stream: string; readonly seq: number; readonly response: WatchResponse }
  /**
   * The member dropped the stream: it restarted (the stream is unknown), or it has no leader
   * and so cannot promise to see new writes (etcd's require-leader: "etcdserver: no leader").
   */
  | { readonly type: 'WatchClosed'; readonly stream: string; readonly reason: string };

export type MemberMsg =
  | { readonly type: 'Raft'; readonly message: RaftMessage }
  /**
   * A request to the store. Ranges are reads: linearizable by default (ReadIndex), serializable
   * on request (answered from this member's state at once). Everything else goes through Raft;
   * a write tagged with a session is applied at most once however often it is retried.
   */
  | {
      readonly type: 'Request';
      readonly id: number;
      readonly command: StoreCommand;
      readonly serializable?: boolean;
      readonly session?: SessionTag;
      readonly replyTo: ActorRef<ClientReply>;
    }
  /** Renews a lease: only the leader keeps lease clocks, so only it answers. */
  | { readonly type: 'LeaseKeepAlive'; readonly id: number; readonly lease: number; readonly replyTo: ActorRef<ClientReply> }
  | { readonly type: 'TransferLeadership'; readonly to: NodeId }
  /** From a peer: the sender's configuration no longer has this member. */
  | { readonly type: 'Removed' }
  /** Add, remove or replace members (one change at a time), or promote a learner: answered once applied. */
  | { readonly type: 'ChangeMembership'; readonly id: number; readonly membership: Membership; readonly replyTo: ActorRef<ClientReply> }
  /** Opens a watch on a stream (streams are named by their clients); responses go to `replyTo`. */
  | { readonly type: 'Watch'; readonly stream: string; readonly request: WatchCreateRequest; readonly replyTo: ActorRef<WatchReply> }
  /** Cancels one watch of the stream; watch id -1 closes the whole stream. */
  | { readonly type: 'WatchCancel'; readonly stream: string; readonly watchId: number }
  /** Asks for a progress response on every watch of the stream: the client's liveness probe. */
  | { readonly type: 'WatchProgress'; readonly stream: string; readonly replyTo: ActorRef<WatchReply> };

/** An etcd member, one per etcd host (or per control-plane host, stacked). */
export const etcdMemberService = service<MemberMsg>('etcd-member');
