// What `kyb trace` shows of a trace: filtering, one-line text, Chrome trace-event JSON (Perfetto),
// a Mermaid sequence diagram, and the causal chain of one event. Pure functions over events, so
// a trace file streams through them without being held in memory where that is not needed.

import { EVENT_TYPES } from '../../runtime/trace/codec.ts';
import type { TraceEvent } from '../../runtime/trace/event.ts';
import { formatDuration } from '../duration.ts';

// ---- filtering -------------------------------------------------------------------------------

export interface TraceFilter {
  /** A glob over actor paths: `*` matches within one path segment, `**` across segments, `?` one
   *  character. An event matches when its actor or its peer matches. `outside` matches the
   *  outside world (the actor ''). */
  actor?: string;
  /** An event type, or several separated by commas: `send,drop`. */
  type?: string;
  /** Virtual time, ms, inclusive. */
  from?: number;
  /** Virtual time, ms, inclusive. */
  to?: number;
}

/** What the outside world ('' as an actor path) is called in text, globs and diagrams. */
export const OUTSIDE = 'outside';

/** A glob over actor paths as an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      // `/**/` may also stand for a single `/`: `/**/ponger` matches `/ponger`.
      if (glob[i - 1] === '/' && glob[i + 2] === '/') {
        re = `${re.slice(0, -1)}(?:/.*)?/`;
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The filter as a predicate; throws a one-line Error for an unknown type or an empty range. */
export function compileFilter(f: TraceFilter): (e: TraceEvent) => boolean {
  let types: Set<string> | null = null;
  if (f.type !== undefined) {
    types = new Set(f.type.split(',').map((t) => t.trim()));
    for (const t of types)
      if (!(EVENT_TYPES as readonly string[]).includes(t))
        throw new Error(`--type: unknown event type "${t}": must be one of ${EVENT_TYPES.join(', ')}`);
  }
  const { from, to } = f;
  if (from !== undefined && to !== undefined && from > to)
    throw new Error(`--from ${formatDuration(from)} is after --to ${formatDuration(to)}: no event can match`);
  const glob = f.actor === undefined ? null : globToRegExp(f.actor);
  const pathMatches = (path: string) => glob!.test(path === '' ? OUTSIDE : path);
  return (e) =>
    (types === null || types.has(e.type)) &&
    (from === undefined || e.time >= from) &&
    (to === undefined || e.time <= to) &&
    (glob === null || pathMatches(e.actor) || (e.peer !== '' && pathMatches(e.peer)));
}

/**
 * The events that pass the filter, streamed. Trace times never decrease, so reading stops at the
 * first event after `to`.
 */
export function* filterEvents(events: Iterable<TraceEvent>, f: TraceFilter): Generator<TraceEvent> {
  const matches = compileFilter(f);
  for (const e of events) {
    if (f.to !== undefined && e.time > f.to) return;
    if (matches(e)) yield e;
  }
}

// ---- text ------------------------------------------------------------------------------------

/** Virtual ms with three decimals (µs): `1.250ms`. */
export function formatTime(ms: number): string {
  return `${ms.toFixed(3)}ms`;
}

const shownPath = (path: string) => (path === '' ? OUTSIDE : path);

/**
 * One line per event: `#SEQ TIMEms TYPE ACTOR[ -> PEER][ MESSAGE-TYPE][ [DETAIL]][ (cause #N)]`,
 * e.g. `#42 1.250ms send /left/pinger -> /right/ponger ping [remote] (cause #40)`. An arrival
 * names its sender as its peer, so it reads `RECIPIENT <- SENDER`.
 */
export function formatText(e: TraceEvent): string {
  let line = `#${e.seq} ${formatTime(e.time)} ${e.type} ${shownPath(e.actor)}`;
  if (e.peer !== '') line += `${e.type === 'arrive' ? ' <- ' : ' -> '}${e.peer}`;
  if (e.messageType !== '') line += ` ${oneLine(e.messageType)}`;
  const detail = describeDetail(e);
  if (detail !== '') line += ` [${detail}]`;
  if (e.cause >= 0) line += ` (cause #${e.cause})`;
  return line;
}

