// A clock that moves only when told: for tests of timing, with no waiting.

import type { Clock, TimerHandle } from './clock.ts';

interface Entry {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

export class ManualClock implements Clock {
  private time = 0;
  private seq = 0;
  private pending: Entry[] = [];

  now(): number {
    return this.time;
  }

  schedule(delayMs: number, fn: () => void): TimerHandle {
    const entry: Entry = { at: this.time + Math.max(0, delayMs), seq: this.seq++, fn, cancelled: false };
    // Kept sorted by (at, seq): a timer set later for the same instant fires later.
    let i = this.pending.length;
    while (i > 0 && this.pending[i - 1]!.at > entry.at) i--;
    this.pending.splice(i, 0, entry);
    return {
      cancel: () => {
        entry.cancelled = true;
      },
    };
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const next = this.pending[0];
      if (next === undefined || next.at > target) break;
      this.pending.shift();
      if (next.cancelled) continue;
      this.time = next.at;
      next.fn();
    }
    this.time = target;
  }

  /** When the next live timer falls due, if any. */
  nextAt(): number | undefined {
    return this.pending.find((e) => !e.cancelled)?.at;
  }

  /** Timers not yet fired or cancelled. */
  get scheduled(): number {
    return this.pending.filter((e) => !e.cancelled).length;
  }
}
