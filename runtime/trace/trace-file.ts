// Trace files: a magic, a msgpack header frame, then frames of events and string definitions
// (codec.ts), then an end frame; each frame a 32-bit length and its body. Written in chunks as
// the run goes, to a name of its own, and renamed into place only when complete.

import { createHash, type Hash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Packr, Unpackr } from 'msgpackr';
import { ByteSink, decodeEndFrame, endFrame, EventDecoder, EventEncoder, isEndFrame, isStringDefinition } from './codec.ts';
import type { TraceEvent, TraceHeader } from './event.ts';
import { headerProblem } from './header.ts';

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
    const buf = sink.buf;
    buf[start] = len & 0xff;
    buf[start + 1] = (len >>> 8) & 0xff;
    buf[start + 2] = (len >>> 16) & 0xff;
    buf[start + 3] = len >>> 24;
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

  /** Events written so far. */
  get events(): number {
    return this.encoder.events;
  }

  /** Flushes and returns the hex SHA-256 of every frame so far; call once, at the end. */
  digest(): string {
    this.flush();
    return this.hash.digest('hex');
  }
}

function frame(body: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(4 + body.length);
  out.writeUInt32LE(body.length, 0);
  out.set(body, 4);
  return out;
}

const errno = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/**
 * Streams a trace to `path` through a file of its own beside it, renamed over `path` at close:
 * two runs given the same path never write into each other, and the last to finish wins whole.
 */
export class TraceWriter {
  private readonly fd: number;
  /** Where the trace is written until it is complete; an interrupted run removes it. */
  readonly partialPath: string;
  readonly frames: FrameWriter;
  private closed = false;