/** A short reading of an event's detail; '' when there is nothing worth a word. */
export function describeDetail(e: TraceEvent): string {
  const d = e.detail;
  const field = (name: string): unknown => (isRecord(d) ? d[name] : undefined);
  switch (e.type) {
    case 'send':
      return d === 1 ? 'remote' : '';
    case 'arrive':
    case 'deliver':
    case 'fsync':
      return d === undefined || d === null ? '' : compact(d);
    case 'crash':
      return typeof field('error') === 'string' ? oneLine(field('error') as string) : compact(d);
    case 'drop':
    case 'dead-letter':
      return typeof d === 'string' ? d : typeof field('reason') === 'string' ? (field('reason') as string) : compact(d);
    case 'stop':
      return describeReason(field('reason') ?? d);
    case 'status': {
      const status = field('status');
      if (typeof status !== 'string') return compact(d);
      const restarts = field('restarts');
      return typeof restarts === 'number' && restarts > 0 ? `${status}, restarts ${restarts}` : status;
    }
    case 'spawn':
      return typeof field('kind') === 'string' ? (field('kind') as string) : compact(d);
    case 'restart': {
      const kind = field('kind');
      const inc = field('incarnation');
      return typeof kind === 'string' && typeof inc === 'number' ? `${kind}, incarnation ${inc}` : compact(d);
    }
    case 'timer':
      return d === e.messageType || d === undefined ? '' : `key ${compact(d)}`;
    case 'checkpoint':
      return isRecord(d) ? `${Object.keys(d).length} actors` : compact(d);
    case 'external':
      return isRecord(d) ? compactFields(d) : compact(d);
    default:
      return compact(d);
  }
}

