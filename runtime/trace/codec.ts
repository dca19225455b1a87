// Trace events as msgpack, compact and cheap to write, since a traced run writes two events per
// message. Each frame is one msgpack array that msgpackr reads back:
//   a string definition  [-1, string]  (the next string number, counting from 1; 0 is '')
//   an event             [type, time, actor, peer, messageType, causeGap, payload, detail]
//   the end              [-2, eventCount, hashHex]  (last in a complete file; see endFrame)
// where type is a code (EVENT_TYPES), actor, peer and messageType are string numbers, and the
// cause gap is seq - cause (0: no cause). Writing a path or type once and then its number keeps
// events small. Plain payloads are written by hand here; anything else by msgpackr.

import { Packr, Unpackr } from 'msgpackr';
import type { TraceEvent, TraceEventType } from './event.ts';

/**
 * What a payload's objects are written as: the object itself, or what stands for it in the trace
 * (its fields then unvisited). Applied while writing, it gives the bytes `whole(value)` would.
 */
export interface Swap {
  readonly one: (o: Record<string, unknown>) => unknown;
  /** The same substitution over a whole value, for what msgpackr writes instead. */
  readonly whole: (v: unknown) => unknown;
}

/** Every event type, in the order of their codes. Appending keeps old traces readable. */
export const EVENT_TYPES = [
  'spawn',
  'restart',
  'status',
  'stop',
  'send',
  'arrive',
  'deliver',
  'drop',
  'timer',
  'crash',
  'dead-letter',
  'external',
  'checkpoint',
  'fsync',
] as const satisfies readonly TraceEventType[];

// Fails to compile when event.ts gains a type this list lacks.
type MissingType = Exclude<TraceEventType, (typeof EVENT_TYPES)[number]>;
const allTypesListed: [MissingType] extends [never] ? true : MissingType = true;
void allTypesListed;
const TYPE_CODE = new Map<TraceEventType, number>(EVENT_TYPES.map((t, i) => [t, i]));

// The kernel's wire has these options too: a payload's bytes here are what the wire would send.
const packr = new Packr({ useRecords: false, moreTypes: false });
const unpackr = new Unpackr({ useRecords: false });

/** A growable byte buffer that events are encoded into, frame by frame. */
export class ByteSink {
  buf: Buffer;
  pos = 0;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
}

/** A msgpack string; short ASCII ones (keys, types, paths) by hand, as Buffer#write costs more. */
function writeStr(sink: ByteSink, v: string): void {
  const len = v.length;
  if (len < 32) {
    sink.ensure(1 + len);
    const buf = sink.buf;
    const at = sink.pos;
    let i = 0;
    while (i < len) {
      const c = v.charCodeAt(i);
      if (c >= 0x80) break;
      buf[at + 1 + i++] = c;
    }
    if (i === len) {
      buf[at] = 0xa0 | len;
      sink.pos = at + 1 + len;
      return;
    }
  }
  const max = len * 3;
  sink.ensure(5 + max);
  const buf = sink.buf;
  const at = sink.pos;
  const head = max < 32 ? 1 : max < 256 ? 2 : max < 65536 ? 3 : 5;
  const n = buf.write(v, at + head, 'utf8');
  if (head === 1) buf[at] = 0xa0 | n;
  else if (head === 2) {
    buf[at] = 0xd9;
    buf[at + 1] = n;
  } else if (head === 3) {
    buf[at] = 0xda;
    buf[at + 1] = n >>> 8;
    buf[at + 2] = n & 0xff;
  } else {
    buf[at] = 0xdb;
    u32be(buf, at + 1, n);
  }
  sink.pos = at + head + n;
}

// Byte by byte: Buffer's writeXX methods check their arguments on every call, and a traced run
// writes a length, a time and a few numbers per event.
function u32be(buf: Buffer, at: number, n: number): void {
  buf[at] = n >>> 24;
  buf[at + 1] = (n >>> 16) & 0xff;
  buf[at + 2] = (n >>> 8) & 0xff;
  buf[at + 3] = n & 0xff;
}

const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A float64, big-endian, at `at`. */
function f64be(buf: Buffer, at: number, v: number): void {
  f64[0] = v;
  const b = f64Bytes;
  if (littleEndian) {
    buf[at] = b[7]!;
    buf[at + 1] = b[6]!;
    buf[at + 2] = b[5]!;
    buf[at + 3] = b[4]!;
    buf[at + 4] = b[3]!;
    buf[at + 5] = b[2]!;
    buf[at + 6] = b[1]!;
    buf[at + 7] = b[0]!;
  } else for (let i = 0; i < 8; i++) buf[at + i] = b[i]!;
}