  constructor(
    readonly path: string,
    header: TraceHeader,
  ) {
    // pid and random bytes: unique among runs at once, and not part of any simulated run.
    this.partialPath = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.partial`);
    try {
      this.fd = openSync(this.partialPath, 'wx');
    } catch (e) {
      throw new TraceError(`cannot write trace ${path}: ${errno(e)}`);
    }
    writeSync(this.fd, MAGIC);
    writeSync(this.fd, frame(packr.pack(header)));
    this.frames = new FrameWriter((chunk) => writeSync(this.fd, chunk));
  }

  /** Completes the file with its end frame and moves it into place; returns the hash of its events. */
  close(): string {
    const hash = this.frames.digest();
    try {
      writeSync(this.fd, frame(endFrame(this.frames.events, hash)));
      closeSync(this.fd);
      this.closed = true;
      renameSync(this.partialPath, this.path);
    } catch (e) {
      this.abort();
      throw new TraceError(`cannot write trace ${this.path}: ${errno(e)}`);
    }
    return hash;
  }

  /** Abandons the file: nothing half-written is kept. */
  abort(): void {
    if (!this.closed) {
      this.closed = true;
      closeSync(this.fd);
    }
    rmSync(this.partialPath, { force: true });
  }
}

/**
 * Reads a trace's frames in order without holding the file in memory. A file is whole only when
 * it ends with its end frame, whose event count and hash match what came before it: a file cut
 * anywhere, damaged, or with bytes after its end is refused as it is read.
 */
export class TraceReader {
  readonly header: TraceHeader;
  private readonly fd: number;
  private buf = Buffer.alloc(0);
  private offset = 0; // file offset of buf[0]
  private pos = 0; // read position in buf
  private eof = false;
  private readonly decoder = new EventDecoder();
  // The frames after the header are hashed as they go by, to check against the end frame. The
  // buffer keeps the frame being read until hashed, as only whole frames before the end count.
  private readonly hash: Hash = createHash('sha256');
  private hashing = false;
  private hashedTo = 0; // file offset
  private frameAt = 0; // file offset of the frame being read
  private eventFrames = 0;
  private ended = false;

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'r');
    } catch (e) {
      throw new TraceError(`cannot read trace ${path}: ${errno(e)}`);
    }
    try {
      if (fstatSync(this.fd).isDirectory()) throw new TraceError(`cannot read trace ${path}: it is a directory`);
      const magic = this.take(MAGIC.length);
      if (magic === undefined || !magic.equals(MAGIC)) throw new TraceError(`${path} is not a kybernetes trace`);
      const len = this.take(4);
      const body = len === undefined ? undefined : this.take(len.readUInt32LE(0));
      if (body === undefined) throw new TraceError(`${path} is truncated: it ends before its header`);
      let header: unknown;
      try {
        header = unpackr.unpack(body);
      } catch (e) {
        throw new TraceError(`${path}: its header cannot be decoded: ${(e as Error).message}`);
      }
      const problem = headerProblem(path, header);
      if (problem !== null) throw new TraceError(problem);
      this.header = header as TraceHeader;
    } catch (e) {
      this.close();
      throw e;
    }
    this.hashing = true;
    this.hashedTo = this.frameAt = this.offset + this.pos;
  }

  /** The next frame's body (an event or a string definition), or undefined after the end frame. */
  nextFrame(): Buffer | undefined {
    if (this.ended) return undefined;
    this.frameAt = this.offset + this.pos;
    const len = this.take(4);
    if (len === undefined) throw new TraceError(`${this.path} is truncated: it ends after ${this.eventFrames} events, without its end frame`);
    const body = this.take(len.readUInt32LE(0));
    if (body === undefined) throw new TraceError(`${this.path} is truncated: its last event, at byte ${this.frameAt}, is incomplete`);
    if (isEndFrame(body)) {
      this.end(body);
      return undefined;
    }
    if (!isStringDefinition(body)) this.eventFrames++;
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
    if (isStringDefinition(frame)) this.decode(frame);
    else this.decoder.skipEvent();
  }

  *events(): Generator<TraceEvent> {
    for (let e = this.next(); e !== undefined; e = this.next()) yield e;
  }

  /** Reads to the end without decoding: checks that the rest of the file is whole. */
  drain(): void {
    while (this.nextFrame() !== undefined);
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
  }

  private end(body: Buffer): void {
    let end: { events: number; hash: string };
    try {
      end = decodeEndFrame(body);
    } catch (e) {
      throw new TraceError(`${this.path}: the end of the trace cannot be decoded: ${(e as Error).message}`);
    }
    this.hashTo(this.frameAt);
    if (end.events !== this.eventFrames) throw new TraceError(`${this.path} is damaged: its end frame counts ${end.events} events, the file holds ${this.eventFrames}`);
    if (this.hash.digest('hex') !== end.hash) throw new TraceError(`${this.path} is damaged: its events do not match the hash in its end frame`);
    this.hashing = false;
    const at = this.offset + this.pos;
    if (this.take(1) !== undefined) throw new TraceError(`${this.path}: trailing bytes after the end of the trace, from byte ${at}`);
    this.ended = true;
  }

  private hashTo(fileOffset: number): void {
    if (fileOffset <= this.hashedTo) return;
    this.hash.update(this.buf.subarray(this.hashedTo - this.offset, fileOffset - this.offset));
    this.hashedTo = fileOffset;
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
    // Whole frames already read are hashed before their bytes go; the frame under way stays.
    let keep = this.pos;
    if (this.hashing) {
      this.hashTo(this.frameAt);
      keep = this.frameAt - this.offset;
    }
    const rest = this.buf.subarray(keep);
    const chunk = Buffer.allocUnsafe(Math.max(CHUNK, atLeast));
    let got: number;
    try {
      got = readSync(this.fd, chunk, 0, chunk.length, this.offset + this.buf.length);
    } catch (e) {
      throw new TraceError(`cannot read trace ${this.path}: ${errno(e)}`);
    }
    if (got === 0) this.eof = true;
    this.offset += keep;
    this.buf = Buffer.concat([rest, chunk.subarray(0, got)]);
    this.pos -= keep;
  }
}