function describeReason(r: unknown): string {
  if (!isRecord(r) || typeof r.kind !== 'string') return compact(r);
  return typeof r.error === 'string' ? `${r.kind}: ${oneLine(r.error)}` : r.kind;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

const MAX_DETAIL = 100;

function truncate(s: string): string {
  return s.length > MAX_DETAIL ? `${s.slice(0, MAX_DETAIL - 1)}…` : s;
}

function oneLine(s: string): string {
  return truncate(s.replace(/\r?\n/g, '\\n'));
}

/** `step=send to=/left/pinger type=start`: scalars bare, anything else as JSON. */
function compactFields(d: Record<string, unknown>): string {
  const parts = Object.entries(d).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(jsonSafe(v))}`);
  return oneLine(parts.join(' '));
}

function compact(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return oneLine(v);
  return oneLine(JSON.stringify(jsonSafe(v)) ?? String(v));
}

// ---- JSON ------------------------------------------------------------------------------------

/**
 * A copy of a decoded value that JSON.stringify accepts and renders faithfully: bigints become
 * decimal strings, byte arrays `{ bytes: <base64> }`, undefined object fields are left out.
 */
export function jsonSafe(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return { bytes: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : jsonSafe(x)));
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), jsonSafe(x)]));
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = jsonSafe(x);
    return out;
  }
  return v;
}

/** One event as one line of JSON (for `--format json`: one line per event). */
export function toJsonLine(e: TraceEvent): string {
  return JSON.stringify(jsonSafe(e));
}

// ---- Chrome trace-event JSON (Perfetto, chrome://tracing) -------------------------------------

/** Handlers take no virtual time; a delivery is drawn this long (µs) unless the next one on the
 *  same actor starts sooner. */
const DELIVER_US = 1;
const PID = 1;
/** Flow events pair by (id, cat, name), so every flow uses these. */
const FLOW = { cat: 'message', name: 'message' } as const;

interface ChromeEvent {
  name: string;
  ph: string;
  pid: number;
  tid?: number;
  ts?: number;
  dur?: number;
  s?: string;
  cat?: string;
  id?: number;
  bp?: string;
  args?: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: ChromeEvent[];
  displayTimeUnit: 'ms';
}

/**
 * The events as Chrome trace-event JSON: one track (tid, numbered from 1 in order of first
 * appearance) per actor path, named by `thread_name` metadata; each delivery a complete slice
 * named by its message type; every other event an instant; and flow arrows for the way of each
 * message: send → arrive → deliver, send → deliver, send → drop, timer → deliver. Time is µs.
 */
export function toChrome(events: Iterable<TraceEvent>, processName = 'kybernetes'): ChromeTrace {
  const out: ChromeEvent[] = [{ name: 'process_name', ph: 'M', pid: PID, args: { name: processName } }];
  const tids = new Map<string, number>();
  const lastDeliver = new Map<number, ChromeEvent>();
  // Flow starts already written, by the seq of their event; a delivery consumes its cause's.
  const started = new Set<number>();
  const tidOf = (path: string): number => {
    let tid = tids.get(path);
    if (tid === undefined) {
      tids.set(path, (tid = tids.size + 1));
      out.push({ name: 'thread_name', ph: 'M', pid: PID, tid, args: { name: shownPath(path) } });
    }
    return tid;
  };
  for (const e of events) {
    const tid = tidOf(e.actor);
    const ts = e.time * 1000;
    const args: Record<string, unknown> = { seq: e.seq };
    if (e.cause >= 0) args.cause = e.cause;
    if (e.peer !== '') args.peer = e.peer;
    if (e.payload !== undefined) args.payload = jsonSafe(e.payload);
    if (e.detail !== undefined) args.detail = jsonSafe(e.detail);
    if (e.type === 'deliver') {
      const prev = lastDeliver.get(tid);
      if (prev !== undefined && prev.ts! + prev.dur! > ts) prev.dur = ts - prev.ts!; // no false nesting
      const slice: ChromeEvent = { name: e.messageType || 'deliver', cat: 'deliver', ph: 'X', pid: PID, tid, ts, dur: DELIVER_US, args };
      out.push(slice);
      lastDeliver.set(tid, slice);
    } else {
      const name = e.messageType === '' ? e.type : `${e.type} ${e.messageType}`;
      out.push({ name, cat: e.type, ph: 'i', s: 't', pid: PID, tid, ts, args });
    }
    // The flow into this event, right after the slice it binds to.
    if (e.cause >= 0 && started.has(e.cause) && (e.type === 'deliver' || e.type === 'arrive' || e.type === 'drop')) {
      out.push({ ...FLOW, ph: 'f', bp: 'e', id: e.cause, pid: PID, tid, ts });
      if (e.type === 'deliver') started.delete(e.cause); // a message is delivered once
    }
    // The flow out of it, when it puts a message on its way.
    if (e.type === 'send' || e.type === 'arrive' || e.type === 'timer') {
      out.push({ ...FLOW, ph: 's', id: e.seq, pid: PID, tid, ts });
      started.add(e.seq);
    }
  }
  return { traceEvents: out, displayTimeUnit: 'ms' };
}

// ---- Mermaid ---------------------------------------------------------------------------------

/** Text of a message or note as Mermaid shows it: `#` and `;` as entity codes (`;` would end
 *  the statement), newlines as spaces. Colons may stay: the text starts after the first one. */
