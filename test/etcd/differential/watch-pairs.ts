// The watches of one sequence, each open on both sides at once, and the waiting that lets the real
// side's stream, which etcd fills from its own goroutines, be compared with the simulated side's,
// which is complete the moment a call returns. Every wait is for a fact the real stream shows (a
// response, an event count, a progress report), bounded by SETTLE_MS; none is a guess at how
// long etcd takes.
//
// Closing a watch freezes the simulated side at the store's revision R then; the real stream is
// kept until etcd reports progress at R or later and is compared up to R (events beyond R came
// after the close). Waiting for that report takes up to two of etcd's progress ticks, 100 ms
// each at the least, so every watch of a sequence is settled at its end, together, while the
// final history reads run.

import type { WatchCreateRequest, WatchResponse } from '../../../protocols/etcd/kv.ts';
import { RealWatch } from './real-watch.ts';
import type { Canon, Frame } from './sequence.ts';
import type { SimulatedTarget } from './sim-target.ts';
import { canonRealWatch, canonSimWatch, realCanceled, realEventCount, realProgressAt, realWatchBody } from './watch-canon.ts';

/** Long enough for a loaded machine; a watch that disagrees costs this once, then the sequence stops. */
const SETTLE_MS = 5000;

interface Pair {
  readonly request: WatchCreateRequest;
  readonly openedAt: number;
  readonly handle: number;
  readonly sim: WatchResponse[];
  readonly real: RealWatch;
  /**
   * Opened at a past revision. etcd keeps such a watch "unsynced" until its sync loop has read the
   * history; until then a compaction may still cut that history away, which the simulated store,
   * having replayed it at once, would not see.
   */
  readonly catchingUp: boolean;
  /** Once closed: the history line, and the real revision the simulated side was frozen at. */
  closedAt?: number;
  upTo?: number;
}

export interface WatchOutcome {
  readonly request: WatchCreateRequest;
  /** The sequence's history line that opened it, and the line it was closed at. */
  readonly openedAt: number;
  readonly closedAt: number;
  readonly sim: Canon;
  readonly real: Canon;
  readonly events: number;
  readonly compacted: boolean;
  readonly refused: boolean;
  /** Why the real stream could not be brought up to date, if it could not. */
  readonly note?: string;
}

const simEvents = (rs: readonly WatchResponse[]): number => rs.reduce((n, r) => n + r.events.length, 0);

export class WatchPairs {
  private pairs: Pair[] = [];

  constructor(
    private readonly url: string,
    private readonly frame: Frame,
    private readonly target: SimulatedTarget,
  ) {}

  /** Watches open, not counting those closed and waiting to be compared. */
  get open(): number {
    return this.openPairs().length;
  }

  async add(request: WatchCreateRequest, line: number): Promise<void> {
    const current = await this.target.revision();
    const handle = await this.target.openWatch(request);
    const real = await RealWatch.open(this.url, realWatchBody(this.frame, request));
    // etcd sends the created response once the watch is registered; a write before that might
    // or might not be seen.
    await real.until((rs) => rs.length > 0, SETTLE_MS);
    const start = request.startRevision ?? 0;
    this.pairs.push({ request, openedAt: line, handle, sim: [], real, catchingUp: start >= 1 && start <= current });
    await this.collect();
  }

  /** Files the simulated side's new responses under their watches. */
  async collect(): Promise<void> {
    for (const { watch, response } of await this.target.takeWatchResponses()) {
      this.pairs.find((p) => p.handle === watch)?.sim.push(response);
    }
  }

  /** Closes the `index`th open watch; it is compared by `settle`. */
  async close(index: number, line: number): Promise<WatchCreateRequest> {
    const p = this.openPairs()[index]!;
    await this.freeze(p, line);
    return p.request;
  }

  /**
   * Before a compaction at `revision` reaches the real etcd: each watch must have received every
   * event the simulated one has (etcd looks prev_kv up when it sends an event, and compaction can
   * take it away), and a watch still catching up from at or below `revision` must have been
   * caught up (its first response after the created one), or it would be answered as compacted.
   */
  async beforeCompact(revision: number): Promise<void> {
    await Promise.all(
      this.pairs.map((p) => {
        const want = simEvents(p.sim);
        const sync = p.catchingUp && (p.request.startRevision ?? 0) <= revision;
        return p.real.until((rs) => realCanceled(rs) || (realEventCount(rs) >= want && (!sync || rs.length > 1)), SETTLE_MS);
      }),
    );
  }

  async closeAll(line: number): Promise<void> {
    for (const p of this.openPairs()) await this.freeze(p, line);
  }

  /**
   * Once all are closed: waits for every real stream to be complete, and compares. It asks
   * nothing more of the simulated target, which may go on answering reads meanwhile.
   */
  async settle(): Promise<WatchOutcome[]> {
    const pairs = this.pairs;
    this.pairs = [];
    return Promise.all(pairs.map((p) => this.compare(p)));
  }

  /** Closes everything without comparing, when the sequence has already failed. */
  async abandon(): Promise<void> {
    for (const p of this.pairs) {
      p.real.close();
      if (p.upTo === undefined) await this.target.closeWatch(p.handle);
    }
    this.pairs = [];
  }

  private openPairs(): Pair[] {
    return this.pairs.filter((p) => p.upTo === undefined);
  }

  private async freeze(p: Pair, line: number): Promise<void> {
    await this.collect();
    p.closedAt = line;
    p.upTo = this.frame.offset + (await this.target.revision());
    await this.target.closeWatch(p.handle);
  }

  private async compare(p: Pair): Promise<WatchOutcome> {
    const upTo = p.upTo!;
    // Done when the watch is over or etcd reports it caught up to `upTo`: then no event up to
    // that revision is still on its way, and one that would not be etcd's is already here.
    const settled = await p.real.until((rs) => realCanceled(rs) || realProgressAt(rs, upTo), SETTLE_MS);
    const note = settled ? undefined : (p.real.ended ?? `no progress report at revision ${upTo} within ${SETTLE_MS} ms`);
    p.real.close();
    let real: Canon;
    try {
      real = canonRealWatch(this.frame, p.real.results, upTo);
    } catch (e) {
      // Such as a key outside the sequence's prefix: a disagreement to report, not a crash.
      real = { error: (e as Error).message };
    }
    return {
      request: p.request,
      openedAt: p.openedAt,
      closedAt: p.closedAt!,
      sim: canonSimWatch(p.sim),
      real,
      events: simEvents(p.sim),
      compacted: p.sim.some((r) => r.compactRevision !== 0),
      refused: p.sim.some((r) => r.created && r.canceled),
      ...(note === undefined ? {} : { note }),
    };
  }
}
