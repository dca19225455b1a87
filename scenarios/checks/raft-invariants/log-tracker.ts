// Follows one log across observations and says from which index it changed, so the checks look
// at what is new instead of whole logs at every step.

import type { LogView, ObservedEntry } from './types.ts';

export type SameEntry = (a: ObservedEntry, b: ObservedEntry) => boolean;

export class LogTracker {
  private base = 0;
  private baseTerm = 0;
  private known: ObservedEntry[] = [];

  get snapIndex(): number {
    return this.base;
  }

  get snapTerm(): number {
    return this.baseTerm;
  }

  lastIndex(): number {
    return this.base + this.known.length;
  }

  /** The entry at `index`; undefined at or below the snapshot point, or past the end. */
  entry(index: number): ObservedEntry | undefined {
    return index > this.base ? this.known[index - this.base - 1] : undefined;
  }

  /** The term at `index`, the snapshot point included. */
  term(index: number): number | undefined {
    return index === this.base ? this.baseTerm : this.entry(index)?.term;
  }

  /**
   * Takes the log as it is now; returns the first index whose entry is new or different (past
   * the end if the log only got shorter), or Infinity if nothing changed.
   */
  update(view: LogView, same: SameEntry): number {
    const { snapIndex: s, snapTerm, entries } = view;
    const rebased = s !== this.base || snapTerm !== this.baseTerm;
    const kl = this.lastIndex();
    const el = s + entries.length;
    let d: number;
    const m = Math.min(kl, el);
    // Logs only truncate and append, and entries are never changed in place: if the entry at our
    // last index is the very object we saw, nothing before it changed either.
    if (!rebased && m === kl && m > s && entries[m - s - 1] === this.known[m - s - 1]) d = kl + 1;
    else if (s < this.base) d = s + 1; // an older snapshot: what lies between is news to us
    else {
      d = s + 1;
      while (d <= m) {
        const a = entries[d - s - 1]!;
        const b = this.known[d - this.base - 1]!;
        if (a !== b && !same(a, b)) break;
        d++;
      }
    }
    if (rebased) {
      this.base = s;
      this.baseTerm = snapTerm;
      this.known = entries.slice();
      return d;
    }
    if (d > el && el === kl) return Infinity;
    this.known.length = Math.min(this.known.length, d - s - 1);
    for (let i = d; i <= el; i++) this.known.push(entries[i - s - 1]!);
    return d;
  }
}
