// The binary form of trace events: compact and cheap to write, since a traced run writes two
// events per message. Strings (actor paths, message types) are written once, as definitions in
// the stream, and then referred to by number. Payloads and details are msgpack.
//
// A frame is either a string definition  [0xFF][utf-8 bytes]
// or an event  [type][f64 time][varint actor][varint peer][varint messageType][varint cause gap]
//              [value payload][value detail]
// where the cause gap is seq - cause (0: no cause) and a value is [0] undefined,
// [1][varint] a small whole number, or [2][varint length][msgpack bytes].

import { Packr, Unpackr } from 'msgpackr';
import type { TraceEvent, TraceEventType } from './event.ts';

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
export const STRING_DEF = 0xff;

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

  varint(n: number): void {
    this.ensure(10);
    while (n >= 0x80) {
      this.buf[this.pos++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.pos++] = n;
  }

  f64(x: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(x, this.pos);
    this.pos += 8;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  value(v: unknown): void {
    if (v === undefined) this.byte(0);
    else if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 31) {
      this.byte(1);
      this.varint(v);
    } else {
      this.byte(2);
      // The length goes first but is known only after: reserve 4 bytes of varint, padded.
      this.ensure(4);
      const at = this.pos;
      this.pos += 4;
      if (!writeMsgpack(this, v, 0)) {
        this.pos = at + 4;
        this.bytes(packr.pack(v));
      }
      const len = this.pos - at - 4;
      if (len >= 2 ** 28) throw new RangeError('a traced value is larger than 256 MiB');
      // A varint padded to 4 bytes: continuation bits on the first three.
      this.buf[at] = (len & 0x7f) | 0x80;
      this.buf[at + 1] = ((len >> 7) & 0x7f) | 0x80;
      this.buf[at + 2] = ((len >> 14) & 0x7f) | 0x80;
      this.buf[at + 3] = (len >> 21) & 0x7f;
    }
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
    buf.writeUInt16BE(n, at + 1);
  } else {
    buf[at] = 0xdb;
    buf.writeUInt32BE(n, at + 1);
  }
  sink.pos = at + head + n;
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
    buf.writeInt32BE(v, at + 1);
    sink.pos = at + 5;
    return;
  }
  buf[at] = 0xcb;
  buf.writeDoubleBE(v, at + 1);
  sink.pos = at + 9;
}

/**
 * Standard msgpack for the plain data most messages are (objects, arrays, strings, numbers,
 * booleans, null), written straight into the sink: the hot path of a traced send. Returns false,
 * having written a partial value, for anything else; the caller rewinds and lets msgpackr do it.
 */
function writeMsgpack(sink: ByteSink, v: unknown, depth: number): boolean {
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
      sink.buf.writeUInt32BE(n, sink.pos + 1);
      sink.pos += 5;
      for (let i = 0; i < n; i++) if (!writeMsgpack(sink, v[i], depth + 1)) return false;
      return true;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return false;
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
      if (!writeMsgpack(sink, x, depth + 1)) return false;
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

/** Writes events into frames; `frame` is called around each frame's bytes. */
export class EventEncoder {
  private readonly ids = new Map<string, number>([['', 0]]);

  constructor(
    private readonly sink: ByteSink,
    private readonly startFrame: () => void,
    private readonly endFrame: () => void,
  ) {}

  private id(s: string): number {
    let id = this.ids.get(s);
    if (id !== undefined) return id;
    id = this.ids.size;
    this.ids.set(s, id);
    this.startFrame();
    this.sink.byte(STRING_DEF);
    const len = Buffer.byteLength(s);
    this.sink.ensure(len);
    this.sink.pos += this.sink.buf.write(s, this.sink.pos, 'utf8');
    this.endFrame();
    return id;
  }

  encode(seq: number, time: number, type: TraceEventType, actor: string, peer: string, messageType: string, payload: unknown, cause: number, detail: unknown): void {
    const a = this.id(actor);
    const p = this.id(peer);
    const m = this.id(messageType);
    const sink = this.sink;
    this.startFrame();
    sink.byte(TYPE_CODE.get(type)!);
    sink.f64(time);
    sink.varint(a);
    sink.varint(p);
    sink.varint(m);
    sink.varint(cause < 0 ? 0 : seq - cause);
    sink.value(payload);
    sink.value(detail);
    this.endFrame();
  }
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
    const buf = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
    if (buf[0] === STRING_DEF) {
      this.strings.push(buf.toString('utf8', 1));
      return null;
    }
    let pos = 1;
    const varint = () => {
      let n = 0;
      let mul = 1;
      for (;;) {
        const b = buf[pos++];
        if (b === undefined) throw new RangeError('event ends early');
        n += (b & 0x7f) * mul;
        if (b < 0x80) return n;
        mul *= 128;
      }
    };
    const str = () => {
      const s = this.strings[varint()];
      if (s === undefined) throw new RangeError('event names an undefined string');
      return s;
    };
    const value = () => {
      const tag = buf[pos++];
      if (tag === 0) return undefined;
      if (tag === 1) return varint();
      if (tag !== 2) throw new RangeError(`unknown value tag ${tag}`);
      const len = varint();
      const v = unpackr.unpack(buf.subarray(pos, pos + len));
      pos += len;
      return v;
    };
    const type = EVENT_TYPES[buf[0]!];
    if (type === undefined) throw new RangeError(`unknown event type ${buf[0]}`);
    const time = buf.readDoubleLE(pos);
    pos += 8;
    const seq = this.seq++;
    const actor = str();
    const peer = str();
    const messageType = str();
    const gap = varint();
    const payload = value();
    const detail = value();
    return { seq, time, type, actor, peer, messageType, payload, cause: gap === 0 ? -1 : seq - gap, detail };
  }
}
