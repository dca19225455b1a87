// The tracer: numbers every event, remembers what caused it, and hands it to the sinks: a trace
// file, a hash, a replay comparison, and an rxjs Observable for live consumers. The system reports
// to it through its named hooks (TraceHooks); the kernel adds its own events (arrivals, drops,
// fsyncs, external inputs, checkpoints).

import { Subject } from 'rxjs';
import type { Clock } from '../time.ts';
import { type Message, messageType } from '../message.ts';
import type { ExitReason } from '../supervision.ts';
import type { Status } from '../system/cell.ts';
import type { TraceHooks } from '../system/ports.ts';
import type { TraceEvent, TraceEventType } from './event.ts';
import { anyRedactions, redacted, redactOne } from './redaction.ts';
import type { Swap } from './codec.ts';

// Redaction happens as a send's payload is written, so the message is not walked twice.
const REDACT: Swap = { one: redactOne, whole: (v) => redacted(v as Message) };
import type { FrameWriter, TraceReader } from './trace-file.ts';

export interface Divergence {
  readonly seq: number;
  readonly expected: TraceEvent | null;
  readonly actual: TraceEvent | null;
}

export class Tracer implements TraceHooks {
  private seq = 0;
  /** How many events of each type so far. */
  readonly counts: Partial<Record<TraceEventType, number>> = {};
  private current = -1;
  private readonly subject = new Subject<TraceEvent>();
  readonly events$ = this.subject.asObservable();
  /** Set when a replay sees its first difference; later events are not compared. */
  divergence: Divergence | null = null;
  /** The event being written, for naming a divergence found in its frames. */
  private writing: TraceEvent | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly frames: FrameWriter | null,
    private readonly expected: TraceReader | null = null,
  ) {
    if (expected !== null) {
      if (frames === null) throw new Error('Tracer: a replay compares frames, so it needs a FrameWriter');
      frames.onFrame = (body) => this.compare(body);
    }
  }

  get count(): number {
    return this.seq;
  }

  /** The event being handled now: what new events are caused by (-1: none). */
  get cause(): number {
    return this.current;
  }

  within<T>(cause: number, f: () => T): T {
    const outer = this.current;
    this.current = cause;
    try {
      return f();
    } finally {
      this.current = outer;
    }
  }

  // ---- the system's hooks --------------------------------------------------------------------

  spawned(path: string, kind: string, fromSpec: boolean): void {
    this.emit('spawn', path, '', '', undefined, this.current, { kind, spec: fromSpec });
  }

  restarted(path: string, kind: string, incarnation: number, restarts: number): void {
    this.emit('restart', path, '', '', undefined, this.current, { kind, incarnation, restarts });
  }

  status(path: string, status: Status, restarts: number): void {
    this.emit('status', path, '', '', undefined, this.current, { status, restarts });
  }

  stopped(path: string, reason: ExitReason | { readonly kind: 'host-crashed' }): void {
    this.emit('stop', path, '', '', undefined, this.current, { reason });
  }

  sent(from: string, to: string, msg: Message, wire: boolean, keepBytes = wire): number {
    return this.emit('send', from, to, messageType(msg), msg, this.current, wire ? 1 : 0, anyRedactions() ? REDACT : null, keepBytes);
  }

  sentBytes(): Uint8Array | null {
    const encoder = this.frames?.encoder;
    if (encoder === undefined) return null;
    const bytes = encoder.keptPayload;
    encoder.keptPayload = null;
    return bytes;
  }

  delivering(path: string, from: string, type: string, cause: number): void {
    this.current = this.emit('deliver', path, from, type, undefined, cause, undefined);
  }

  delivered(): void {
    this.current = -1;
  }

  timerFired(path: string, type: string, key: string, setBy: number): number {
    return this.emit('timer', path, '', type, undefined, setBy, key);
  }

  crashed(path: string, type: string, error: string, during: 'init' | 'receive' | 'other'): number {
    return this.emit('crash', path, '', type, undefined, this.current, { error, during });
  }

  deadLetter(path: string, type: string, reason: string, cause: number): void {
    this.emit('dead-letter', path, '', type, undefined, cause, reason);
  }

  forget(path: string): void {
    this.frames?.encoder.forget(path);
  }

  // ---- the kernel's events -------------------------------------------------------------------

  arrived(to: string, from: string, type: string, sendSeq: number): number {
    return this.emit('arrive', to, from, type, undefined, sendSeq, undefined);
  }

  dropped(from: string, to: string, type: string, sendSeq: number, why: string): void {
    this.emit('drop', from, to, type, undefined, sendSeq, why);
  }

  fsynced(path: string, cause: number): number {
    return this.emit('fsync', path, '', '', undefined, cause, undefined);
  }

  /** An input from outside the run: what follows is caused by it, until `endExternal`. */
  external(detail: unknown): number {
    this.current = this.emit('external', '', '', '', undefined, -1, detail);
    return this.current;
  }

  endExternal(): void {
    this.current = -1;
  }

  /** Before each event of the kernel's clock: each says its own cause. */
  clearCause(): void {
    this.current = -1;
  }

  checkpoint(hashes: Record<string, number>): void {
    this.emit('checkpoint', '', '', '', undefined, -1, hashes);
  }

  // ---- writing -------------------------------------------------------------------------------

  /** `swap`: what the payload's objects are traced as (its redaction), applied as it is written. */
  private emit(type: TraceEventType, actor: string, peer: string, messageType: string, payload: unknown, cause: number, detail: unknown, swap: Swap | null = null, keepPayload = false): number {
    const seq = this.seq++;
    this.counts[type] = (this.counts[type] ?? 0) + 1;
    const time = this.clock.now();
    const observed = this.subject.observed;
    if (this.expected !== null || observed) this.writing = { seq, time, type, actor, peer, messageType, payload: swap === null ? payload : swap.whole(payload), cause, detail };
    this.frames?.encoder.encode(seq, time, type, actor, peer, messageType, payload, cause, detail, swap, keepPayload);
    if (observed) this.subject.next(this.writing!);
    return seq;
  }

  /** At the end of a replay: the recorded run may have had more events than this one. */
  finishReplay(): void {
    if (this.expected === null || this.divergence !== null) return;
    const extra = this.expected.next();
    if (extra !== undefined) this.divergence = { seq: extra.seq, expected: extra, actual: null };
  }

  /** Compares each frame written with the recorded one; at the first difference, names the event. */
  private compare(body: Buffer): void {
    if (this.divergence !== null) return;
    const expected = this.expected!;
    const frame = expected.nextFrame();
    if (frame !== undefined && frame.equals(body)) {
      expected.absorb(frame);
      return;
    }
    let e: TraceEvent | null = null;
    for (let f = frame; f !== undefined && e === null; f = expected.nextFrame()) e = expected.decode(f);
    this.divergence = { seq: this.writing!.seq, expected: e, actual: this.writing };
  }
}
