// The plain data the watch cache takes in and hands out.

import type { KubeWatchEvent, ListOptions, ResourceVersionMatch } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';

/** One etcd watch event, decoded by the caller. For DELETED, `object` is the last state before the delete. */
export interface StorageEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: KubeObject;
  /** What etcd's prev_kv said; the cache keeps its own previous state and does not need it. */
  readonly prevObject?: KubeObject;
  /** The etcd mod revision of the event (of the delete, for DELETED). */
  readonly revision: number;
}

/** An object as the cache holds it: its key and the attributes selectors read, computed once. */
export interface Element {
  /** `<namespace>/<name>` for a namespaced resource, `<name>` otherwise: the etcd key after the resource prefix. */
  readonly key: string;
  readonly object: KubeObject;
  readonly labels: Readonly<Record<string, string>>;
  readonly fields: Readonly<Record<string, string>>;
}

/** A change as the window keeps it: enough to replay it forwards (watch) and backwards (old lists). */
export interface CachedEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly key: string;
  readonly revision: number;
  /** The state after the event; for DELETED, the deleted state with the delete's resourceVersion. */
  readonly current: Element;
  readonly previous: Element | undefined;
  /** Virtual ms when the cache took it in; the window's resizing reads it. */
  readonly recordedAt: number;
}

export interface WatchCacheOptions {
  /** Of the objects, e.g. 'v1' or 'apps/v1'; lists are `<kind>List` of it and bookmarks carry it. */
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** Kind-specific selectable fields (spec.nodeName, status.phase, ...); metadata.name/namespace are added. */
  readonly selectableFields?: (obj: KubeObject) => Readonly<Record<string, string>>;
  /** The window's capacity bounds; Kubernetes 1.32: 100 and 100*1024, resized to keep eventFreshMs of history. */
  readonly lowerBoundCapacity?: number;
  readonly upperBoundCapacity?: number;
  readonly eventFreshMs?: number;
  /** Live events a watcher may have unacknowledged before it is closed as too slow. */
  readonly watcherBufferLimit?: number;
  readonly bookmarkFrequencyMs?: number;
  /** Progress shared with the other caches of one etcd watch: the cache is at least at its revision. */
  readonly progressFloor?: { readonly revision: number };
}

/** A list's options as the API takes them, plus where and against what revision. */
export interface CacheListOptions extends Pick<ListOptions, 'labelSelector' | 'fieldSelector' | 'resourceVersion' | 'resourceVersionMatch' | 'limit' | 'continue'> {
  /** '' or absent: across namespaces (or a cluster-scoped resource). */
  readonly namespace?: string;
  /**
   * For resourceVersion "" (a consistent read): etcd's current revision, which the caller learns
   * first. Absent: the cache's own revision is taken as current.
   */
  readonly currentRevision?: number;
}

export interface WatchSpec {
  /** The caller's name for this watch; unique among live watchers. */
  readonly id: string;
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: ResourceVersionMatch;
  readonly allowWatchBookmarks?: boolean;
  readonly sendInitialEvents?: boolean;
  /** The server closes the watch after this; a bookmark goes out 2 s before. */
  readonly timeoutSeconds?: number;
  /** For sendInitialEvents with resourceVersion "": etcd's current revision, learned by the caller. */
  readonly currentRevision?: number;
}

/** Events for the watchers an input concerns, and the watchers the cache has closed (too slow, relist). */
export interface Dispatch {
  readonly deliveries: readonly { readonly id: string; readonly events: readonly KubeWatchEvent[] }[];
  readonly closed: readonly string[];
}
