// The tracer: numbers every event, remembers what caused it, and hands it to the sinks: a trace
// file, a hash, a replay comparison, and an rxjs Observable for live consumers.

import { Subject } from 'rxjs';
import type { Clock } from '../clock.ts';
import { toTuple, type TraceEvent, type TraceEventType } from './event.ts';
import { decodeEvent, type FrameBuffer, packr, type TraceReader } from './trace-file.ts';

export interface Divergence {
  readonly seq: number;
  readonly expected: TraceEvent | null;
  readonly actual: TraceEvent | null;
}

export class Tracer {
  private seq = 0;
  /** How many events of each type so far. */
  readonly counts: Partial<Record<TraceEventType, number>> = {};
  /** The event whose handling is under way: what the next events are caused by. */
  cause = -1;
  private readonly subject = new Subject<TraceEvent>();
  readonly events$ = this.subject.asObservable();
  /** Set when a replay sees its first difference; later events are not compared. */
  divergence: Divergence | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly frames: FrameBuffer | null,
    private readonly expected: TraceReader | null = null,
  ) {}

  get count(): number {
    return this.seq;
  }

  emit(type: TraceEventType, actor: string, peer: string, messageType: string, payload: unknown, cause: number, detail: unknown): number {
    this.counts[type] = (this.counts[type] ?? 0) + 1;
    const e: TraceEvent = { seq: this.seq++, time: this.clock.now(), type, actor, peer, messageType, payload, cause, detail };
    if (this.frames !== null || this.expected !== null) {
      const bytes = packr.pack(toTuple(e));
      this.frames?.add(bytes);
      if (this.expected !== null && this.divergence === null) this.compare(bytes, e);
    }
    if (this.subject.observed) this.subject.next(e);
    return e.seq;
  }

  /** At the end of a replay: the recorded run may have had more events than this one. */
  finishReplay(): void {
    if (this.expected === null || this.divergence !== null) return;
    const extra = this.expected.next();
    if (extra !== undefined) this.divergence = { seq: extra.seq, expected: extra, actual: null };
  }

  private compare(bytes: Uint8Array, actual: TraceEvent): void {
    const frame = this.expected!.nextFrame();
    if (frame === undefined) {
      this.divergence = { seq: actual.seq, expected: null, actual };
      return;
    }
    if (Buffer.compare(frame, bytes) !== 0) this.divergence = { seq: actual.seq, expected: decodeEvent(frame), actual };
  }
}
