// The one file allowed to touch real time: the real clock behind the runtime's Clock interface
// (time.ts), and the wall-clock readings of the kernel's real-time pacing and of the CLI's
// figures. Actors never see this file; they see ctx.now() and ctx.timers, which go through a Clock.

import type { Clock, TimerHandle } from './time.ts';

/** Wall-clock time, optionally sped up by `speed`. */
export class RealClock implements Clock {
  private readonly origin = performance.now();

  constructor(private readonly speed = 1) {
    if (!(speed > 0)) throw new RangeError(`RealClock: speed must be greater than 0, got ${speed}`);
  }

  now(): number {
    return (performance.now() - this.origin) * this.speed;
  }

  schedule(delayMs: number, fn: () => void): TimerHandle {
    const t = setTimeout(fn, Math.max(0, delayMs / this.speed));
    return { cancel: () => clearTimeout(t) };
  }
}

/** Wall-clock milliseconds, for pacing virtual time in real-time mode. */
export function wallNow(): number {
  return performance.now();
}

/** Resolves once the wall clock reaches `wallMs` (as wallNow counts). */
export function pace(wallMs: number): Promise<void> {
  const wait = wallMs - performance.now();
  return wait <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, wait));
}
