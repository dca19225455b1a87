// The Raft log: entries after a snapshot point, with what changed since the shell last persisted.

import type { Entry, Snapshot } from '../../../protocols/etcd/raft.ts';

export class RaftLog {
  /** Index and term of the last entry folded into the snapshot (0, 0 for none). */
  snapIndex = 0;
  snapTerm = 0;
  entries: Entry[] = [];
  committed = 0;
  /** Entries handed out for applying: everything up to here. */
  applied = 0;
  /** The lowest index written since the last Ready; Infinity when nothing changed. */
  dirtyFrom = Infinity;
  pendingSnapshot: Snapshot | undefined;

  lastIndex(): number {
    return this.snapIndex + this.entries.length;
  }

  lastTerm(): number {
    return this.entries.length > 0 ? this.entries[this.entries.length - 1]!.term : this.snapTerm;
  }

  firstIndex(): number {
    return this.snapIndex + 1;
  }

  /** The term of the entry at `index`; undefined when compacted away or beyond the end. */
  term(index: number): number | undefined {
    if (index === this.snapIndex) return this.snapTerm;
    if (index < this.snapIndex || index > this.lastIndex()) return undefined;
    return this.entries[index - this.snapIndex - 1]!.term;
  }

  matches(index: number, term: number): boolean {
    return this.term(index) === term;
  }

  /** Entries in [lo, hi], at most `max` of them. */
  slice(lo: number, hi: number, max = Infinity): Entry[] {
    const from = lo - this.snapIndex - 1;
    const to = Math.min(hi - this.snapIndex, from + max);
    return this.entries.slice(from, to);
  }

  /** Appends entries of the leader's own. */
  append(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    this.dirtyFrom = Math.min(this.dirtyFrom, entries[0]!.index);
    this.entries.push(...entries);
  }

  /**
   * A follower's append after the entry (prevIndex, prevTerm) it has: keeps what agrees,
   * truncates at the first conflict, adds the rest. Returns the last index now known to match.
   */
  maybeAppend(prevIndex: number, entries: readonly Entry[]): number {
    let i = 0;
    for (; i < entries.length; i++) {
      const e = entries[i]!;
      if (e.index <= this.snapIndex) continue;
      const t = this.term(e.index);
      if (t === undefined) break; // beyond our end
      if (t !== e.term) {
        // A conflict: everything from here on goes. Committed entries never conflict (Raft §5.3).
        if (e.index <= this.committed) throw new Error(`raft: entry ${e.index} conflicts with the committed log`);
        this.entries.length = e.index - this.snapIndex - 1;
        break;
      }
    }
    const rest = entries.slice(i);
    this.append(rest);
    return prevIndex + entries.length;
  }

  /** Committed entries not yet handed out for applying. */
  nextCommitted(): Entry[] {
    if (this.applied >= this.committed) return [];
    const out = this.slice(Math.max(this.applied + 1, this.firstIndex()), this.committed);
    this.applied = this.committed;
    return out;
  }

  /** Up-to-date as §5.4.1 defines it: a later last term, or the same and at least as long. */
  isUpToDate(lastIndex: number, lastTerm: number): boolean {
    return lastTerm > this.lastTerm() || (lastTerm === this.lastTerm() && lastIndex >= this.lastIndex());
  }

  /** Replaces the log up to the snapshot's index; keeps later entries that agree with it. */
  restore(s: Snapshot): void {
    if (this.matches(s.index, s.term)) this.entries = this.entries.slice(s.index - this.snapIndex);
    else this.entries = [];
    this.snapIndex = s.index;
    this.snapTerm = s.term;
    this.committed = Math.max(this.committed, s.index);
    this.applied = Math.max(this.applied, s.index);
    this.pendingSnapshot = s;
  }

  /** Folds entries up to the snapshot's index away (the state machine holds them now). */
  compact(s: Snapshot): void {
    if (s.index <= this.snapIndex || s.index > this.applied) return;
    this.snapTerm = this.term(s.index)!;
    this.entries = this.entries.slice(s.index - this.snapIndex);
    this.snapIndex = s.index;
  }

  /** What changed since the last call: the entries to write from their first index on. */
  takeDirty(): Entry[] {
    if (this.dirtyFrom === Infinity) return [];
    const out = this.dirtyFrom > this.lastIndex() ? [] : this.slice(Math.max(this.dirtyFrom, this.firstIndex()), this.lastIndex());
    this.dirtyFrom = Infinity;
    return out;
  }
}
