// The one-shot receiver behind an ask: the first reply wins, or the timeout does.

import type { TimerHandle } from '../time.ts';
import type { AnyRef, AskResult } from '../message.ts';
import type { Envelope } from './envelope.ts';

export class AskTimeoutError extends Error {
  override name = 'AskTimeoutError';
}

export class AskReceiver<Reply> {
  timer: TimerHandle | undefined;
  private done = false;

  constructor(
    readonly ref: AnyRef,
    /** Called once, with the reply's envelope (its cause) or with the timeout. */
    private readonly finish: (result: AskResult<Reply>, cause: number) => void,
  ) {}

  get uid(): number {
    return this.ref.uid;
  }

  get path(): string {
    return this.ref.path;
  }

  accept(env: Envelope): void {
    this.settle({ ok: true, reply: env.msg as Reply }, env.cause);
  }

  timeout(error: string): void {
    this.settle({ ok: false, error }, -1);
  }

  private settle(result: AskResult<Reply>, cause: number): void {
    if (this.done) return;
    this.done = true;
    this.timer?.cancel();
    this.finish(result, cause);
  }
}
