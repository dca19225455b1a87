// Events that only the apiserver's answer can word: a pod's generated name, whether a create or
// delete failed and why. Kubernetes' pod control records them when the call returns; here the
// controller's `written` hook hears the answer and keeps the Event until the set's next reconcile
// (soon: the write's own notification, or the rate-limited retry of a failed one) emits it.

import type { EventType, ObjectReference } from '../../client/index.ts';

export interface PendingEvent {
  readonly ref: ObjectReference;
  readonly type: EventType;
  readonly reason: string;
  readonly message: string;
}

export interface EventMemory {
  events: Record<string, PendingEvent[]>;
  /** Each set's reference as last reconciled, for the Events its writes' answers raise. */
  refs: Record<string, ObjectReference>;
}

export function note(m: EventMemory, key: string, type: EventType, reason: string, message: string): void {
  const ref = m.refs[key];
  if (ref !== undefined) (m.events[key] ??= []).push({ ref, type, reason, message });
}

/** The Events kept for `key`, handed out once. */
export function drain(m: EventMemory, key: string): PendingEvent[] {
  const out = m.events[key] ?? [];
  delete m.events[key];
  return out;
}
