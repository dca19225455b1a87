// What a client says to a kube-apiserver replica and what it hears back: the REST API as
// messages. A request names what an HTTP request's path and query name (verb, group, version,
// resource, subresource, namespace, name, the verb's options as Kubernetes spells its query
// parameters) and carries the caller's bearer token, so `kyb serve` maps HTTP onto it one to one.

import type { ActorRef } from '../../runtime/message.ts';
import { service } from '../../runtime/service.ts';
import type { KubeObject, ListMeta } from './objects.ts';
import type { FailureStatus } from './status.ts';

/** Which resource a request is about: the parts of its URL path. */
export interface Target {
  /** '' for the core group. */
  readonly group: string;
  readonly version: string;
  /** The plural, as in URLs: 'pods', 'deployments'. */
  readonly resource: string;
  /** 'status', 'scale', 'binding', 'eviction'; absent for the resource itself. */
  readonly subresource?: string;
  /** Absent for cluster-scoped resources and for lists across all namespaces. */
  readonly namespace?: string;
  /** Absent for collection verbs (list, watch, create, deletecollection). */
  readonly name?: string;
}

export type DryRun = readonly 'All'[];
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';
export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';
export type ResourceVersionMatch = 'NotOlderThan' | 'Exact';
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** The content types of the four patch kinds, as a request's Content-Type names them. */
export const PATCH_CONTENT_TYPES: Readonly<Record<PatchType, string>> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export interface GetOptions {
  readonly resourceVersion?: string;
}

export interface ListOptions {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: ResourceVersionMatch;
  readonly limit?: number;
  readonly continue?: string;
  /** Watch only. */
  readonly allowWatchBookmarks?: boolean;
  /** Watch only: the current objects first as ADDED, then a BOOKMARK marking the end of them. */
  readonly sendInitialEvents?: boolean;
  /** Watch only: the server ends the watch after this long. */
  readonly timeoutSeconds?: number;
}

export interface CreateOptions {
  readonly dryRun?: DryRun;
  readonly fieldManager?: string;
  readonly fieldValidation?: FieldValidation;
}

export type UpdateOptions = CreateOptions;

export interface PatchOptions extends CreateOptions {
  /** Server-side apply only: take ownership of conflicting fields. */
  readonly force?: boolean;
}

export interface Preconditions {
  readonly uid?: string;
  readonly resourceVersion?: string;
}

export interface DeleteOptions {
  readonly gracePeriodSeconds?: number;
  readonly preconditions?: Preconditions;
  readonly propagationPolicy?: PropagationPolicy;
  readonly dryRun?: DryRun;
}

/** One API call. `token` is the bearer token of the caller; absent: anonymous. */
export type ApiCall =
  | { readonly verb: 'get'; readonly target: Target; readonly options?: GetOptions }
  | { readonly verb: 'list'; readonly target: Target; readonly options?: ListOptions }
  | { readonly verb: 'create'; readonly target: Target; readonly body: KubeObject; readonly options?: CreateOptions }
  | { readonly verb: 'update'; readonly target: Target; readonly body: KubeObject; readonly options?: UpdateOptions }
  | { readonly verb: 'patch'; readonly target: Target; readonly patchType: PatchType; readonly patch: string; readonly options?: PatchOptions }
  | { readonly verb: 'delete'; readonly target: Target; readonly options?: DeleteOptions }
  | { readonly verb: 'deletecollection'; readonly target: Target; readonly options?: DeleteOptions & ListOptions };

export type ApiVerb = ApiCall['verb'];

/** A list as the API returns it: `<Kind>List` with the items' apiVersion. */
export interface ObjectList {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ListMeta;
  readonly items: readonly KubeObject[];
}

export type ApiResult =
  /** 200 or 201 (created) or 202 (accepted: a delete that waits for finalizers or the kubelet). */
  | { readonly ok: true; readonly code: 200 | 201 | 202; readonly body: KubeObject | ObjectList; readonly warnings?: readonly string[] }
  | { readonly ok: false; readonly code: number; readonly body: FailureStatus; readonly warnings?: readonly string[] };

export type ApiResponse = { readonly type: 'ApiResponse'; readonly id: number; readonly result: ApiResult };

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** As a watch stream's JSON lines: ERROR carries a Status, the others an object. */
export type KubeWatchEvent =
  | { readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; readonly object: KubeObject }
  | { readonly type: 'ERROR'; readonly object: FailureStatus };

export type WatchStream =
  /** Events in resourceVersion order; `seq` counts this stream's messages from 0, so a gap shows a loss. */
  | { readonly type: 'WatchEvents'; readonly id: number; readonly seq: number; readonly events: readonly KubeWatchEvent[] }
  /** The stream is over (timeout, an ERROR already sent, the replica stopping); the client may watch again. */
  | { readonly type: 'WatchClosed'; readonly id: number; readonly seq: number }
  /** The watch was refused before it began (bad selector, forbidden, too old): nothing else follows. */
  | { readonly type: 'WatchRefused'; readonly id: number; readonly result: ApiResult & { readonly ok: false } }
  /**
   * The answer to a WatchPing, outside the stream's numbering: whether the replica still serves
   * the watch (a replica that restarted has forgotten it, as a reset connection would), and how
   * many messages it has sent on it, so that a lost last message shows.
   */
  | { readonly type: 'WatchAlive'; readonly id: number; readonly alive: boolean; readonly sent: number };

/** Who a request is, as an aggregating apiserver tells the server it proxies to (X-Remote-User and X-Remote-Group). */
export interface RemoteUser {
  readonly name: string;
  readonly groups: readonly string[];
}

export type ApiserverMsg =
  /** `user`: set only by an apiserver proxying the call to an aggregated server, which trusts it. */
  | { readonly type: 'Call'; readonly id: number; readonly call: ApiCall; readonly token?: string; readonly user?: RemoteUser; readonly replyTo: ActorRef<ApiResponse> }
  | {
      readonly type: 'Watch';
      readonly id: number;
      readonly target: Target;
      readonly options?: ListOptions;
      readonly token?: string;
      /** As a Call's: set only by an apiserver proxying the watch to an aggregated server. */
      readonly user?: RemoteUser;
      readonly replyTo: ActorRef<WatchStream>;
    }
  /** From the watcher: stop sending. `watcher` names the stream, as ids are per watcher. */
  | { readonly type: 'StopWatch'; readonly id: number; readonly watcher: ActorRef<WatchStream> }
  /** From the watcher of a quiet stream: is it still there? (HTTP/2's health-check ping.) */
  | { readonly type: 'WatchPing'; readonly id: number; readonly watcher: ActorRef<WatchStream> };

/** A kube-apiserver replica, one per control-plane host. */
export const kubeApiserverService = service<ApiserverMsg>('kube-apiserver');
