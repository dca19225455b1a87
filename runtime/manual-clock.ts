// A clock that moves only when told: for tests of timing, with no waiting. It is the kernel's
// virtual clock, stepped by hand rather than by a simulation's run loop.

import { VirtualClock } from './kernel/virtual-clock.ts';

export class ManualClock extends VirtualClock {
  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.now() + ms;
    for (let at = this.nextAt(); at !== undefined && at <= target; at = this.nextAt()) this.fireNext();
    this.moveTo(target);
  }

  /** Timers not yet fired or cancelled. */
  get scheduled(): number {
    return this.pending;
  }
}
