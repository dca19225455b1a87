// What an etcd member says to its peers and its clients.

import type { ActorRef, Terminated } from '../../../runtime/index.ts';
import type { StoreCommand, StoreResult } from '../mvcc/index.ts';
import type { NodeId, RaftMessage } from '../raft/types.ts';

export type ClientReply =
  /** The store's answer: a write once applied, a read once safe to serve. */
  | { readonly type: 'Response'; readonly id: number; readonly result: StoreResult }
  | { readonly type: 'NotLeader'; readonly id: number; readonly leader: NodeId | null }
  /** A lease renewed on the leader (ttl 0: no such lease), as etcd's LeaseKeepAlive answers. */
  | { readonly type: 'KeptAlive'; readonly id: number; readonly lease: number; readonly ttl: number };

export type MemberMsg =
  | { readonly type: 'Raft'; readonly message: RaftMessage }
  | { readonly type: 'Tick' }
  | { readonly type: 'Synced'; readonly batch: number }
  /**
   * A request to the store. Ranges are reads: linearizable by default (ReadIndex), serializable
   * on request (answered from this member's state at once). Everything else goes through Raft.
   */
  | { readonly type: 'Request'; readonly id: number; readonly command: StoreCommand; readonly serializable?: boolean; readonly replyTo: ActorRef<ClientReply> }
  /** Renews a lease: only the leader keeps lease clocks, so only it answers. */
  | { readonly type: 'LeaseKeepAlive'; readonly id: number; readonly lease: number; readonly replyTo: ActorRef<ClientReply> }
  | { readonly type: 'TransferLeadership'; readonly to: NodeId }
  | Terminated;
