// The multi-version key index: every key's revisions in order, each a (main, sub) pair with the
// key-value written there. It plays the part of etcd's treeIndex and its bolt key bucket at once.
// A tombstone is stored as the kv a DELETE event carries: key and modRevision only, createRevision 0.

import type { Bytes } from '../../../protocols/etcd/kv.ts';
import type { KeyValue } from '../../../protocols/etcd/kv.ts';

export interface Entry {
  /** Position within its revision: changes of one write are numbered from 0 in the order made. */
  readonly sub: number;
  readonly kv: KeyValue;
}

export const isTombstone = (kv: KeyValue): boolean => kv.createRevision === 0;

/**
 * Where a range stops. `null`: the single key. `''`: no upper bound. Otherwise exclusive.
 * This is etcd's nil / empty / non-empty distinction after mkGteRange.
 */
export type RangeEnd = Bytes | null;

/** Reads a client's range end the way etcd does: '' is one key, '\0' is "to the end". */
export function toRangeEnd(rangeEnd: Bytes | undefined): RangeEnd {
  if (rangeEnd === undefined || rangeEnd === '') return null;
  if (rangeEnd === '\0') return '';
  return rangeEnd;
}

export function inRange(k: Bytes, key: Bytes, end: RangeEnd): boolean {
  if (end === null) return k === key;
  return k >= key && (end === '' || k < end);
}

export class Keyspace {
  /** Keys with retained history, sorted byte-wise: all of them but `unsorted`. */
  private readonly sorted: Bytes[] = [];
  /**
   * Keys new since the key order was last needed. Most writes make a new key (a create) and few
   * reads walk the key order, so new keys are sorted in when a walk needs them, all at once,
   * instead of one binary search and one array shift each.
   */
  private unsorted: Bytes[] = [];
  private readonly histories = new Map<Bytes, Entry[]>();

  get size(): number {
    return this.sorted.length + this.unsorted.length;
  }

  /** Every key with retained history, in order. */
  private ordered(): Bytes[] {
    const add = this.unsorted;
    if (add.length === 0) return this.sorted;
    this.unsorted = [];
    // The default sort compares UTF-16 code units, as `<` does: byte order for byte strings.
    add.sort();
    if (add.length <= MERGE_FROM) {
      for (const key of add) this.sorted.splice(lowerBound(this.sorted, key), 0, key);
      return this.sorted;
    }
    const old = this.sorted.splice(0);
    let i = 0;
    let j = 0;
    while (i < old.length && j < add.length) this.sorted.push(old[i]! < add[j]! ? old[i++]! : add[j++]!);
    while (i < old.length) this.sorted.push(old[i++]!);
    while (j < add.length) this.sorted.push(add[j++]!);
    return this.sorted;
  }

  /** The keys in [key, end) that have any retained history, in order. */
  *keysIn(key: Bytes, end: RangeEnd): Generator<Bytes> {
    if (end === null) {
      if (this.histories.has(key)) yield key;
      return;
    }
    const sorted = this.ordered();
    for (let i = lowerBound(sorted, key); i < sorted.length; i++) {
      const k = sorted[i]!;
      if (end !== '' && k >= end) return;
      yield k;
    }
  }

  allKeys(): readonly Bytes[] {
    return this.ordered();
  }

  history(key: Bytes): readonly Entry[] {
    return this.histories.get(key) ?? [];
  }

  /** The key's last entry written at or before `rev`, tombstone or not. */
  entryAt(key: Bytes, rev: number): Entry | undefined {
    const h = this.histories.get(key);
    if (!h) return undefined;
    // Entries are in (main, sub) order; the last one with main ≤ rev is the state at rev.
    let lo = 0;
    let hi = h.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (h[mid]!.kv.modRevision <= rev) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? undefined : h[lo - 1];
  }

  /** The key's live value at `rev`, if it existed then. */
  get(key: Bytes, rev: number): KeyValue | undefined {
    const e = this.entryAt(key, rev);
    return e && !isTombstone(e.kv) ? e.kv : undefined;
  }

  /** The live key-values of [key, end) at `rev`, in key order. */
  range(key: Bytes, end: RangeEnd, rev: number): KeyValue[] {
    // One key (every txn guard the apiserver sends): no walk over the key order.
    if (end === null) {
      const kv = this.get(key, rev);
      return kv ? [kv] : [];
    }
    const out: KeyValue[] = [];
    for (const k of this.keysIn(key, end)) {
      const kv = this.get(k, rev);
      if (kv) out.push(kv);
    }
    return out;
  }

  /** Appends a write; its revision must not be older than the key's last. */
  append(entry: Entry): void {
    const key = entry.kv.key;
    const h = this.histories.get(key);
    if (h) {
      h.push(entry);
      return;
    }
    this.histories.set(key, [entry]);
    this.unsorted.push(key);
  }

  /** Takes back the key's last write (a txn that failed half-way). */
  dropLast(key: Bytes): void {
    const h = this.histories.get(key);
    if (!h) return;
    h.pop();
    if (h.length > 0) return;
    this.histories.delete(key);
    const sorted = this.ordered();
    sorted.splice(lowerBound(sorted, key), 1);
  }

  /**
   * Every retained write to keys in [key, end) at revision `from` or later, in the order etcd's
   * backend holds them: by revision, then by position within the revision.
   */
  entriesSince(key: Bytes, end: RangeEnd, from: number): Entry[] {
    const out: Entry[] = [];
    for (const k of this.keysIn(key, end)) {
      const h = this.histories.get(k)!;
      for (let i = h.length - 1; i >= 0 && h[i]!.kv.modRevision >= from; i--) out.push(h[i]!);
    }
    return out.sort((a, b) => a.kv.modRevision - b.kv.modRevision || a.sub - b.sub);
  }

  /**
   * Drops the history that compaction at `rev` makes unreachable, as etcd's keyIndex.compact does,
   * generation by generation (a generation: a key's puts up to the tombstone that ends them).
   * Generations closed before `rev` go; of the first one still open at `rev`, the newest write at
   * or before `rev` stays with all that follows. Whether a generation closed exactly at `rev`
   * counts as open is `keepTombstoneAtRev`: etcd ≥ 3.4.34 keeps that tombstone so that a watch
   * from `rev` still sees the delete; earlier releases drop it. A key left with nothing is
   * forgotten.
   */
  compact(rev: number, keepTombstoneAtRev: boolean): void {
    const keep: Bytes[] = [];
    for (const key of this.ordered()) {
      const h = this.histories.get(key)!;
      let start = 0;
      let end = 0;
      for (; end < h.length; end++) {
        const kv = h[end]!.kv;
        if (!isTombstone(kv)) continue;
        if (keepTombstoneAtRev ? kv.modRevision >= rev : kv.modRevision > rev) break;
        start = end + 1;
      }
      let from = start;
      for (let i = start; i <= end && i < h.length; i++) if (h[i]!.kv.modRevision <= rev) from = i;
      if (from > 0) h.splice(0, from);
      if (h.length === 0) this.histories.delete(key);
      else keep.push(key);
    }
    this.sorted.length = 0;
    for (const k of keep) this.sorted.push(k);
  }
}

/** New keys up to this many are put in place one by one; more are sorted and merged in one pass. */
const MERGE_FROM = 8;

/** The first index whose key is ≥ `key`. */
function lowerBound(sorted: readonly Bytes[], key: Bytes): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
