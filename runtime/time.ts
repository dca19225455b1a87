// What the runtime needs of time: a clock to read and to schedule on. Which clock — virtual,
// manual, or the real one in clock.ts — is the choice of whoever starts the system.

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the clock started. */
  now(): number;
  /** Runs `fn` once, `delayMs` from now. */
  schedule(delayMs: number, fn: () => void): TimerHandle;
}
