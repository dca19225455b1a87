// Redactions: a message type can declare how it is written to a trace, so secrets never reach one.

import type { Message } from '../message.ts';

const redactions = new Map<string, (msg: Message) => Message>();

/** Declares that messages of `type` are traced as `redact(msg)` instead of as themselves. */
export function defineRedaction<M extends Message>(type: M['type'], redact: (msg: M) => Message): void {
  redactions.set(type, redact as (msg: Message) => Message);
}

export function redacted(msg: Message): Message {
  const r = redactions.get(msg.type);
  return r === undefined ? msg : r(msg);
}
