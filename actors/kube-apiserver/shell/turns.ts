// Work that must not overlap (a replica's Service writes): each piece starts when the one before
// it says it is done.

export interface Turns {
  busy: boolean;
  readonly queue: ((done: () => void) => void)[];
}

/** Runs `work` when the ones before it have called their `done`. */
export function inTurn(turns: Turns, work: (done: () => void) => void): void {
  if (turns.busy) return void turns.queue.push(work);
  turns.busy = true;
  const done = (): void => {
    const next = turns.queue.shift();
    if (next === undefined) turns.busy = false;
    else next(done);
  };
  work(done);
}
