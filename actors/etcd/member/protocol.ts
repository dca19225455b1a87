// What an etcd member says to its peers and its clients.

import type { ActorRef, Terminated } from '../../../runtime/index.ts';
import type { NodeId, RaftMessage } from '../raft/types.ts';

/** A write the replicated state machine applies in log order. */
export type Command = { readonly op: 'put'; readonly key: string; readonly value: string } | { readonly op: 'delete'; readonly key: string };

export type ClientReply =
  | { readonly type: 'Done'; readonly id: number; readonly revision: number }
  | { readonly type: 'Value'; readonly id: number; readonly value: string | null; readonly revision: number }
  | { readonly type: 'NotLeader'; readonly id: number; readonly leader: NodeId | null }
  | { readonly type: 'Failed'; readonly id: number; readonly error: string };

export type MemberMsg =
  | { readonly type: 'Raft'; readonly message: RaftMessage }
  | { readonly type: 'Tick' }
  | { readonly type: 'Synced'; readonly batch: number }
  | { readonly type: 'Write'; readonly id: number; readonly command: Command; readonly replyTo: ActorRef<ClientReply> }
  /** Linearizable by default (ReadIndex); serializable reads answer from local state at once. */
  | { readonly type: 'Read'; readonly id: number; readonly key: string; readonly serializable?: boolean; readonly replyTo: ActorRef<ClientReply> }
  | { readonly type: 'TransferLeadership'; readonly to: NodeId }
  | Terminated;
