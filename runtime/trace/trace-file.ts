// Trace files: a magic, a msgpack header frame, then frames of events and string definitions
// (codec.ts); each frame a 32-bit length and its body. Written in chunks as the run goes and renamed into place only when complete.

import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { Packr, Unpackr } from 'msgpackr';
import { ByteSink, EventDecoder, EventEncoder, isStringDefinition } from './codec.ts';
import type { TraceEvent, TraceHeader } from './event.ts';

const MAGIC = Buffer.from('KYBTRACE');
const CHUNK = 1 << 20;

const packr = new Packr({ useRecords: false, moreTypes: false });
const unpackr = new Unpackr({ useRecords: false });

export class TraceError extends Error {
  override name = 'TraceError';
}

/**
 * Encodes events into length-prefixed frames, in chunks handed on as they fill; keeps the
 * SHA-256 of every frame. `onFrame` sees each frame's body as it is finished.
 */
export class FrameWriter {
  private readonly sink = new ByteSink(CHUNK + (CHUNK >> 2));
  private readonly hash: Hash = createHash('sha256');
  private start = 0;
  readonly encoder: EventEncoder;
  bytes = 0;
  onFrame: ((body: Buffer) => void) | null = null;

  constructor(private readonly onChunk: (chunk: Buffer) => void = () => {}) {
    this.encoder = new EventEncoder(
      this.sink,
      () => this.begin(),
      () => this.end(),
    );
  }

  private begin(): void {
    this.sink.ensure(4);
    this.start = this.sink.pos;
    this.sink.pos += 4;
  }

  private end(): void {
    const { sink, start } = this;
    const len = sink.pos - start - 4;
    sink.buf.writeUInt32LE(len, start);
    this.bytes += len + 4;
    this.onFrame?.(sink.buf.subarray(start + 4, sink.pos));
    if (sink.pos >= CHUNK) this.flush();
  }

  flush(): void {
    if (this.sink.pos === 0) return;
    const chunk = this.sink.buf.subarray(0, this.sink.pos);
    this.hash.update(chunk);
    this.onChunk(chunk);
    this.sink.pos = 0;
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
  readonly frames: FrameWriter;
  private closed = false;

  constructor(
    readonly path: string,
    header: TraceHeader,
  ) {
    this.partial = `${path}.partial`;
    this.fd = openSync(this.partial, 'w');
    writeSync(this.fd, MAGIC);
    writeSync(this.fd, frame(header));
    this.frames = new FrameWriter((chunk) => writeSync(this.fd, chunk));
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
  private readonly decoder = new EventDecoder();

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

  /** The next frame's body (an event or a string definition), or undefined at the end. */
  nextFrame(): Buffer | undefined {
    const len = this.take(4);
    if (len === undefined) return undefined;
    const at = this.offset + this.pos - 4;
    const body = this.take(len.readUInt32LE(0));
    if (body === undefined) throw new TraceError(`${this.path} is truncated: its last event, at byte ${at}, is incomplete`);
    return body;
  }

  /** The next event, or undefined at the end. */
  next(): TraceEvent | undefined {
    for (let f = this.nextFrame(); f !== undefined; f = this.nextFrame()) {
      const e = this.decode(f);
      if (e !== null) return e;
    }
    return undefined;
  }

  /** Decodes a frame this reader returned, in order: null for a string definition. */
  decode(frame: Buffer): TraceEvent | null {
    try {
      return this.decoder.decode(frame);
    } catch (e) {
      throw new TraceError(`${this.path}: an event cannot be decoded: ${(e as Error).message}`);
    }
  }

  /** Keeps the string table up to date for a frame read with nextFrame and not decoded. */
  absorb(frame: Buffer): void {
    if (isStringDefinition(frame)) this.decoder.decode(frame);
    else this.decoder.skipEvent();
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
