// A mailbox: the envelopes waiting for an actor, the bound and what a full one does. An envelope's
// sender and cause matter only to a trace, so an untraced mailbox keeps the messages alone: a flood
// of a million messages then holds a million objects, not two million.

import type { MailboxOptions, OverflowPolicy } from '../actor.ts';
import type { Message } from '../message.ts';
import { Queue } from '../queue.ts';
import type { Envelope } from './envelope.ts';

/** Thrown at the sender when a `fail-sender` mailbox is full. */
export class MailboxFullError extends Error {
  override name = 'MailboxFullError';
}

export type Offer =
  | { readonly accepted: true; readonly dropped?: Envelope }
  | { readonly accepted: false };

const ACCEPTED: Offer = { accepted: true };
const REFUSED: Offer = { accepted: false };

export class Mailbox {
  private readonly msgs = new Queue<Message>();
  /** With envelopes kept: each message's sender and cause, in step with `msgs`. */
  private readonly froms: Queue<string> | null;
  private readonly causes: Queue<number> | null;
  /** What take() hands out, reused: read it before the next take. */
  private readonly taken: { msg: Message; from: string; cause: number } = { msg: { type: '' }, from: '', cause: -1 };
  readonly capacity: number;
  readonly overflow: OverflowPolicy;

  constructor(options: MailboxOptions | undefined, where: string, keepEnvelopes: boolean) {
    this.capacity = options?.capacity ?? Infinity;
    this.overflow = options?.overflow ?? 'drop-newest';
    if (!(this.capacity >= 1))
      throw new RangeError(`${where}: mailbox.capacity: Invalid value: ${this.capacity}: must be greater than or equal to 1`);
    if (!['drop-newest', 'drop-oldest', 'fail-sender'].includes(this.overflow))
      throw new RangeError(`${where}: mailbox.overflow: Invalid value: ${this.overflow}: must be drop-newest, drop-oldest or fail-sender`);
    this.froms = keepEnvelopes ? new Queue<string>() : null;
    this.causes = keepEnvelopes ? new Queue<number>() : null;
  }

  get length(): number {
    return this.msgs.length;
  }

  /**
   * Queues the envelope (its parts given one by one: a send allocates nothing for it) unless the
   * mailbox is full; with drop-oldest, makes room by dropping the oldest.
   */
  offer(msg: Message, from: string, cause: number): Offer {
    if (this.msgs.length < this.capacity) {
      this.push(msg, from, cause);
      return ACCEPTED;
    }
    if (this.overflow !== 'drop-oldest') return REFUSED;
    const oldest = this.take()!;
    const dropped: Envelope = { msg: oldest.msg, from: oldest.from, cause: oldest.cause };
    this.push(msg, from, cause);
    return { accepted: true, dropped };
  }

  /** The oldest envelope, removed; the object is reused by the next take, so read it first. */
  take(): Envelope | undefined {
    const msg = this.msgs.shift();
    if (msg === undefined) return undefined;
    const t = this.taken;
    t.msg = msg;
    t.from = this.froms?.shift() ?? '';
    t.cause = this.causes?.shift() ?? -1;
    return t;
  }

  private push(msg: Message, from: string, cause: number): void {
    this.msgs.push(msg);
    if (this.froms !== null) {
      this.froms.push(from);
      this.causes!.push(cause);
    }
  }
}
