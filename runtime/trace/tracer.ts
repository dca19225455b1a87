// The tracer: numbers every event, remembers what caused it, and hands it to the sinks: a trace
// file, a hash, a replay comparison, and an rxjs Observable for live consumers.

import { Subject } from 'rxjs';
import type { Clock } from '../clock.ts';
import type { TraceEvent, TraceEventType } from './event.ts';
import type { FrameWriter, TraceReader } from './trace-file.ts';

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

  /** The event being written, for naming a divergence found in its frames. */
  private current: TraceEvent | null = null;

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

  emit(type: TraceEventType, actor: string, peer: string, messageType: string, payload: unknown, cause: number, detail: unknown): number {
    const seq = this.seq++;
    this.counts[type] = (this.counts[type] ?? 0) + 1;
    const time = this.clock.now();
    const observed = this.subject.observed;
    if (this.expected !== null || observed) this.current = { seq, time, type, actor, peer, messageType, payload, cause, detail };
    this.frames?.encoder.encode(seq, time, type, actor, peer, messageType, payload, cause, detail);
    if (observed) this.subject.next(this.current!);
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
    this.divergence = { seq: this.current!.seq, expected: e, actual: this.current };
  }
}