function writeNum(sink: ByteSink, v: number): void {
  sink.ensure(9);
  const buf = sink.buf;
  const at = sink.pos;
  if ((v | 0) === v && (v !== 0 || 1 / v > 0)) {
    if (v >= 0 && v < 128) {
      buf[at] = v;
      sink.pos = at + 1;
      return;
    }
    if (v < 0 && v >= -32) {
      buf[at] = 0xe0 | (v + 32);
      sink.pos = at + 1;
      return;
    }
    buf[at] = 0xd2;
    u32be(buf, at + 1, v);
    sink.pos = at + 5;
    return;
  }
  buf[at] = 0xcb;
  f64be(buf, at + 1, v);
  sink.pos = at + 9;
}

/**
 * Standard msgpack for the plain data most messages are (objects, arrays, strings, numbers,
 * booleans, null), written straight into the sink: the hot path of a traced send. Returns false,
 * having written a partial value, for anything else; the caller rewinds and lets msgpackr do it.
 */
/** Set when a swap replaced an object while a value was written: its bytes are not the value's own. */
let swapped = false;

function writeMsgpack(sink: ByteSink, v: unknown, depth: number, swap: Swap | null): boolean {
  if (typeof v === 'string') {
    writeStr(sink, v);
    return true;
  }
  if (typeof v === 'number') {
    writeNum(sink, v);
    return true;
  }
  if (typeof v === 'object') {
    if (v === null) {
      sink.byte(0xc0);
      return true;
    }
    if (depth > 32) return false;
    if (Array.isArray(v)) {
      const n = v.length;
      sink.ensure(5);
      sink.buf[sink.pos] = 0xdd;
      u32be(sink.buf, sink.pos + 1, n);
      sink.pos += 5;
      for (let i = 0; i < n; i++) if (!writeMsgpack(sink, v[i], depth + 1, swap)) return false;
      return true;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return false;
    if (swap !== null) {
      const w = swap.one(v as Record<string, unknown>);
      if (w !== v) {
        swapped = true;
        return writeMsgpack(sink, w, depth, null);
      }
    }
    // map16 with its count patched in after: one pass over the keys.
    sink.ensure(3);
    const at = sink.pos;
    sink.buf[at] = 0xde;
    sink.pos = at + 3;
    let n = 0;
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const x = o[k];
      if (x === undefined || n === 0xffff) return false;
      writeStr(sink, k);
      if (!writeMsgpack(sink, x, depth + 1, swap)) return false;
      n++;
    }
    sink.buf[at + 1] = n >> 8;
    sink.buf[at + 2] = n & 0xff;
    return true;
  }
  if (typeof v === 'boolean') {
    sink.byte(v ? 0xc3 : 0xc2);
    return true;
  }
  return false;
}

/** Any value as msgpack: by hand when plain, else by msgpackr (rewinding what was begun). */
function writeValue(sink: ByteSink, v: unknown, swap: Swap | null = null): void {
  if (v === undefined) {
    // msgpackr's undefined: fixext 1, type 0
    sink.ensure(3);
    const buf = sink.buf;
    buf[sink.pos] = 0xd4;
    buf[sink.pos + 1] = 0;
    buf[sink.pos + 2] = 0;
    sink.pos += 3;
    return;
  }
  const at = sink.pos;
  if (writeMsgpack(sink, v, 0, swap)) return;
  sink.pos = at;
  if (swap !== null) swapped = true; // whole() may substitute anywhere: the bytes are not the value's own
  sink.bytes(packr.pack(swap === null ? v : swap.whole(v)));
}

/** Writes events into frames; `frame` is called around each frame's bytes. */
export class EventEncoder {
  private readonly ids = new Map<string, number>([['', 0]]);
  /** The next string's id: definitions are numbered in order, whatever was forgotten since. */
  private nextId = 1;
  /** Events encoded so far, for the end frame. */
  events = 0;

  constructor(
    private readonly sink: ByteSink,
    private readonly startFrame: () => void,
    private readonly endFrame: () => void,
  ) {}

  private id(s: string): number {
    if (s === '') return 0;
    let id = this.ids.get(s);
    if (id !== undefined) return id;
    id = this.nextId++;
    this.ids.set(s, id);
    this.startFrame();
    this.sink.byte(0x92); // [-1, s]
    this.sink.byte(0xff);
    writeStr(this.sink, s);
    this.endFrame();
    return id;
  }

  /**
   * Lets go of a string no later event should name (a settled ask's receiver: each ask has a path
   * of its own, so the table grew by one per ask, without bound). Should one name it after all, it
   * is defined again under a new id, which readers take as they take any definition.
   */
  forget(s: string): void {
    if (s !== '') this.ids.delete(s);
  }