function mermaidText(s: string): string {
  return s.replace(/[#;]/g, (c) => `#${c.charCodeAt(0)};`).replace(/[\r\n]+/g, ' ');
}

/** A participant's alias: like message text, with its colons as entity codes too. */
function mermaidAlias(s: string): string {
  return s.replace(/[#;:]/g, (c) => `#${c.charCodeAt(0)};`).replace(/[\r\n]+/g, ' ');
}

/**
 * The message flow as a Mermaid `sequenceDiagram`: one participant per actor path (ids p1, p2, …
 * aliased to the path; the outside world is `outside`), one arrow per send labelled with its
 * message type, a message lost on the wire as a `-x` arrow (in place of its send's arrow when it
 * was lost at once; as a second arrow when it was lost in flight), crashes and dead letters as
 * notes. After `limit` arrows the rest are counted in a closing note.
 */
export function toMermaid(events: Iterable<TraceEvent>, limit = 200): string {
  if (!(Number.isInteger(limit) && limit >= 0)) throw new Error(`mermaid: invalid limit ${limit}: must be a whole number >= 0`);
  const ids = new Map<string, string>();
  const body: string[] = [];
  let arrows = 0;
  let leftOut = 0;
  // The last send, held back one event: a drop that follows at once replaces its arrow.
  let pending: TraceEvent | null = null;
  // Remote sends already drawn and not yet arrived: whom an in-flight loss came from.
  const inFlight = new Map<number, string>();

  let actors = 0;
  const id = (path: string): string => {
    let v = ids.get(path);
    if (v === undefined) ids.set(path, (v = path === '' ? OUTSIDE : `p${++actors}`));
    return v;
  };
  const arrow = (from: string, to: string, kind: '->>' | '-x', label: string): void => {
    if (arrows >= limit) {
      leftOut++;
      return;
    }
    arrows++;
    body.push(`  ${id(from)}${kind}${id(to)}: ${mermaidText(label)}`);
  };
  const note = (path: string, text: string): void => {
    if (arrows >= limit) return; // past the cut, notes would stand in the wrong place
    body.push(`  Note over ${id(path)}: ${mermaidText(text)}`);
  };
  const flush = (): void => {
    if (pending === null) return;
    const s = pending;
    pending = null;
    const drawn = arrows < limit;
    arrow(s.actor, s.peer, '->>', s.messageType);
    if (drawn && s.detail === 1) inFlight.set(s.seq, s.actor);
  };

  for (const e of events) {
    if (pending !== null && e.type === 'drop' && e.cause === pending.seq) {
      const s = pending;
      pending = null;
      arrow(s.actor, s.peer, '-x', `${s.messageType} (lost: ${describeDetail(e)})`);
      continue;
    }
    flush();
    switch (e.type) {
      case 'send':
        pending = e;
        break;
      case 'arrive':
        inFlight.delete(e.cause);
        break;
      case 'drop':
        // Lost on the wire after its send was drawn: a second, crossed arrow.
        inFlight.delete(e.cause);
        arrow(e.actor, e.peer, '-x', `${e.messageType} (lost in flight: ${describeDetail(e)})`);
        break;
      case 'crash':
        note(e.actor, `crash${e.messageType !== '' ? ` on ${e.messageType}` : ''}: ${describeDetail(e)}`);
        break;
      case 'dead-letter':
        note(e.actor, `dead letter ${e.messageType}: ${describeDetail(e)}`);
        break;
      default:
        break;
    }
  }
  flush();

  const lines = ['sequenceDiagram'];
  for (const [path, v] of ids) lines.push(path === '' ? `  participant ${OUTSIDE}` : `  participant ${v} as ${mermaidAlias(path)}`);
  lines.push(...body);
  if (leftOut > 0) {
    const all = [...ids.values()];
    const over = all.length > 1 ? `${all[0]},${all[all.length - 1]}` : (all[0] ?? OUTSIDE);
    if (all.length === 0) lines.push(`  participant ${OUTSIDE}`);
    lines.push(`  Note over ${over}: ${leftOut} more ${leftOut === 1 ? 'arrow' : 'arrows'} left out (limit ${limit})`);
  }
  return lines.join('\n');
}

// ---- explain ---------------------------------------------------------------------------------

/**
 * The causal chain of event `seq`, root first: the event, its cause, the cause's cause, … back to
 * an event with no cause. Holds the events up to `seq` only; throws when `seq` is not there.
 */
export function explain(events: Iterable<TraceEvent>, seq: number): TraceEvent[] {
  const seen = new Map<number, TraceEvent>();
  let count = 0;
  let target: TraceEvent | undefined;
  for (const e of events) {
    count++;
    seen.set(e.seq, e);
    if (e.seq === seq) {
      target = e;
      break;
    }
  }
  if (target === undefined) throw new Error(`no event ${seq}: the trace has ${count} ${count === 1 ? 'event' : 'events'}`);
  const chain = [target];
  for (let e = target; e.cause >= 0 && e.cause < e.seq; ) {
    const cause = seen.get(e.cause);
    if (cause === undefined) break; // not in what was read: a filtered or damaged trace
    chain.push(cause);
    e = cause;
  }
  return chain.reverse();
}
