// A mailbox: the queue plus the bound and what a full one does.

import type { MailboxOptions, OverflowPolicy } from './actor.ts';
import { Queue } from './queue.ts';

/** Thrown at the sender when a `fail-sender` mailbox is full. */
export class MailboxFullError extends Error {
  override name = 'MailboxFullError';
}

export type Offer<T> =
  | { readonly accepted: true; readonly dropped?: T }
  | { readonly accepted: false };

const ACCEPTED: Offer<never> = { accepted: true };
const REFUSED: Offer<never> = { accepted: false };

export class Mailbox<T> {
  readonly queue = new Queue<T>();
  readonly capacity: number;
  readonly overflow: OverflowPolicy;

  constructor(options: MailboxOptions | undefined, where: string) {
    this.capacity = options?.capacity ?? Infinity;
    this.overflow = options?.overflow ?? 'drop-newest';
    if (!(this.capacity >= 1))
      throw new RangeError(`${where}: mailbox.capacity: Invalid value: ${this.capacity}: must be greater than or equal to 1`);
    if (!['drop-newest', 'drop-oldest', 'fail-sender'].includes(this.overflow))
      throw new RangeError(`${where}: mailbox.overflow: Invalid value: ${this.overflow}: must be drop-newest, drop-oldest or fail-sender`);
  }

  get length(): number {
    return this.queue.length;
  }

  /** Queues `msg` unless the mailbox is full; with drop-oldest, makes room by dropping the oldest. */
  offer(msg: T): Offer<T> {
    if (this.queue.length < this.capacity) {
      this.queue.push(msg);
      return ACCEPTED;
    }
    if (this.overflow !== 'drop-oldest') return REFUSED;
    const dropped = this.queue.shift();
    this.queue.push(msg);
    return { accepted: true, dropped };
  }
}
