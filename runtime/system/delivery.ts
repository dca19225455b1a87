// Getting a message to its recipient: checked at send, traced, carried over the kernel's network
// between hosts, put in a mailbox (within its bound), or handed to dead letters with the reason.

import { Subject } from 'rxjs';
import { MailboxFullError } from './mailbox.ts';
import { type AnyRef, InvalidMessageError, isPlainData, type Message, messageType, plainDataProblem } from '../message.ts';
import type { AskReceiver } from './ask-receiver.ts';
import { Cell } from './cell.ts';
import { type KernelPort, type TraceHooks, withCause } from './ports.ts';
import type { Pump } from './pump.ts';
import type { Receiver, Registry } from './registry.ts';
import { NOT_COPIED, wireCopy } from './wire-copy.ts';

export type DeadLetterReason = 'stopped' | 'unknown' | 'mailbox-full';

export interface DeadLetter {
  readonly recipient: string;
  readonly messageType: string;
  readonly message: unknown;
  readonly reason: DeadLetterReason;
}

export class Delivery {
  private readonly deadLetterSubject = new Subject<DeadLetter>();
  /** Every undelivered message, with why. */
  readonly deadLetters$ = this.deadLetterSubject.asObservable();

  constructor(
    private readonly registry: Registry,
    private readonly pump: Pump,
    private readonly kernel: KernelPort | null,
    private readonly trace: TraceHooks | null,
  ) {}

  /**
   * Sends from `sender` (null: the runtime itself, or with `loud` the outside world); between two
   * hosts the message crosses the kernel's network. Only a sender that can hear it is told of a
   * full fail-sender mailbox by an exception: an actor, or a caller from outside.
   */
  send(sender: Cell | null, to: AnyRef, msg: Message, loud = sender !== null): void {
    if (typeof to?.path !== 'string') throw new TypeError(`send: the recipient is not an ActorRef: ${String(to)}`);
    const r = this.registry.get(to.path);
    let toHost: Cell | null = null;
    if (this.kernel !== null && sender !== null && sender.host !== null) {
      toHost = r instanceof Cell ? r.host : this.registry.hostOfPath(to.path);
      if (toHost === sender.host) toHost = null;
    }
    // Between hosts the message is copied now, as it will arrive; a copy is only made of plain
    // data, so it stands for the plain-data check as well.
    const copy = toHost !== null ? wireCopy(msg) : NOT_COPIED;
    if (copy === NOT_COPIED && !isPlainData(msg))
      throw new InvalidMessageError(`send to ${to.path}: ${plainDataProblem(msg)}; messages must be plain data that msgpackr can encode`);
    const from = sender?.path ?? '';
    // The trace keeps its encoding of the payload for the wire only when there is no copy.
    const cause = this.trace !== null ? this.trace.sent(from, to.path, msg, toHost !== null, toHost !== null && copy === NOT_COPIED) : -1;
    if (toHost === null) this.accept(to, msg, from, cause, r, loud);
    else if (copy !== NOT_COPIED) this.kernel!.transmit(sender!, toHost, to, msg, cause, null, copy);
    else this.kernel!.transmit(sender!, toHost, to, msg, cause, this.trace?.sentBytes());
  }

  /** A message off the wire; `cause` is the arrival event that puts it in a mailbox. */
  arrive(to: AnyRef, msg: Message, from: string, cause: number): void {
    this.accept(to, msg, from, cause, this.registry.get(to.path), false);
  }

  /** A message from the runtime itself (an fsync done), traced as sent by nobody, caused by `cause`. */
  post(to: AnyRef, msg: Message, cause: number): void {
    withCause(this.trace, cause, () => this.send(null, to, msg));
  }

  /** Puts an envelope in the mailbox `to` names, or in dead letters if nobody answers to it there. */
  private accept(to: AnyRef, msg: Message, from: string, cause: number, r: Receiver | undefined, loud: boolean): void {
    const cell = r instanceof Cell ? r : null;
    if (r === undefined || (r.uid !== to.uid && !(to.uid === 0 && cell !== null))) {
      this.deadLetter(to.path, msg, this.registry.issued(to.uid) ? 'stopped' : 'unknown', cause);
      return;
    }
    if (cell !== null) this.enqueue(cell, msg, from, cause, loud);
    else (r as AskReceiver<unknown>).accept({ msg, from, cause });
  }

  /** Into the cell's mailbox, within its bound; a running idle actor is woken. */
  enqueue(cell: Cell, msg: Message, from: string, cause: number, loud = false): void {
    if (cell.status === 'stopped') {
      this.deadLetter(cell.path, msg, 'stopped', cause);
      return;
    }
    const offer = cell.mailbox.offer(msg, from, cause);
    if (!offer.accepted) {
      this.deadLetter(cell.path, msg, 'mailbox-full', cause);
      if (loud && cell.mailbox.overflow === 'fail-sender')
        throw new MailboxFullError(`send to ${cell.path}: mailbox is full (capacity ${cell.mailbox.capacity}); ${messageType(msg)} refused`);
      return;
    }
    if (offer.dropped !== undefined) this.deadLetter(cell.path, offer.dropped.msg, 'mailbox-full', offer.dropped.cause);
    if (cell.status === 'running' && !cell.scheduled) this.pump.schedule(cell);
  }

  /** The mail a stopped actor leaves behind goes to dead letters, caused by what stopped it. */
  discardMail(cell: Cell): void {
    const cause = this.trace?.cause ?? -1;
    for (let env = cell.mailbox.take(); env !== undefined; env = cell.mailbox.take())
      this.deadLetter(cell.path, env.msg, 'stopped', cause);
  }

  deadLetter(recipient: string, message: Message, reason: DeadLetterReason, cause: number): void {
    this.trace?.deadLetter(recipient, messageType(message), reason, cause);
    if (this.deadLetterSubject.observed) this.deadLetterSubject.next({ recipient, messageType: messageType(message), message, reason });
  }
}
