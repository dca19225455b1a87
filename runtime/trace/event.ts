// What a trace records: one event per send, delivery, timer, failure, status change, ...

export type TraceEventType =
  | 'spawn' // an actor's first start (detail: { kind, spec: started from its parent's child specs })
  | 'restart' // a later incarnation starts (detail: { kind, incarnation, restarts })
  | 'status' // running, backing-off, restarting (detail: { status, restarts })
  | 'stop' // stopped for good, or its host crashed (detail: { reason: ExitReason })
  | 'send' // actor → peer: into a local mailbox (detail 0) or onto the wire (detail 1)
  | 'arrive' // off the wire into the actor's mailbox; peer is the sender
  | 'deliver' // handed to the actor's receive; cause: the send, arrive or timer that queued it
  | 'drop' // lost: actor is the sender, peer the recipient (detail: loss, partition or host-down)
  | 'timer' // a timer fired into the actor's mailbox (detail: its key; cause: what set it)
  | 'crash' // init or receive threw (detail: { error, during: receive or other })
  | 'dead-letter' // undelivered to the actor (detail: stopped, unknown or mailbox-full)
  | 'external' // an input from outside the run: a scenario step (detail: the step)
  | 'checkpoint' // per-actor state hashes (detail: { [path]: hash })
  | 'fsync'; // a disk made the actor's writes durable (cause: what asked for it)

export interface TraceEvent {
  readonly seq: number;
  /** Virtual time, ms. */
  readonly time: number;
  readonly type: TraceEventType;
  /** The actor the event happened to (the sender, for a send); '' for the outside world. */
  readonly actor: string;
  /** The other end: the recipient of a send or drop, the sender of an arrival. */
  readonly peer: string;
  readonly messageType: string;
  /** The message, after redaction; only on send events. */
  readonly payload: unknown;
  /** The event that caused this one; -1 when none did. */
  readonly cause: number;
  readonly detail: unknown;
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
