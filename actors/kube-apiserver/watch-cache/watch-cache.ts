// One resource's watch cache: the objects, the window of recent events, the watchers. A pure
// core: the shell feeds it etcd's list and events and the virtual time, and turns what it returns
// into replies and watch messages. Nothing here waits; a read that must wait for the cache to
// catch up comes back as `{ type: 'wait', revision }` (see list.ts).

import type { KubeWatchEvent } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { type FailureStatus, tooManyRequests, tooOldResourceVersion } from '../../../protocols/kube/status.ts';
import { type ListOutcome, list, parseResourceVersion } from './list.ts';
import { compilePredicate, elementOf, keyOf, matches, withResourceVersion } from './predicate.ts';
import { invalidResourceVersion, tooLargeResourceVersion } from './statuses.ts';
import { Store } from './store.ts';
import type { CacheListOptions, CachedEvent, Dispatch, StorageEvent, WatchCacheOptions, WatchSpec } from './types.ts';
import { Watchers, bookmarkObject, eventFor } from './watchers.ts';
import { DEFAULT_EVENT_FRESH_MS, DEFAULT_LOWER_BOUND_CAPACITY, DEFAULT_UPPER_BOUND_CAPACITY, EventWindow } from './window.ts';

/** Kubernetes' channel size for a watch on a resource without an index trigger. */
export const DEFAULT_WATCHER_BUFFER_LIMIT = 100;
export const DEFAULT_BOOKMARK_FREQUENCY_MS = 60_000;

export type WatchStart =
  /** The watch is live: send `events` first (initial state, or the window's events since its revision). */
  | { readonly type: 'started'; readonly events: readonly KubeWatchEvent[] }
  /** The stream is one ERROR (410 too old, or 504 after waiting): send it and close. Not registered. */
  | { readonly type: 'error'; readonly event: KubeWatchEvent & { readonly type: 'ERROR' } }
  /** Refused before it began (bad selector or resourceVersion, cache not yet listed). Not registered. */
  | { readonly type: 'refused'; readonly status: FailureStatus }
  /** sendInitialEvents needs the cache at `revision`: ask again once readyAt; after BLOCK_TIMEOUT_MS, `watchTimedOut`. */
  | { readonly type: 'wait'; readonly revision: number };

export type GetOutcome =
  /** `object` undefined: not found (the shell answers 404 with its resource's name). */
  | { readonly type: 'object'; readonly object: KubeObject | undefined; readonly revision: number }
  | { readonly type: 'wait'; readonly revision: number }
  | { readonly type: 'error'; readonly status: FailureStatus };

const initializing = (): FailureStatus => tooManyRequests('storage is (re)initializing', 1);

export class WatchCache {
  readonly store = new Store();
  readonly window: EventWindow;
  private readonly watchers: Watchers;
  /** The newest revision this cache took in itself: its list, an event, a progress notification. */
  private own = 0;
  private listed = false;

  constructor(private readonly opts: WatchCacheOptions) {
    this.window = new EventWindow({
      lowerBoundCapacity: opts.lowerBoundCapacity ?? DEFAULT_LOWER_BOUND_CAPACITY,
      upperBoundCapacity: opts.upperBoundCapacity ?? DEFAULT_UPPER_BOUND_CAPACITY,
      eventFreshMs: opts.eventFreshMs ?? DEFAULT_EVENT_FRESH_MS,
    });
    this.watchers = new Watchers(opts.watcherBufferLimit ?? DEFAULT_WATCHER_BUFFER_LIMIT, opts.bookmarkFrequencyMs ?? DEFAULT_BOOKMARK_FREQUENCY_MS);
  }

  get apiVersion(): string {
    return this.opts.apiVersion;
  }
  get kind(): string {
    return this.opts.kind;
  }
  get namespaced(): boolean {
    return this.opts.namespaced;
  }
  /** The newest revision the cache has seen (an event's or a progress notification's). */
  get revision(): number {
    return this.current;
  }

  /**
   * Its own revision, or the progress every cache shares when that is newer: one etcd watch feeds
   * them all, so a response moves each of them up to its revision. The shared floor moves once
   * per response instead of every cache being told.
   */
  private get current(): number {
    const floor = this.opts.progressFloor?.revision ?? 0;
    return floor > this.own ? floor : this.own;
  }
  get watcherCount(): number {
    return this.watchers.size;
  }

  readyAt(revision: number): boolean {
    return this.listed && this.current >= revision;
  }

  private element(obj: KubeObject) {
    return elementOf(obj, this.opts.namespaced, this.opts.selectableFields);
  }

  /** The initial list, or a relist after the etcd watch broke: every watcher is closed, the window emptied. */
  replace(objects: readonly KubeObject[], revision: number): Dispatch {
    this.store.replace(objects.map((o) => this.element(o)));
    this.window.reset(revision);
    this.own = revision;
    this.listed = true;
    return { deliveries: [], closed: this.watchers.closeAll() };
  }

