// Events that report a write (Kubernetes' PodControl and JobControl record them once the call
// has answered: "Created pod: x", or "Error creating: <the apiserver's message>"). A reconcile's
// writes all go out together, so such an event waits in the controller's memory, keyed by the
// write it reports, until `written` hears how the write ended; the next reconcile of the key
// (the write's own notification, or the retry of a failed one, brings it) records it. The
// Job and CronJob controllers share this.

import type { ApiCall, ApiResult } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import type { ObjectReference } from '../../client/index.ts';

export interface Ev {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

/** What to record when the write ends: `ok` events on success, `failed` (its message prefixed) on failure. */
export interface OnWrite {
  readonly ok: readonly Ev[];
  readonly failed?: { readonly reason: string; readonly prefix: string };
  /** A failed delete of something already gone records nothing. */
  readonly quietIfNotFound?: boolean;
}

export type WriteEventMemory = {
  awaiting: Record<string, Record<string, OnWrite & { readonly ref: ObjectReference }>>;
  heard: Record<string, (Ev & { readonly ref: ObjectReference })[]>;
};

/** One write's identity within a reconcile: verb, resource (and subresource), name. */
export function callId(call: ApiCall): string {
  const name = call.target.name ?? (call.verb === 'create' ? call.body.metadata.name : undefined) ?? '';
  return `${call.verb} ${call.target.resource}${call.target.subresource ? `/${call.target.subresource}` : ''} ${name}`;
}

export function awaitWrite(mem: WriteEventMemory, key: string, call: ApiCall, ref: ObjectReference, on: OnWrite): void {
  (mem.awaiting[key] ??= {})[callId(call)] = { ...on, ref };
}

/** Events heard since the key's last reconcile; they are recorded now. */
export function takeHeard(mem: WriteEventMemory, key: string): (Ev & { readonly ref: ObjectReference })[] {
  const out = mem.heard[key] ?? [];
  delete mem.heard[key];
  return out;
}

export function heardWrite(mem: WriteEventMemory, key: string, call: ApiCall, result: ApiResult): void {
  const id = callId(call);
  const on = mem.awaiting[key]?.[id];
  if (on === undefined) return;
  delete mem.awaiting[key]![id];
  const heard = (mem.heard[key] ??= []);
  if (result.ok) heard.push(...on.ok.map((e) => ({ ...e, ref: on.ref })));
  else if (on.failed !== undefined && !(on.quietIfNotFound && result.code === 404)) {
    const message = (result.body as { message?: string } | KubeObject).message ?? '';
    heard.push({ type: 'Warning', reason: on.failed.reason, message: `${on.failed.prefix}${String(message)}`, ref: on.ref });
  }
}

export const writeEventMemory = (): WriteEventMemory => ({ awaiting: {}, heard: {} });
