// The event recorder run by its owner actor: correlate, then create or patch through the owner's
// ApiClient (tag `event/<n>`). A patch of an event the server no longer has (404) becomes a
// create, as client-go's recordEvent does; a successful write updates the correlator's cache
// with the server's copy. AlreadyExists and other definite failures drop the event (client-go
// logs them); the ApiClient has already retried what was worth retrying.

import type { KubeObject } from '../../protocols/kube/objects.ts';
import type { ApiClientState } from './api-client.ts';
import { type ApiClientMsg, type ApiDone, callApi } from './api-client-shell.ts';
import type { ClientCtx } from './ctx.ts';
import { type CoreEvent, correlate, type CorrelatorState, correlatorState, type EventSource, type ObjectReference, updateState } from './event-correlator.ts';
import { createCall, patchCall } from './requests.ts';

export interface RecorderState {
  correlator: CorrelatorState;
  /** Writes under way, by number: the event, for the create that follows a 404 on a patch. */
  pending: Record<number, { event: CoreEvent; patched: boolean }>;
  next: number;
  /** Events dropped by the spam filter. */
  dropped: number;
}

export const recorderState = (): RecorderState => ({ correlator: correlatorState(), pending: {}, next: 1, dropped: 0 });

type Ctx = ClientCtx<ApiClientMsg>;
const TAG = 'event/';

/** A create carries no resourceVersion (client-go clears it before creating after a failed patch). */
function withoutResourceVersion(event: CoreEvent): KubeObject {
  const { resourceVersion: _, ...metadata } = event.metadata;
  return { ...event, metadata };
}

function write(rec: RecorderState, api: ApiClientState, ctx: Ctx, event: CoreEvent, patch: string | undefined): void {
  const n = rec.next++;
  rec.pending[n] = { event, patched: patch !== undefined };
  const call =
    patch === undefined
      ? createCall(withoutResourceVersion(event))
      : patchCall('events', event.metadata.name!, 'strategic', patch, { namespace: event.metadata.namespace! });
  callApi(api, ctx, call, `${TAG}${n}`);
}

/** EventRecorder.Event: `type` is 'Normal' or 'Warning'. */
export function recordEvent(
  rec: RecorderState,
  api: ApiClientState,
  ctx: Ctx,
  source: EventSource,
  ref: ObjectReference,
  type: string,
  reason: string,
  message: string,
  epochMs?: number,
): void {
  const c = correlate(rec.correlator, source, ctx.now(), ref, type, reason, message, epochMs);
  if (c.type === 'skip') {
    rec.dropped++;
    return;
  }
  write(rec, api, ctx, c.event, c.type === 'patch' ? c.patch : undefined);
}

/** A finished ApiClient call: true when it was the recorder's. */
export function onEventApiDone(rec: RecorderState, api: ApiClientState, ctx: Ctx, d: ApiDone): boolean {
  if (!d.tag.startsWith(TAG)) return false;
  const n = Number(d.tag.slice(TAG.length));
  const p = rec.pending[n];
  delete rec.pending[n];
  if (p === undefined) return true;
  if (d.result.ok) updateState(rec.correlator, d.result.body as CoreEvent);
  else if (p.patched && d.result.code === 404) write(rec, api, ctx, p.event, undefined);
  return true;
}
