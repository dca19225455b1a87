// Mailbox pumping on nact: an idle actor with mail is woken by one nact dispatch and handed
// everything queued (up to a batch) in that turn. nact spends a setImmediate per dispatched
// message; waking once for all that is queued wins most of that back. Also counts what is being
// handled, for idle() and for the kernel's per-instant budget.

import nact from 'nact';
import { messageType } from '../message.ts';
import type { Cell } from './cell.ts';
import type { TraceHooks } from './ports.ts';

const WAKE = Object.freeze({ wake: true });
// nact allocates a Nobody sender per dispatch unless given one; wakes have no sender to name.
const NOBODY = new nact.Nobody();
// nact's typings omit dispatch's third parameter, the sender.
const dispatch = nact.dispatch as (to: nact.Ref<unknown>, msg: unknown, sender: nact.Ref<unknown>) => void;

export class Pump {
  /** Cells with a wake pending or a drain under way. */
  private busy = 0;
  private idleWaiters: (() => void)[] = [];
  /** Messages handled since the instant began; past the budget the system halts. */
  private delivered = 0;
  /** Set when the budget was exceeded: nothing more is handled. */
  halted = false;
  /** Called after each message handled (and each other step, by the lifecycle); null when nobody watches. */
  observer: ((path: string) => void) | null = null;

  constructor(
    private readonly batch: number,
    private readonly budget: number,
    private readonly trace: TraceHooks | null,
  ) {}

  beginInstant(): void {
    this.delivered = 0;
  }

  schedule(cell: Cell): void {
    if (this.halted) return;
    cell.scheduled = true;
    this.busy++;
    dispatch(cell.nactRef as nact.Ref<unknown>, WAKE, NOBODY);
  }

  unschedule(cell: Cell): void {
    if (!cell.scheduled) return;
    cell.scheduled = false;
    // The count can touch zero in the middle of a synchronous cascade (a failure hands work to a
    // watcher): only a zero that still holds once the cascade is over counts as idle.
    if (--this.busy === 0 && this.idleWaiters.length > 0) queueMicrotask(() => this.wakeIdleWaiters());
  }

  /** Resolves once no actor has messages to handle (timers may still be pending). */
  idle(): Promise<void> {
    if (this.busy === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private wakeIdleWaiters(): void {
    if (this.busy !== 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /**
   * One nact turn of incarnation `inc`: hands the actor up to `batch` queued messages. A throw
   * propagates to nact, whose onCrash brings it back to supervision.
   */
  drain(cell: Cell, inc: number): void {
    if (cell.incarnation !== inc || cell.status !== 'running') return;
    const mailbox = cell.mailbox;
    const receive = cell.def.receive;
    const ctx = cell.ctx;
    const trace = this.trace;
    for (let n = this.batch; n > 0; n--) {
      if (++this.delivered > this.budget) {
        this.halted = true;
        this.unschedule(cell);
        return;
      }
      const env = mailbox.take();
      if (env === undefined) break;
      const msg = env.msg;
      cell.current = msg;
      if (trace !== null) trace.delivering(cell.path, env.from, messageType(msg), env.cause);
      cell.state = receive(cell.state, msg, ctx);
      cell.processed++;
      if (this.observer !== null) this.observer(cell.path);
      if (cell.incarnation !== inc || cell.status !== 'running') break; // it stopped itself
    }
    if (trace !== null) trace.delivered();
    if (cell.incarnation !== inc || cell.status !== 'running') return;
    cell.current = undefined;
    if (mailbox.length > 0) dispatch(cell.nactRef as nact.Ref<unknown>, WAKE, NOBODY);
    else this.unschedule(cell);
  }
}
