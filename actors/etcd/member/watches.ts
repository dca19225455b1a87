// A member's watch streams: opened and canceled by clients, fed by the store as entries apply,
// closed when the member has no leader (etcd's require-leader) or the client has gone silent.

import type { MemberMsg } from '../../../protocols/etcd/member.ts';
import type { Ctx, MemberState } from './state.ts';

/** Clients ask every watch stream for progress each second (client.ts): five missed means gone. */
const SILENT_STREAM_MS = 5000;

/** Every watch response the store queued, down its stream. */
export function flushWatches(s: MemberState, ctx: Ctx): void {
  for (const d of s.store.takeWatchResponses()) {
    const st = s.streams[d.stream];
    if (st) ctx.send(st.to, { type: 'WatchResponse', stream: d.stream, seq: ++st.sent, response: d.response });
  }
}

/** Every stream goes, each told why (a client then resumes on another member). */
export function closeStreams(s: MemberState, ctx: Ctx, reason: string): void {
  for (const [stream, { to }] of Object.entries(s.streams)) {
    s.store.closeWatchStream(stream);
    ctx.send(to, { type: 'WatchClosed', stream, reason });
  }
  s.streams = {};
}

/** Each tick: etcd's require-leader, and streams whose clients stopped probing. */
export function checkStreams(s: MemberState, ctx: Ctx): void {
  // Without a leader a member cannot promise its watchers new writes.
  if (s.raft.leader === null && Object.keys(s.streams).length > 0) closeStreams(s, ctx, 'etcdserver: no leader');
  dropSilentStreams(s, ctx.now());
}

/**
 * A stream whose client has not been heard from in a while is gone (it moved to another member
 * and its cancel was lost): drop it, as a gRPC server does when keepalives stop.
 */
function dropSilentStreams(s: MemberState, now: number): void {
  for (const [stream, st] of Object.entries(s.streams))
    if (now - st.heard > SILENT_STREAM_MS) {
      s.store.closeWatchStream(stream);
      delete s.streams[stream];
    }
}

/** A client's message about its watches. */
export function watchRequest(s: MemberState, ctx: Ctx, m: MemberMsg & { type: 'Watch' | 'WatchCancel' | 'WatchProgress' }): void {
  switch (m.type) {
    case 'Watch':
      if (s.removed) return;
      s.streams[m.stream] ??= { to: m.replyTo, sent: 0, heard: ctx.now() };
      s.streams[m.stream]!.heard = ctx.now();
      s.store.watch(m.request, m.stream);
      flushWatches(s, ctx);
      return;
    case 'WatchCancel':
      if (m.watchId >= 0) s.store.cancelWatch(m.watchId, m.stream);
      else {
        s.store.closeWatchStream(m.stream);
        delete s.streams[m.stream];
      }
      flushWatches(s, ctx);
      return;
    case 'WatchProgress':
      if (s.streams[m.stream] === undefined) ctx.send(m.replyTo, { type: 'WatchClosed', stream: m.stream, reason: 'no such watch stream' });
      else {
        s.streams[m.stream]!.heard = ctx.now();
        s.store.requestProgress(m.stream);
        flushWatches(s, ctx);
      }
      return;
  }
}

/** The progress-notify timer: quiet watches that asked for it hear the store's revision. */
export function progressNotify(s: MemberState, ctx: Ctx): void {
  s.store.progressTick();
  flushWatches(s, ctx);
}