  /**
   * The payload of the last event encoded with `keepPayload`, as standalone msgpack that any
   * msgpackr Unpackr reads back as the payload; null when a swap changed what was written.
   */
  keptPayload: Uint8Array | null = null;

  /**
   * `swap`, if given, is applied to the payload's objects as they are written (redaction).
   * `keepPayload`: keep a copy of the payload's bytes (keptPayload), so that a message crossing
   * hosts is encoded once, for the trace and the wire alike.
   */
  encode(seq: number, time: number, type: TraceEventType, actor: string, peer: string, messageType: string, payload: unknown, cause: number, detail: unknown, swap: Swap | null = null, keepPayload = false): void {
    const a = this.id(actor);
    const p = this.id(peer);
    const m = this.id(messageType);
    const sink = this.sink;
    this.startFrame();
    sink.byte(0x98); // a fixarray of 8
    sink.byte(TYPE_CODE.get(type)!);
    sink.ensure(9);
    sink.buf[sink.pos] = 0xcb; // time as float64, always, so equal times encode equally
    f64be(sink.buf, sink.pos + 1, time);
    sink.pos += 9;
    writeNum(sink, a);
    writeNum(sink, p);
    writeNum(sink, m);
    writeNum(sink, cause < 0 ? 0 : seq - cause);
    const from = sink.pos;
    swapped = false;
    writeValue(sink, payload, swap);
    // A copy: the sink is reused (and Buffer#slice would share its memory).
    if (keepPayload) this.keptPayload = swapped ? null : new Uint8Array(sink.buf.subarray(from, sink.pos));
    writeValue(sink, detail);
    this.endFrame();
    this.events++;
  }
}

/** Whether a frame is a string definition, [-1, string]. */
export function isStringDefinition(frame: Uint8Array): boolean {
  return frame[0] === 0x92 && frame[1] === 0xff;
}

// The end frame lets a reader tell a complete file from one cut at a frame boundary, which the
// length prefixes alone cannot. It is a 3-array starting with -2: an event is an 8-array and a
// string definition a 2-array starting with -1, so neither can be taken for it. The hash is
// that of every frame before it (traceHash), so the end frame cannot be part of what it hashes.
const END_MARK = -2;

/** The body of the end frame of a trace of `events` events whose frames hash to `hash`. */
export function endFrame(events: number, hash: string): Buffer {
  return packr.pack([END_MARK, events, hash]);
}

/** Whether a frame is the end frame, [-2, eventCount, hashHex]. */
export function isEndFrame(frame: Uint8Array): boolean {
  return frame[0] === 0x93 && frame[1] === 0xfe;
}

/** The event count and hash an end frame holds; throws when it is damaged. */
export function decodeEndFrame(frame: Uint8Array): { events: number; hash: string } {
  const v = unpackr.unpack(frame) as unknown;
  if (!Array.isArray(v) || v.length !== 3 || v[0] !== END_MARK) throw new RangeError('the end frame is not [-2, eventCount, hash]');
  const [, events, hash] = v as [number, unknown, unknown];
  if (!Number.isSafeInteger(events) || (events as number) < 0) throw new RangeError(`the end frame's event count ${String(events)} is not a whole number`);
  if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) throw new RangeError("the end frame's hash is not a SHA-256 in hex");
  return { events: events as number, hash };
}

/** Reads frames back into events, keeping the string table as definitions pass. */
export class EventDecoder {
  private readonly strings: string[] = [''];
  private seq = 0;

  /** Counts an event frame passed over without decoding, so later events keep their numbers. */
  skipEvent(): void {
    this.seq++;
  }

  /** The event in `frame`, or null for a string definition. */
  decode(frame: Uint8Array): TraceEvent | null {
    const v = unpackr.unpack(frame) as unknown[];
    if (!Array.isArray(v)) throw new RangeError('a frame is not an array');
    if (v.length === 2 && v[0] === -1 && typeof v[1] === 'string') {
      this.strings.push(v[1]);
      return null;
    }
    if (v.length !== 8) throw new RangeError(`an event has ${v.length} fields, not 8`);
    const [code, time, a, p, m, gap, payload, detail] = v as [number, number, number, number, number, number, unknown, unknown];
    const type = EVENT_TYPES[code];
    if (type === undefined) throw new RangeError(`unknown event type ${code}`);
    const str = (i: number) => {
      const s = this.strings[i];
      if (s === undefined) throw new RangeError(`an event names string ${i}, not yet defined`);
      return s;
    };
    const seq = this.seq++;
    return { seq, time, type, actor: str(a), peer: str(p), messageType: str(m), payload, cause: gap === 0 ? -1 : seq - gap, detail };
  }
}
