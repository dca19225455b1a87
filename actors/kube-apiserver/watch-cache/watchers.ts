// The live watchers and what each sees of a change, as the cacher's cacheWatcher decides it: an
// object that starts matching a watcher's selectors arrives as ADDED, one that stops matching as
// DELETED carrying its previous state with the change's resourceVersion, and a real delete as
// DELETED with the last state. Bookmarks go to watchers that allow them, about once a minute and
// 2 s before a watch's timeout, and only when the cache has moved past where the watch started.
// A watcher with `bufferLimit` live events unacknowledged is closed instead of sent more, as the
// cacher closes a watcher whose channel stays full.

import type { KubeWatchEvent } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { type Predicate, matches, withResourceVersion } from './predicate.ts';
import type { CachedEvent, Dispatch } from './types.ts';

/** The annotation on the BOOKMARK that ends a watch's initial events (sendInitialEvents). */
export const INITIAL_EVENTS_END_ANNOTATION = 'k8s.io/initial-events-end';

/** How far before a watch's deadline its last bookmark goes out. */
const PRE_TIMEOUT_MS = 2000;
/** What an event sends when no one watches; read only. */
const NOTHING: Dispatch = Object.freeze({ deliveries: Object.freeze([]), closed: Object.freeze([]) });

export interface Watcher {
  readonly id: string;
  readonly predicate: Predicate;
  /** Events at or below it are not this watcher's: it started from there (process()'s resourceVersion). */
  readonly startRevision: number;
  readonly allowBookmarks: boolean;
  /** Virtual ms the server ends the watch; undefined: no timeout. */
  readonly deadline: number | undefined;
  nextBookmarkAt: number | undefined;
  inFlight: number;
}

/** convertToWatchEvent: what `w` sees of `ev`, or nothing. */
export function eventFor(w: Pick<Watcher, 'predicate'>, ev: CachedEvent): KubeWatchEvent | undefined {
  const now = ev.type !== 'DELETED' && matches(w.predicate, ev.current);
  const before = ev.previous !== undefined && matches(w.predicate, ev.previous);
  if (now && !before) return { type: 'ADDED', object: ev.current.object };
  if (now && before) return { type: 'MODIFIED', object: ev.current.object };
  if (before) return { type: 'DELETED', object: withResourceVersion(ev.previous!.object, ev.revision) };
  return undefined;
}

export function bookmarkObject(apiVersion: string, kind: string, revision: number, initialEventsEnd = false): KubeObject {
  const metadata = initialEventsEnd
    ? { resourceVersion: String(revision), annotations: { [INITIAL_EVENTS_END_ANNOTATION]: 'true' } }
    : { resourceVersion: String(revision) };
  return { apiVersion, kind, metadata };
}

export class Watchers {
  private readonly all = new Map<string, Watcher>();

  constructor(
    private readonly bufferLimit: number,
    private readonly bookmarkFrequencyMs: number,
  ) {}

  get size(): number {
    return this.all.size;
  }

  has(id: string): boolean {
    return this.all.has(id);
  }

  /** nextBookmarkTime: a minute on, or 2 s before the deadline if sooner; none once that has passed. */
  private nextBookmark(now: number, deadline: number | undefined): number | undefined {
    let at = now + this.bookmarkFrequencyMs;
    if (deadline !== undefined && deadline - PRE_TIMEOUT_MS < at) at = deadline - PRE_TIMEOUT_MS;
    return at < now ? undefined : at;
  }

  add(w: Omit<Watcher, 'nextBookmarkAt' | 'inFlight'>, now: number): void {
    if (this.all.has(w.id)) throw new Error(`watcher ${w.id} already exists`);
    const nextBookmarkAt = w.allowBookmarks ? this.nextBookmark(now, w.deadline) : undefined;
    this.all.set(w.id, { ...w, nextBookmarkAt, inFlight: 0 });
  }

  remove(id: string): boolean {
    return this.all.delete(id);
  }

  ack(id: string, count: number): void {
    const w = this.all.get(id);
    if (w !== undefined) w.inFlight = Math.max(0, w.inFlight - count);
  }

  /** Every watcher closed, as on a relist. */
  closeAll(): string[] {
    const ids = [...this.all.keys()];
    this.all.clear();
    return ids;
  }

  dispatch(ev: CachedEvent): Dispatch {
    // Most caches have no watcher: their events need no arrays of their own.
    if (this.all.size === 0) return NOTHING;
    const deliveries: { id: string; events: KubeWatchEvent[] }[] = [];
    const closed: string[] = [];
    for (const w of this.all.values()) {
      if (ev.revision <= w.startRevision) continue;
      const out = eventFor(w, ev);
      if (out === undefined) continue;
      if (w.inFlight >= this.bufferLimit) {
        this.all.delete(w.id);
        closed.push(w.id);
        continue;
      }
      w.inFlight++;
      deliveries.push({ id: w.id, events: [out] });
    }
    return { deliveries, closed };
  }

  /** Bookmarks due by `now` at `revision`; a full buffer drops a bookmark rather than closing the watch. */
  bookmarks(now: number, revision: number, apiVersion: string, kind: string): Dispatch {
    const deliveries: { id: string; events: KubeWatchEvent[] }[] = [];
    for (const w of this.all.values()) {
      if (w.nextBookmarkAt === undefined || w.nextBookmarkAt > now) continue;
      const next = this.nextBookmark(now, w.deadline);
      w.nextBookmarkAt = next !== undefined && next > now ? next : undefined;
      if (revision === 0 || revision <= w.startRevision || w.inFlight >= this.bufferLimit) continue;
      deliveries.push({ id: w.id, events: [{ type: 'BOOKMARK', object: bookmarkObject(apiVersion, kind, revision) }] });
    }
    return { deliveries, closed: [] };
  }
}
