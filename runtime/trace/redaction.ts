// Redactions: a message type can declare how it is written to a trace, so secrets never reach one.

import type { Message } from '../message.ts';

const redactions = new Map<string, (msg: Message) => Message>();

/** Declares that messages of `type` are traced as `redact(msg)` instead of as themselves. */
export function defineRedaction<M extends Message>(type: M['type'], redact: (msg: M) => Message): void {
  redactions.set(type, redact as (msg: Message) => Message);
}

/**
 * The message as it may be traced: every object in it, at any depth, whose `type` has a
 * redaction is replaced by its redacted form. A redaction that throws hides the whole value.
 */
export function redacted(msg: Message): Message {
  if (redactions.size === 0) return msg;
  return redact(msg, 0) as Message;
}

/** Whether any redaction is declared: when none is, messages are traced as they are. */
export function anyRedactions(): boolean {
  return redactions.size > 0;
}

/**
 * One object as it may be traced: its redacted form when its `type` has a redaction, else itself
 * (its fields unvisited). The trace encoder calls it on each object it writes, so a message is
 * walked once, while it is written, rather than once more beforehand.
 */
export function redactOne(o: Record<string, unknown>): unknown {
  const r = typeof o.type === 'string' ? redactions.get(o.type) : undefined;
  if (r === undefined) return o;
  try {
    return r(o as unknown as Message);
  } catch {
    return { type: o.type, redacted: 'the redaction failed' };
  }
}

function redact(v: unknown, depth: number): unknown {
  if (typeof v !== 'object' || v === null || depth > 64) return v;
  if (Array.isArray(v)) return v.map((x) => redact(x, depth + 1));
  const o = v as Record<string, unknown>;
  const swapped = redactOne(o);
  if (swapped !== o) return swapped;
  let copy: Record<string, unknown> | undefined;
  for (const k in o) {
    const x = o[k];
    const y = redact(x, depth + 1);
    if (y !== x) (copy ??= { ...o })[k] = y;
  }
  return copy ?? o;
}
