// The sliding window of recent events, as Kubernetes 1.32's watch cache keeps it: a ring whose
// capacity starts at the lower bound (100) and doubles, up to the upper bound (100*1024), while a
// full ring holds less than eventFreshMs (75 s) of history, and halves when its newest quarter is
// already older than that. So a busy resource keeps at least 75 s of events and a quiet one 100.
// A watch or an exact list from a revision the window no longer covers is answered 410.

import type { CachedEvent } from './types.ts';

export const DEFAULT_LOWER_BOUND_CAPACITY = 100;
export const DEFAULT_UPPER_BOUND_CAPACITY = 100 * 1024;
export const DEFAULT_EVENT_FRESH_MS = 75_000;

export interface WindowBounds {
  readonly lowerBoundCapacity: number;
  readonly upperBoundCapacity: number;
  readonly eventFreshMs: number;
}

export class EventWindow {
  private ring: (CachedEvent | undefined)[];
  private startIndex = 0;
  private endIndex = 0;
  /** The revision of the last full list (replace); 0 before one. */
  private listRevision = 0;
  /** Whether an event has fallen out since that list: until then the list's revision is still servable. */
  private removedSinceList = false;

  constructor(private readonly bounds: WindowBounds) {
    this.ring = new Array<CachedEvent | undefined>(bounds.lowerBoundCapacity);
  }

  get capacity(): number {
    return this.ring.length;
  }

  get size(): number {
    return this.endIndex - this.startIndex;
  }

  /** A relist empties the window; the listed revision becomes the oldest one served. */
  reset(listRevision: number): void {
    for (let i = this.startIndex; i < this.endIndex; i++) this.ring[i % this.ring.length] = undefined;
    this.startIndex = this.endIndex;
    this.listRevision = listRevision;
    this.removedSinceList = false;
  }

  push(e: CachedEvent): void {
    this.resize(e.recordedAt);
    if (this.size === this.ring.length) {
      this.ring[this.startIndex % this.ring.length] = undefined;
      this.startIndex++;
      this.removedSinceList = true;
    }
    this.ring[this.endIndex % this.ring.length] = e;
    this.endIndex++;
  }

  private at(i: number): CachedEvent {
    return this.ring[i % this.ring.length]!;
  }

  private resize(now: number): void {
    const cap = this.ring.length;
    const full = this.size === cap;
    if (full && now - this.at(this.startIndex).recordedAt < this.bounds.eventFreshMs) {
      const grown = Math.min(cap * 2, this.bounds.upperBoundCapacity);
      if (grown > cap) this.reshape(grown);
      return;
    }
    if (full && now - this.at(this.endIndex - Math.floor(cap / 4)).recordedAt > this.bounds.eventFreshMs) {
      const shrunk = Math.max(Math.floor(cap / 2), this.bounds.lowerBoundCapacity);
      if (shrunk < cap) this.reshape(shrunk);
    }
  }

  private reshape(capacity: number): void {
    if (capacity < this.ring.length) this.startIndex = this.endIndex - capacity;
    const next = new Array<CachedEvent | undefined>(capacity);
    for (let i = this.startIndex; i < this.endIndex; i++) next[i % capacity] = this.at(i);
    this.ring = next;
  }

  /**
   * The oldest revision whose state the window can rebuild and whose later events it still holds
   * (a watch from it misses nothing); undefined before the first list.
   */
  oldestServable(): number | undefined {
    if (this.listRevision > 0 && !this.removedSinceList) return this.listRevision;
    if (this.size > 0) return this.at(this.startIndex).revision - 1;
    return undefined;
  }

  /** Events with a revision above `revision`, oldest first. */
  since(revision: number): CachedEvent[] {
    let lo = this.startIndex;
    let hi = this.endIndex;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.at(mid).revision > revision) hi = mid;
      else lo = mid + 1;
    }
    const out: CachedEvent[] = [];
    for (let i = lo; i < this.endIndex; i++) out.push(this.at(i));
    return out;
  }
}
