// Trace files: a magic, a header frame, then one frame per event; each frame a 32-bit length and
// a msgpack value. Written in chunks as the run goes and renamed into place only when complete.

import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { Packr, Unpackr } from 'msgpackr';
import { type EncodedEvent, fromTuple, type TraceEvent, type TraceHeader } from './event.ts';

const MAGIC = Buffer.from('KYBTRACE');
const CHUNK = 1 << 20;

export const packr = new Packr({ useRecords: false, moreTypes: false });
const unpackr = new Unpackr({ useRecords: false });

export class TraceError extends Error {
  override name = 'TraceError';
}

/** Frames events into chunks; hands each full chunk on, and keeps the SHA-256 of all event frames. */
export class FrameBuffer {
  private buf = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;
  events = 0;

  constructor(private readonly onChunk: (chunk: Buffer) => void = () => {}) {}

  add(encoded: Uint8Array): void {
    const need = 4 + encoded.length;
    if (this.used + need > this.buf.length) this.flush();
    if (need > this.buf.length) this.buf = Buffer.allocUnsafe(need);
    this.buf.writeUInt32LE(encoded.length, this.used);
    this.buf.set(encoded, this.used + 4);
    this.used += need;
    this.bytes += need;
    this.events++;
  }

  flush(): void {
    if (this.used === 0) return;
    const chunk = this.buf.subarray(0, this.used);
    this.hash.update(chunk);
    this.onChunk(chunk);
    this.used = 0;
  }

  /** Flushes and returns the hex SHA-256 of every frame so far; call once, at the end. */
  digest(): string {
    this.flush();
    return this.hash.digest('hex');
  }
}

function frame(value: unknown): Buffer {
  const body = packr.pack(value);
  const out = Buffer.allocUnsafe(4 + body.length);
  out.writeUInt32LE(body.length, 0);
  out.set(body, 4);
  return out;
}

/** Streams a trace to `path` (through `path.partial`, renamed at close). */
export class TraceWriter {
  private readonly fd: number;
  private readonly partial: string;
  readonly frames: FrameBuffer;
  private closed = false;

  constructor(
    readonly path: string,
    header: TraceHeader,
  ) {
    this.partial = `${path}.partial`;
    this.fd = openSync(this.partial, 'w');
    writeSync(this.fd, MAGIC);
    writeSync(this.fd, frame(header));
    this.frames = new FrameBuffer((chunk) => writeSync(this.fd, chunk));
  }

  /** Completes the file; returns the hash of its events. */
  close(): string {
    const hash = this.frames.digest();
    closeSync(this.fd);
    renameSync(this.partial, this.path);
    this.closed = true;
    return hash;
  }

  /** Abandons the file: nothing half-written is kept. */
  abort(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    rmSync(this.partial, { force: true });
  }
}

/** Reads a trace's frames in order without holding the file in memory. */
export class TraceReader {
  readonly header: TraceHeader;
  private readonly fd: number;
  private buf = Buffer.alloc(0);
  private offset = 0; // file offset of buf[0]
  private pos = 0; // read position in buf
  private eof = false;

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'r');
    } catch (e) {
      throw new TraceError(`cannot read trace ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const magic = this.take(MAGIC.length);
    if (magic === undefined || !magic.equals(MAGIC)) {
      this.close();
      throw new TraceError(`${path} is not a kybernetes trace`);
    }
    const header = this.nextFrame();
    if (header === undefined) {
      this.close();
      throw new TraceError(`${path} is truncated: it ends before its header`);
    }
    this.header = unpackr.unpack(header) as TraceHeader;
    if (this.header?.format !== 1) {
      this.close();
      throw new TraceError(`${path}: unsupported trace format ${String(this.header?.format)}`);
    }
  }

  /** The next event frame's bytes, or undefined at the end. */
  nextFrame(): Buffer | undefined {
    const len = this.take(4);
    if (len === undefined) return undefined;
    const at = this.offset + this.pos - 4;
    const body = this.take(len.readUInt32LE(0));
    if (body === undefined) throw new TraceError(`${this.path} is truncated: its last event, at byte ${at}, is incomplete`);
    return body;
  }

  next(): TraceEvent | undefined {
    const f = this.nextFrame();
    return f === undefined ? undefined : decodeEvent(f, this.path);
  }

  *events(): Generator<TraceEvent> {
    for (let e = this.next(); e !== undefined; e = this.next()) yield e;
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
  }

  /** Exactly n bytes, or undefined at a clean end of file; a partial read is truncation. */
  private take(n: number): Buffer | undefined {
    while (this.buf.length - this.pos < n && !this.eof) this.fill(n);
    const have = this.buf.length - this.pos;
    if (have === 0 && this.eof) return undefined;
    if (have < n) throw new TraceError(`${this.path} is truncated at byte ${this.offset + this.buf.length}`);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  private fill(atLeast: number): void {
    const rest = this.buf.subarray(this.pos);
    const chunk = Buffer.allocUnsafe(Math.max(CHUNK, atLeast));
    const got = readSync(this.fd, chunk, 0, chunk.length, this.offset + this.buf.length);
    if (got === 0) this.eof = true;
    this.offset += this.pos;
    this.buf = Buffer.concat([rest, chunk.subarray(0, got)]);
    this.pos = 0;
  }
}

export function decodeEvent(frame: Uint8Array, where = 'trace'): TraceEvent {
  let t: unknown;
  try {
    t = unpackr.unpack(frame);
  } catch (e) {
    throw new TraceError(`${where}: an event cannot be decoded: ${(e as Error).message}`);
  }
  if (!Array.isArray(t) || t.length !== 9) throw new TraceError(`${where}: an event is malformed`);
  return fromTuple(t as EncodedEvent);
}
