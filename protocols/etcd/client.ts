// What the etcd client actor (actors/etcd/member/client.ts) takes from the components that use it,
// and what it tells them.

import type { ActorRef } from '../../runtime/message.ts';
import { service } from '../../runtime/service.ts';
import type { StoreCommand, StoreResult, WatchCreateRequest, WatchEvent } from './kv.ts';

export type ClientResult = { readonly type: 'Result'; readonly id: number; readonly result: StoreResult };

export type WatchUpdate =
  /** Events, in revision order; none for a progress notification (to a watch with progressNotify): nothing changed up to `revision`. */
  | { readonly type: 'WatchEvents'; readonly id: number; readonly events: readonly WatchEvent[]; readonly revision: number }
  /** The watch ended: compacted (compactRevision > 0: resume no lower than it), or refused. */
  | { readonly type: 'WatchCanceled'; readonly id: number; readonly reason: string; readonly compactRevision: number };

/**
 * Only to a watch that asked for it (clientv3's WithCreatedNotify): the store's revision when the
 * watch was first created. A refusal is a created response too; its WatchCanceled follows.
 */
export type WatchCreated = { readonly type: 'WatchCreated'; readonly id: number; readonly revision: number };

export type ClientMsg =
  | { readonly type: 'Request'; readonly id: number; readonly command: StoreCommand; readonly serializable?: boolean; readonly replyTo: ActorRef<ClientResult> }
  /** Writes with nobody to answer: for scripts and benchmarks that count acknowledgements. */
  | { readonly type: 'WriteAll'; readonly commands: readonly StoreCommand[] }
  | { readonly type: 'Watch'; readonly id: number; readonly request: WatchCreateRequest; readonly replyTo: ActorRef<WatchUpdate>; readonly createdNotify?: false }
  | { readonly type: 'Watch'; readonly id: number; readonly request: WatchCreateRequest; readonly replyTo: ActorRef<WatchUpdate | WatchCreated>; readonly createdNotify: true }
  | { readonly type: 'CancelWatch'; readonly id: number }
  /** Asks the watch's member for a progress notification now (clientv3's RequestProgress): a watch with progressNotify hears it. */
  | { readonly type: 'RequestProgress'; readonly id: number };

/** The etcd client, beside the component that uses it on the same host. */
export const etcdClientService = service<ClientMsg>('etcd-client');
