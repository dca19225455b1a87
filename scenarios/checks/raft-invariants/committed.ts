// Everything known to be committed, in index order: once any member (or any member's disk) has
// an index committed, that entry is committed for good, whatever happens to its holders later.

export interface CommittedEntry {
  /** Undefined when no observed log held it (compacted away everywhere it was seen). */
  readonly term: number | undefined;
  readonly id: string | undefined;
  /**
   * A term at or after the one whose leader committed it: the lowest term of a member that
   * reported it committed when it was first seen so. Every leader of a later term must hold it.
   */
  readonly since: number;
  /** The member that first reported it committed. */
  readonly by: string;
}

/** A run of committed indexes decided under one configuration. */
export interface VoterSegment {
  upTo: number;
  readonly voters: readonly string[];
}

export class CommittedLog {
  private readonly list: CommittedEntry[] = [];
  readonly segments: VoterSegment[] = [];

  get last(): number {
    return this.list.length;
  }

  at(index: number): CommittedEntry | undefined {
    return this.list[index - 1];
  }

  push(entry: CommittedEntry, voters: readonly string[]): void {
    this.list.push(entry);
    const seg = this.segments[this.segments.length - 1];
    if (seg !== undefined && sameSet(seg.voters, voters)) seg.upTo = this.list.length;
    else this.segments.push({ upTo: this.list.length, voters: [...voters] });
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
