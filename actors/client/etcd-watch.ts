// The client's side of one watch, as deterministic functions with no I/O (`onResponse` updates
// the watch in place): which revision to resume from when its stream is lost, and which events
// of a resumed stream are new. clientv3 does the same: it resumes from the revision after the
// last event it delivered, or, when it saw none, after the revision the watch was created at.

import type { WatchCreateRequest, WatchEvent, WatchResponse } from '../../protocols/etcd/kv.ts';

export interface ClientWatch {
  readonly request: WatchCreateRequest;
  /** The revision after the last event delivered; 0 while none was. */
  nextRevision: number;
  /** The store's revision when the first stream created the watch; 0 until it did. */
  createdAt: number;
}

/** The request that resumes the watch on another member without gaps or repeats. */
export function resumeRequest(w: ClientWatch): WatchCreateRequest {
  const from = w.nextRevision > 0 ? w.nextRevision : w.createdAt > 0 ? w.createdAt + 1 : (w.request.startRevision ?? 0);
  return { ...w.request, startRevision: from, watchId: 0 };
}

export type WatchOutcome =
  | { readonly kind: 'events'; readonly events: readonly WatchEvent[]; readonly revision: number }
  | { readonly kind: 'canceled'; readonly reason: string; readonly compactRevision: number }
  | { readonly kind: 'nothing' };

/** What one response of the current stream means for the watch's user. */
export function onResponse(w: ClientWatch, r: WatchResponse): WatchOutcome {
  if (r.created && w.createdAt === 0 && !r.canceled) w.createdAt = r.header.revision;
  if (r.canceled) return { kind: 'canceled', reason: r.cancelReason || (r.compactRevision > 0 ? 'etcdserver: mvcc: required revision has been compacted' : 'canceled'), compactRevision: r.compactRevision };
  // A resumed stream starts where the last left off; anything older was delivered already.
  // Usually every event is new: the response's own array then, not a copy.
  if (r.events.length === 0) {
    // A progress notification (etcd's periodic one, or the answer to a progress request): every
    // event up to its revision was sent. Told to a watch that asked for them (clientv3's
    // WithProgressNotify), as events of none; the resume point stays after the last event, as
    // clientv3's does.
    return !r.created && w.request.progressNotify === true && r.header.revision >= w.nextRevision - 1 ? { kind: 'events', events: r.events, revision: r.header.revision } : { kind: 'nothing' };
  }
  const fresh = r.events.every((e) => e.kv.modRevision >= w.nextRevision) ? r.events : r.events.filter((e) => e.kv.modRevision >= w.nextRevision);
  if (fresh.length === 0) return { kind: 'nothing' };
  w.nextRevision = fresh[fresh.length - 1]!.kv.modRevision + 1;
  return { kind: 'events', events: fresh, revision: r.header.revision };
}
