// An actor's timers: once or at a fixed rate, by key, each belonging to the incarnation that set
// it. A timer's message is traced as caused by whatever was being handled when it was set.

import type { Clock } from '../time.ts';
import { InvalidMessageError, isPlainData, type Message, messageType, plainDataProblem } from '../message.ts';
import type { Cell } from './cell.ts';
import type { Delivery } from './delivery.ts';
import type { TraceHooks } from './ports.ts';

export class Timers {
  constructor(
    private readonly clock: Clock,
    private readonly delivery: Delivery,
    private readonly trace: TraceHooks | null,
  ) {}

  set(cell: Cell, key: string, delayMs: number, msg: Message, periodMs: number | undefined): void {
    const where = `${cell.path}: timer ${key}`;
    if (!(delayMs >= 0 && delayMs < Infinity)) throw new RangeError(`${where}: delay: Invalid value: ${delayMs}: must be a finite number >= 0`);
    if (periodMs !== undefined && !(periodMs > 0)) throw new RangeError(`${where}: period: Invalid value: ${periodMs}: must be greater than 0`);
    if (!isPlainData(msg))
      throw new InvalidMessageError(`${where}: ${plainDataProblem(msg)}; messages must be plain data that msgpackr can encode`);
    this.cancel(cell, key);
    const inc = cell.incarnation;
    const start = this.clock.now();
    const setBy = this.trace?.cause ?? -1;
    let fired = 0;
    const fire = () => {
      if (cell.incarnation !== inc || !cell.alive) return;
      if (periodMs === undefined) cell.timers.delete(key);
      else {
        fired++;
        // Fixed rate: the n-th tick is due at start + n·period, however late this one ran.
        cell.timers.set(key, this.clock.schedule(start + delayMs + fired * periodMs - this.clock.now(), fire));
      }
      const cause = this.trace !== null ? this.trace.timerFired(cell.path, messageType(msg), key, setBy) : -1;
      this.delivery.enqueue(cell, msg, '', cause);
    };
    cell.timers.set(key, this.clock.schedule(delayMs, fire));
  }

  cancel(cell: Cell, key: string): void {
    cell.timers.get(key)?.cancel();
    cell.timers.delete(key);
  }

  /** Every timer of the cell's incarnation, cancelled as it ends. */
  cancelAll(cell: Cell): void {
    for (const t of cell.timers.values()) t.cancel();
    cell.timers.clear();
  }
}
