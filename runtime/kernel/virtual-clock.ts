// Virtual time: timers are events ordered by (time, sequence). Time moves only when the kernel
// fires the next event, so an idle system jumps straight to it.

import type { Clock, TimerHandle } from '../time.ts';
import { Queue } from '../queue.ts';

/** An event, and the handle that cancels it: one object, with no closure made per timer. */
class Entry implements TimerHandle {
  cancelled = false;
  constructor(
    private readonly clock: { live: number },
    readonly at: number,
    readonly seq: number,
    readonly fn: () => void,
  ) {}

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.clock.live--;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

export class VirtualClock implements Clock {
  private time = 0;
  private seq = 0;
  /** Future events, a binary min-heap on (at, seq). */
  private readonly heap: Entry[] = [];
  /** Events due at the current instant need no heap: they are already in order. */
  private readonly due = new Queue<Entry>();
  /** Read and decremented by a cancelled Entry. */
  live = 0;

  now(): number {
    return this.time;
  }

  schedule(delayMs: number, fn: () => void): TimerHandle {
    const entry = new Entry(this, delayMs > 0 ? this.time + delayMs : this.time, this.seq++, fn);
    if (entry.at === this.time) this.due.push(entry);
    else this.push(entry);
    this.live++;
    return entry;
  }

  /** Events scheduled and neither fired nor cancelled. */
  get pending(): number {
    return this.live;
  }

  /** When the next live event falls due, if any. */
  nextAt(): number | undefined {
    this.dropCancelled();
    if (this.due.length > 0) return this.time;
    return this.heap[0]?.at;
  }

  /**
   * Fires the next event in (time, sequence) order, moving time to it. Heap events due now were
   * scheduled before anything in `due` (earlier sequence numbers), so they go first.
   */
  fireNext(): boolean {
    this.dropCancelled();
    const top = this.heap[0];
    let entry: Entry | undefined;
    if (top !== undefined && top.at <= this.time) entry = this.pop();
    else if (this.due.length > 0) entry = this.due.shift();
    else if (top !== undefined) entry = this.pop();
    if (entry === undefined) return false;
    this.time = entry.at;
    entry.cancelled = true;
    this.live--;
    entry.fn();
    return true;
  }

  /** Moves time to `t` with nothing left to fire before it. */
  moveTo(t: number): void {
    const next = this.nextAt();
    if (next !== undefined && next < t) throw new Error(`VirtualClock.moveTo(${t}): an event is still due at ${next}`);
    if (t > this.time) this.time = t;
  }

  private dropCancelled(): void {
    while (this.due.peek()?.cancelled) this.due.shift();
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.pop();
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Entry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== undefined) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
