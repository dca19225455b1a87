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

export const EVENT_TYPES: readonly TraceEventType[] = [
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
];
const TYPE_CODE = new Map(EVENT_TYPES.map((t, i) => [t, i]));
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
      const b = packr.pack(v);
      this.byte(2);
      this.varint(b.length);
      this.bytes(b);
    }
  }
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