  apply(event: StorageEvent, now: number): Dispatch {
    if (!this.listed) throw new Error('watch cache: apply before replace');
    const seen = this.current;
    if (event.revision < seen) throw new Error(`watch cache: event at revision ${event.revision} after ${seen}`);
    const key = keyOf(event.object, this.opts.namespaced);
    const previous = this.store.get(key);
    const current = this.element(withResourceVersion(event.object, event.revision));
    const cached: CachedEvent = { type: event.type, key, revision: event.revision, current, previous, recordedAt: now };
    this.window.push(cached);
    this.own = event.revision;
    if (event.type === 'DELETED') this.store.delete(key);
    else this.store.set(current);
    return this.watchers.dispatch(cached);
  }

  /** An etcd progress notification: nothing changed up to `revision`. */
  progress(revision: number): void {
    if (revision > this.current) this.own = revision;
  }

  /** The objects now, in key order ('' namespace: all): what a list at resourceVersion "0" with no selector holds. */
  objects(namespace = ''): KubeObject[] {
    return this.store.objectsIn(this.opts.namespaced && namespace !== '' ? `${namespace}/` : '');
  }

  get(namespace: string, name: string): KubeObject | undefined {
    if (!this.opts.namespaced) return this.store.get(name)?.object;
    return (namespace.includes('/') ? this.store.get(`${namespace}/${name}`) : this.store.getIn(namespace, name))?.object;
  }

  /**
   * A get with resourceVersion semantics: "0" now; N once the cache has N. "" is a consistent
   * read as for lists (the 1.32 cacher sends it to etcd instead): `currentRevision` is etcd's.
   */
  getAt(namespace: string, name: string, resourceVersion = '', currentRevision?: number): GetOutcome {
    if (!this.listed) return { type: 'error', status: initializing() };
    const n = parseResourceVersion(resourceVersion);
    if (n === undefined) return { type: 'error', status: invalidResourceVersion(resourceVersion) };
    const need = resourceVersion === '' ? (currentRevision ?? this.current) : n;
    if (this.current < need) return { type: 'wait', revision: need };
    return { type: 'object', object: this.get(namespace, name), revision: this.current };
  }

  list(options: CacheListOptions = {}): ListOutcome {
    if (!this.listed) return { type: 'error', status: initializing() };
    const { store, window, current: revision } = this;
    const { apiVersion, kind, namespaced } = this.opts;
    return list({ store, window, revision, apiVersion, kind, namespaced }, options);
  }

  /** The 504 for a read that waited BLOCK_TIMEOUT_MS for `revision` in vain. */
  tooLarge(revision: number): FailureStatus {
    return tooLargeResourceVersion(revision, this.current);
  }

  /** The ERROR event for a watch that waited BLOCK_TIMEOUT_MS for `revision` in vain. */
  watchTimedOut(revision: number): WatchStart {
    return { type: 'error', event: { type: 'ERROR', object: this.tooLarge(revision) } };
  }

  watch(spec: WatchSpec, now: number): WatchStart {
    if (!this.listed) return { type: 'refused', status: initializing() };
    const compiled = compilePredicate(spec.namespace, spec.labelSelector, spec.fieldSelector, this.opts.namespaced);
    if (!compiled.ok) return { type: 'refused', status: compiled.status };
    const predicate = compiled.predicate;
    const rv = spec.resourceVersion ?? '';
    const requested = parseResourceVersion(rv);
    if (requested === undefined) return { type: 'refused', status: invalidResourceVersion(rv) };
    const initial = spec.sendInitialEvents;
    // With sendInitialEvents and no resourceVersion, the watch starts from etcd's current revision.
    const required = rv === '' && initial !== undefined ? (spec.currentRevision ?? this.current) : requested;
    if (initial === true && this.current < required) return { type: 'wait', revision: required };
    const events: KubeWatchEvent[] = [];
    let startRevision: number;
    if (initial === true || (required === 0 && initial === undefined)) {
      for (const e of this.store.inRange(predicate.prefix, '')) if (matches(predicate, e)) events.push({ type: 'ADDED', object: e.object });
      startRevision = Math.max(required, this.current);
    } else {
      startRevision = required === 0 ? this.current : required;
      const oldest = this.window.oldestServable() ?? this.current;
      if (startRevision < oldest) return { type: 'error', event: { type: 'ERROR', object: tooOldResourceVersion(startRevision, oldest) } };
      for (const ev of this.window.since(startRevision)) {
        const out = eventFor({ predicate }, ev);
        if (out !== undefined) events.push(out);
      }
    }
    const allowBookmarks = spec.allowWatchBookmarks === true;
    if (initial === true && allowBookmarks) events.push({ type: 'BOOKMARK', object: bookmarkObject(this.opts.apiVersion, this.opts.kind, this.current, true) });
    const deadline = spec.timeoutSeconds === undefined ? undefined : now + spec.timeoutSeconds * 1000;
    this.watchers.add({ id: spec.id, predicate, startRevision: Math.max(startRevision, this.current), allowBookmarks, deadline }, now);
    return { type: 'started', events };
  }

  /** The shell saw `count` more of this watcher's live events taken by its client. */
  ack(id: string, count: number): void {
    this.watchers.ack(id, count);
  }

  stopWatch(id: string): boolean {
    return this.watchers.remove(id);
  }

  /** Bookmarks for the watchers due one by `now`; call it about once a second of virtual time. */
  bookmarks(now: number): Dispatch {
    return this.watchers.bookmarks(now, this.current, this.opts.apiVersion, this.opts.kind);
  }
}
