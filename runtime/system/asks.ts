// Asks: a request whose reply (or timeout) comes back through a one-shot receiver. An actor's
// receiver lives under the actor's own path, so it is on the actor's host and the reply crosses
// the network like any message; the reply reaches the actor through its own adapter, as a message.

import type { Clock } from '../time.ts';
import type { AnyRef, AskResult, Message } from '../message.ts';
import { AskReceiver } from './ask-receiver.ts';
import type { Cell } from './cell.ts';
import type { Delivery } from './delivery.ts';
import { errorText, type Lifecycle } from './lifecycle.ts';
import { type TraceHooks, withCause } from './ports.ts';
import type { Registry } from './registry.ts';

export class Asks {
  private nextAsk = 1;

  constructor(
    private readonly clock: Clock,
    private readonly registry: Registry,
    private readonly delivery: Delivery,
    private readonly lifecycle: Lifecycle,
    private readonly trace: TraceHooks | null,
  ) {}

  /** A receiver at a fresh path; `done` runs once, with the reply and its cause, or the timeout. */
  receiver<Reply>(to: AnyRef, timeoutMs: number, done: (r: AskResult<Reply>, cause: number) => void, asker?: Cell): AskReceiver<Reply> {
    if (!(timeoutMs > 0 && timeoutMs < Infinity))
      throw new RangeError(`ask ${to.path}: timeout: Invalid value: ${timeoutMs}: must be a finite number > 0`);
    const path = asker ? `${asker.path}/$ask-${this.nextAsk++}` : `/$ask/${this.nextAsk++}`;
    const r = new AskReceiver<Reply>({ path, uid: this.registry.newUid() }, (result, cause) => {
      this.registry.removeAsk(path);
      done(result, cause);
      this.trace?.forget(path);
    });
    r.timer = this.clock.schedule(timeoutMs, () => r.timeout(`ask ${to.path}: no reply within ${timeoutMs}ms`));
    this.registry.addAsk(r as AskReceiver<unknown>);
    return r;
  }

  /** An actor's ask: the reply or timeout comes back as the asker's own message, through `adapt`. */
  fromActor(asker: Cell, to: AnyRef, make: (replyTo: AnyRef) => Message, timeoutMs: number, adapt: (result: AskResult<Message>) => Message): void {
    const inc = asker.incarnation;
    const r = this.receiver<Message>(
      to,
      timeoutMs,
      (result, cause) => {
        if (asker.incarnation !== inc || !asker.alive) {
          // The incarnation that asked is gone: its answer is undeliverable, not lost.
          this.delivery.deadLetter(asker.path, result.ok ? result.reply : { type: 'AskTimeout' }, 'stopped', cause);
          return;
        }
        let msg: Message;
        try {
          msg = adapt(result);
        } catch (e) {
          // The adapter is the asker's code: its failure is the asker's.
          this.lifecycle.fail(asker, { kind: 'failed', error: errorText(e), messageType: 'ask-reply' });
          return;
        }
        withCause(this.trace, cause, () => this.delivery.send(null, asker.ref, msg));
      },
      asker,
    );
    this.delivery.send(asker, to, make(r.ref));
  }
}
