// One random sequence of the differential test, run on the simulated target and on the real etcd
// side by side: operations compared one by one as they go; watches, opened and closed at random
// points, compared once the sequence is over, each as of the revision it was closed at.

import { toBase64 } from '../../../actors/etcd/mvcc/index.ts';
import type { StoreCommand } from '../../../protocols/etcd/kv.ts';
import { canonSim, genCommand, Rng, runReal, show, type Canon, type Frame, type GenState } from './sequence.ts';
import { MvccTarget, type SimulatedTarget } from './sim-target.ts';
import { genWatch } from './watch-canon.ts';
import { WatchPairs, type WatchOutcome } from './watch-pairs.ts';

/** At most this many watches open at once; each is one more HTTP stream to etcd. */
const MAX_OPEN_WATCHES = 4;
const OPEN_CHANCE = 0.12;
const CLOSE_CHANCE = 0.04;

export function sequenceSeed(base: number, i: number): number {
  return (base ^ Math.imul(i + 1, 0x9e3779b9)) >>> 0;
}

export interface Disagreement {
  readonly sequence: number;
  readonly seed: number;
  /** The line of the history it was found at. */
  readonly op: number;
  /** What ran before, one line per operation and per watch opened or closed. */
  readonly history: readonly string[];
  /** The operation, or the watch, that disagreed. */
  readonly subject: string;
  readonly sim: Canon;
  readonly real: Canon;
  readonly note?: string;
}

export interface WatchTally {
  compared: number;
  events: number;
  compacted: number;
  refused: number;
  closedEarly: number;
}

export interface SequenceResult {
  /** The first operation that disagreed, found as the operations ran. */
  readonly disagreement?: Disagreement;
  readonly kinds: Map<string, number>;
  /**
   * The watches' comparison, which ends after the sequence: etcd reports progress every 100 ms
   * at best, and the next sequence need not wait for that (see `previous` below).
   */
  readonly watches: Promise<{ readonly tally: WatchTally; readonly disagreement?: Disagreement }>;
}

export interface SequenceOptions {
  /**
   * The previous sequence's watch comparison. Its watches may still be catching up or sending
   * events when this sequence starts, so this sequence's first compaction waits for it: otherwise
   * that compaction could reach into their history.
   */
  readonly previous?: Promise<unknown>;
  /** A fresh simulated side for the sequence, from the sequence's seed; a lone MVCC store unless given. */
  readonly target?: (seed: number) => SimulatedTarget;
}

export async function runSequence(url: string, baseSeed: number, i: number, ops: number, options: SequenceOptions = {}): Promise<SequenceResult> {
  const previous = options.previous ?? Promise.resolve();
  const seed = sequenceSeed(baseSeed, i);
  const rng = new Rng(seed);
  // Watches draw from a generator of their own, so that a seed still gives the operations it
  // gave before watches were added.
  const wrng = new Rng(seed ^ 0x5a7c4e11);
  const target: SimulatedTarget = options.target?.(seed) ?? new MvccTarget();
  // The marker write gives this sequence its base revision; its key lies outside every prefix.
  const marker = (await (
    await fetch(`${url}/v3/kv/put`, {
      method: 'POST',
      body: JSON.stringify({ key: toBase64('marker'), value: toBase64(String(seed)) }),
      signal: AbortSignal.timeout(10_000),
    })
  ).json()) as { header: { revision: string } };
  const frame: Frame = { prefix: `seq/${baseSeed}/${i}/`, offset: Number(marker.header.revision) - 1 };
  const watches = new WatchPairs(url, frame, target);
  const st: GenState = { revision: await target.revision(), compacted: 0 };
  const history: string[] = [];
  const kinds = new Map<string, number>();
  const tally: WatchTally = { compared: 0, events: 0, compacted: 0, refused: 0, closedEarly: 0 };

  const failed = await runOperations();
  if (failed) {
    await watches.abandon();
    await target.close?.();
    return { disagreement: failed, kinds, watches: Promise.resolve({ tally }) };
  }
  await watches.closeAll(history.length);
  await target.close?.();
  return { kinds, watches: watches.settle().then(compareWatches) };

  async function runOperations(): Promise<Disagreement | undefined> {
    for (let op = 0; op < ops; op++) {
      if (watches.open < MAX_OPEN_WATCHES && wrng.chance(OPEN_CHANCE)) {
        const request = genWatch(wrng, st);
        history.push(`watch ${show(request)}`);
        await watches.add(request, history.length - 1);
      }
      if (watches.open > 0 && wrng.chance(CLOSE_CHANCE)) {
        tally.closedEarly++;
        const request = await watches.close(wrng.int(0, watches.open - 1), history.length);
        history.push(`close the watch ${show(request)}`);
      }
      const d = await step(genCommand(rng, st));
      if (d) return d;
    }
    // Then the whole history that compaction left: the sequence's keyspace at every revision.
    const compacted = await target.compactRevision();
    const last = await target.revision();
    for (let r = Math.max(1, compacted); r <= last; r++) {
      const d = await step({ type: 'range', key: '\x01', rangeEnd: '\xff', revision: r });
      if (d) return d;
    }
    return undefined;
  }

  async function step(command: StoreCommand): Promise<Disagreement | undefined> {
    const res = await target.execute(command);
    await watches.collect();
    const sim = canonSim(command, res);
    if (command.type === 'compact' && res.ok) {
      await previous;
      await watches.beforeCompact(command.revision);
    }
    const real = await runReal(url, frame, command);
    const kind = `${command.type}${res.ok ? '' : ' (error)'}`;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    if (JSON.stringify(sim) !== JSON.stringify(real)) {
      return { sequence: i, seed, op: history.length, history, subject: show(command), sim, real };
    }
    history.push(show(command));
    st.revision = await target.revision();
    st.compacted = await target.compactRevision();
    return undefined;
  }

  function compareWatches(outcomes: readonly WatchOutcome[]): { tally: WatchTally; disagreement?: Disagreement } {
    for (const o of outcomes) {
      if (o.note !== undefined || JSON.stringify(o.sim) !== JSON.stringify(o.real)) {
        const disagreement: Disagreement = {
          sequence: i,
          seed,
          op: o.closedAt,
          history,
          subject: `the watch of line ${o.openedAt}: ${show(o.request)}`,
          sim: o.sim,
          real: o.real,
          ...(o.note === undefined ? {} : { note: o.note }),
        };
        return { tally, disagreement };
      }
      tally.compared++;
      tally.events += o.events;
      if (o.compacted) tally.compacted++;
      if (o.refused) tally.refused++;
    }
    return { tally };
  }
}
