// Watches in the differential test: random create requests, their gateway form, and the two sides'
// response streams brought to one canonical shape.
//
// What is compared. A watch's stream becomes a list of facts in order:
//   - the created response: watch id, header revision, and whether it was refused at once
//     (canceled, cancel_reason, compact_revision);
//   - each run of event-carrying responses, merged into one list of events: type, kv (key, value,
//     create_revision, mod_revision, version, lease) and prev_kv;
//   - a later cancel: compact_revision, canceled, cancel_reason and its header revision (0 in
//     etcd 3.4 for a compaction).
// Watch ids are compared as they are: each watch has a stream of its own on both sides, so it is
// 0, or -1 when refused.
// Not compared: where one event response ends and the next begins, nor their header revisions.
// etcd catches a watch from the past up in its sync loop, up to 100 ms later, in one response
// headed with the revision it read at, which by then may have passed writes made since; the
// simulated store catches up at once. Both are etcd's behaviour. Instead each side must keep its
// own events in revision order with every header at or above the events it carries. Progress
// responses (no events, no created or canceled flag) are dropped: the real side asks for them
// only to learn that its watch has caught up.

import type { WatchCreateRequest, WatchFilter, WatchResponse } from '../../../protocols/etcd/kv.ts';
import { b64, back, canonKv, genSpan, num, realKv, rev, type Canon, type Frame, type GenState, type Json, type Rng } from './sequence.ts';

export function genWatch(rng: Rng, st: GenState): WatchCreateRequest {
  const span = genSpan(rng);
  const r = rng.next();
  let startRevision: number;
  if (r < 0.3) startRevision = 0;
  else if (r < 0.4) startRevision = 1;
  // Just below the compaction (refused) or at it (replayed).
  else if (r < 0.55 && st.compacted > 0) startRevision = rng.int(Math.max(1, st.compacted - 2), st.compacted);
  else if (r < 0.72) startRevision = rng.int(1, st.revision);
  else if (r < 0.85) startRevision = st.revision;
  else startRevision = st.revision + rng.int(1, 3);
  const f = rng.next();
  const filters: WatchFilter[] = f < 0.08 ? ['NOPUT'] : f < 0.16 ? ['NODELETE'] : f < 0.18 ? ['NOPUT', 'NODELETE'] : [];
  return {
    ...span,
    ...(startRevision > 0 ? { startRevision } : {}),
    ...(rng.chance(0.4) ? { prevKv: true } : {}),
    ...(filters.length > 0 ? { filters } : {}),
  };
}

/**
 * The gateway's create_request. It always asks for progress notifications, which the simulated
 * side is not asked for: only a watch that has caught up gets them, so they tell the test when
 * the real watch has seen everything up to a revision (see WatchPairs).
 */
export function realWatchBody(f: Frame, req: WatchCreateRequest): Json {
  return {
    key: b64(f, req.key),
    range_end: req.rangeEnd === undefined ? undefined : b64(f, req.rangeEnd),
    start_revision: rev(f, req.startRevision),
    prev_kv: req.prevKv,
    filters: req.filters,
    progress_notify: true,
  };
}

/** One response, canonical, before runs of events are merged. */
interface Fact {
  readonly created: boolean;
  readonly watchId: number;
  readonly revision: number;
  readonly canceled: boolean;
  readonly compactRevision: number;
  readonly cancelReason: string;
  readonly events: readonly Canon[];
  /** The events' mod_revisions. */
  readonly mods: readonly number[];
}

function facts(list: readonly Fact[]): Canon {
  const out: Canon[] = [];
  let run: { events: Canon[]; ordered: boolean; last: number } | undefined;
  const flush = (): void => {
    if (run) out.push({ events: run.events, ordered: run.ordered });
    run = undefined;
  };
  for (const x of list) {
    const progress = !x.created && !x.canceled && x.compactRevision === 0;
    if (progress && x.events.length === 0) continue;
    if (progress) {
      run ??= { events: [], ordered: true, last: 0 };
      for (const m of x.mods) {
        run.ordered &&= m >= run.last && m <= x.revision;
        run.last = m;
      }
      run.events.push(...x.events);
      continue;
    }
    flush();
    out.push({
      ...(x.created ? { created: true } : {}),
      watchId: x.watchId,
      revision: x.revision,
      canceled: x.canceled,
      compactRevision: x.compactRevision,
      cancelReason: x.cancelReason,
      ...(x.events.length > 0 ? { events: [...x.events] } : {}),
    });
  }
  flush();
  return out;
}

export function canonSimWatch(rs: readonly WatchResponse[]): Canon {
  return facts(
    rs.map((r) => ({
      created: r.created,
      watchId: r.watchId,
      revision: r.header.revision,
      canceled: r.canceled,
      compactRevision: r.compactRevision,
      cancelReason: r.cancelReason,
      events: r.events.map((e) => ({ type: e.type, kv: canonKv(e.kv), prevKv: e.prevKv ? canonKv(e.prevKv) : null })),
      mods: r.events.map((e) => e.kv.modRevision),
    })),
  );
}

/** The real stream as of real revision `upTo`, when the simulated watch was closed. */
export function canonRealWatch(f: Frame, rs: readonly Json[], upTo: number): Canon {
  return facts(
    rs.map((r) => {
      const raw = ((r.events as Json[] | undefined) ?? []).filter((e) => num((e.kv as Json | undefined)?.mod_revision) <= upTo);
      const events = raw.map((e) => ({
        type: (e.type as string | undefined) ?? 'PUT',
        kv: realKv(f, (e.kv as Json | undefined) ?? {}),
        prevKv: e.prev_kv ? realKv(f, e.prev_kv as Json) : null,
      }));
      return {
        created: r.created === true,
        watchId: num(r.watch_id),
        revision: back(f, (r.header as Json | undefined)?.revision),
        canceled: r.canceled === true,
        compactRevision: back(f, r.compact_revision),
        cancelReason: (r.cancel_reason as string | undefined) ?? '',
        events,
        mods: raw.map((e) => back(f, (e.kv as Json | undefined)?.mod_revision)),
      };
    }),
  );
}

/** Events delivered so far on a real stream. */
export function realEventCount(rs: readonly Json[]): number {
  let n = 0;
  for (const r of rs) n += ((r.events as unknown[] | undefined) ?? []).length;
  return n;
}

/** Whether the stream says the watch is over: refused at creation or canceled since. */
export function realCanceled(rs: readonly Json[]): boolean {
  return rs.some((r) => r.canceled === true);
}

/**
 * Whether a progress response at or above `realRevision` has arrived. etcd sends one only to a
 * watch that has caught up, after the events of every revision up to its header, on the same
 * stream: nothing up to that revision is still to come.
 */
export function realProgressAt(rs: readonly Json[], realRevision: number): boolean {
  return rs.some(
    (r) =>
      r.created !== true &&
      r.canceled !== true &&
      r.events === undefined &&
      r.compact_revision === undefined &&
      num((r.header as Json | undefined)?.revision) >= realRevision,
  );
}
