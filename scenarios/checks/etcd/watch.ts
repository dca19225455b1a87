// Checks what a watch delivered against etcd's watch guarantees (etcd's API guarantees page):
// ordered (by revision), unique (no event twice), atomic (a revision's events together, all of
// them), reliable (no event missing between the start and the last delivered revision), and
// resumable without silent gaps (a watch that cannot resume is canceled as compacted, and only
// then). The reference is what the store's history says happened at each revision.

import { MvccStore } from '../../../actors/etcd/mvcc/index.ts';
import type { WatchEvent } from '../../../protocols/etcd/kv.ts';

/** One response's events, as the client delivered them. */
export type Delivery = readonly WatchEvent[];

export interface WatchRecord {
  readonly name: string;
  /** The watched range: [key, rangeEnd). */
  readonly key: string;
  readonly rangeEnd: string;
  readonly startRevision: number;
  readonly deliveries: readonly Delivery[];
  /** Set when the watch was canceled as compacted: the revision compaction reached. */
  readonly compactedAt?: number;
}

/** Every event of every revision the reference knows: revisions from `from` on. */
export interface Reference {
  readonly from: number;
  readonly to: number;
  readonly events: ReadonlyMap<number, readonly WatchEvent[]>;
}

const inRange = (key: string, r: WatchRecord) => key >= r.key && key < r.rangeEnd;
const same = (a: WatchEvent, b: WatchEvent) =>
  a.type === b.type && a.kv.key === b.kv.key && a.kv.modRevision === b.kv.modRevision && (a.type === 'DELETE' || (a.kv.value === b.kv.value && a.kv.version === b.kv.version && a.kv.createRevision === b.kv.createRevision));

/** The first broken guarantee, or null. */
export function checkWatch(w: WatchRecord, ref: Reference): string | null {
  const seen = new Set<string>();
  let last = 0;
  const byRevision = new Map<number, WatchEvent[]>();
  const deliveredIn = new Map<number, number>();
  for (const [i, d] of w.deliveries.entries()) {
    for (const e of d) {
      const rev = e.kv.modRevision;
      if (rev < last) return `${w.name}: not ordered: revision ${rev} after ${last} (response ${i})`;
      if (rev < w.startRevision) return `${w.name}: revision ${rev} is before the start ${w.startRevision}`;
      const id = `${rev}\u0000${e.kv.key}`;
      if (seen.has(id)) return `${w.name}: not unique: ${e.type} ${JSON.stringify(e.kv.key)} at revision ${rev} twice`;
      seen.add(id);
      if (!inRange(e.kv.key, w)) return `${w.name}: event for ${JSON.stringify(e.kv.key)} outside the watched range`;
      if ((deliveredIn.get(rev) ?? i) !== i) return `${w.name}: not atomic: revision ${rev} split across responses ${deliveredIn.get(rev)} and ${i}`;
      deliveredIn.set(rev, i);
      byRevision.set(rev, [...(byRevision.get(rev) ?? []), e]);
      last = rev;
    }
  }
  // Reliable: between the start and the last revision delivered, every revision the reference
  // knows that touched the range is delivered, whole and as it happened.
  const lo = Math.max(w.startRevision, ref.from);
  const hi = Math.min(last, ref.to);
  for (let rev = lo; rev <= hi; rev++) {
    const want = (ref.events.get(rev) ?? []).filter((e) => inRange(e.kv.key, w));
    const got = byRevision.get(rev) ?? [];
    if (want.length !== got.length || !want.every((e) => got.some((g) => same(e, g))))
      return `${w.name}: not reliable at revision ${rev}: expected ${want.map(show).join(', ') || 'nothing'}, delivered ${got.map(show).join(', ') || 'nothing'}`;
  }
  for (const [rev, got] of byRevision) if (rev >= ref.from && rev <= ref.to && !ref.events.has(rev)) return `${w.name}: revision ${rev} delivered (${got.map(show).join(', ')}) but the store has no such write`;
  if (w.compactedAt !== undefined && w.compactedAt <= last + 1) return `${w.name}: canceled as compacted at ${w.compactedAt}, yet it needed only revisions from ${last + 1}`;
  return null;
}

const show = (e: WatchEvent) => `${e.type} ${JSON.stringify(e.kv.key)}@${e.kv.modRevision}`;

/** The reference from a store's retained history: a watch of everything on a copy of it. */
export function referenceFrom(store: MvccStore): Reference {
  const copy = MvccStore.fromSnapshot(store.snapshot());
  const from = Math.max(1, copy.compactRevision + 1);
  copy.watch({ key: '\0', rangeEnd: '\0', startRevision: from }, 'reference');
  const events = new Map<number, WatchEvent[]>();
  for (const d of copy.takeWatchResponses())
    for (const e of d.response.events) events.set(e.kv.modRevision, [...(events.get(e.kv.modRevision) ?? []), e]);
  return { from, to: copy.revision, events };
}
