// What a trace records: one event per send, delivery, timer, failure, status change, ...

export type TraceEventType =
  | 'spawn' // an actor's first start (detail: { kind, spec })
  | 'restart' // a later incarnation starts (detail: { kind, incarnation, restarts })
  | 'status' // running, backing-off, restarting (detail: { status, restarts })
  | 'stop' // stopped for good, or its host crashed (detail: { reason })
  | 'send' // into a local mailbox, or onto the wire (detail: { remote })
  | 'arrive' // off the wire into a mailbox
  | 'deliver' // handed to the actor's receive
  | 'drop' // lost on the wire (detail: { reason })
  | 'timer' // a timer fired into the actor's mailbox
  | 'crash' // init or receive threw (detail: { error, messageType, during })
  | 'dead-letter' // undelivered (detail: { reason })
  | 'external' // an input from outside the run: a scenario step (detail: the step)
  | 'checkpoint' // per-actor state hashes (detail: { [path]: hash })
  | 'fsync'; // a disk made its writes durable

export interface TraceEvent {
  readonly seq: number;
  /** Virtual time, ms. */
  readonly time: number;
  readonly type: TraceEventType;
  /** The actor the event happened to (the sender, for a send); '' for the outside world. */
  readonly actor: string;
  /** The other end: the recipient of a send or arrival. */
  readonly peer: string;
  readonly messageType: string;
  /** The message, after redaction; only on send events. */
  readonly payload: unknown;
  /** The event that caused this one; -1 when none did. */
  readonly cause: number;
  readonly detail: unknown;
}

export type EncodedEvent = [number, number, TraceEventType, string, string, string, unknown, number, unknown];

export function toTuple(e: TraceEvent): EncodedEvent {
  return [e.seq, e.time, e.type, e.actor, e.peer, e.messageType, e.payload, e.cause, e.detail];
}

export function fromTuple(t: EncodedEvent): TraceEvent {
  const [seq, time, type, actor, peer, messageType, payload, cause, detail] = t;
  return { seq, time, type, actor, peer, messageType, payload, cause, detail };
}

/** The header: what replay needs to run the same thing again. */
export interface TraceHeader {
  readonly format: 1;
  readonly kybernetes: string;
  readonly scenario: string;
  /** The actor system's name: the root of the tree. */
  readonly name: string;
  readonly seed: number;
  readonly config: unknown;
  readonly inputs: readonly unknown[];
}
