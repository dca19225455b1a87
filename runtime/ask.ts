// The one-shot receiver behind an ask: the first reply wins, or the timeout does.

import type { AskResult } from './actor.ts';
import type { Receiver } from './cell.ts';
import type { TimerHandle } from './clock.ts';
import type { AnyRef, Message } from './message.ts';

export class AskTimeoutError extends Error {
  override name = 'AskTimeoutError';
}

export class AskReceiver<Reply> implements Receiver {
  timer: TimerHandle | undefined;
  private done = false;

  constructor(
    readonly ref: AnyRef,
    private readonly finish: (result: AskResult<Reply>) => void,
  ) {}

  get uid(): number {
    return this.ref.uid;
  }

  accept(msg: Message, _loud: boolean): void {
    this.settle({ ok: true, reply: msg as Reply });
  }

  timeout(error: string): void {
    this.settle({ ok: false, error });
  }

  private settle(result: AskResult<Reply>): void {
    if (this.done) return;
    this.done = true;
    this.timer?.cancel();
    this.finish(result);
  }
}
