// The member's loop around its Raft core: step it, persist what the Ready asks for, send what
// depends on the write only once its fsync completes (Synced), then apply what is committed and
// answer whoever waits on it. Every input reaches the core through `stepAndHandle`.

import type { RaftMessage } from '../../../protocols/etcd/raft.ts';
import { etcdMemberService } from '../../../protocols/etcd/member.ts';
import { step } from '../raft/raft.ts';
import type { RaftInput, Ready } from '../raft/types.ts';
import { answerRequests, applyEntries } from './requests.ts';
import { installSnapshot, maybeSnapshot } from './snapshots.ts';
import type { Ctx, Env, MemberState } from './state.ts';
import { LOG } from './wal.ts';
import { flushWatches } from './watches.ts';

/** A leader's own traffic, which says nothing about what it has on disk. */
const sendsBeforeSync = (m: RaftMessage) => m.type === 'MsgApp' || m.type === 'MsgHeartbeat' || m.type === 'MsgSnap' || m.type === 'MsgTimeoutNow';

function send(ctx: Ctx, messages: readonly RaftMessage[]): void {
  for (const m of messages) ctx.send(etcdMemberService.on(m.to), { type: 'Raft', message: m });
}

/** Steps the core and carries out its Ready; a removed member takes no further part and steps nothing. */
export function stepAndHandle(env: Env, s: MemberState, ctx: Ctx, input: RaftInput): Ready | undefined {
  if (s.removed) return undefined;
  const ready = step(s.raft, input);
  handle(env, s, ctx, ready);
  return ready;
}

/**
 * Persist, then send what depends on the write once it is durable, then apply. A leader whose
 * term and vote are already written sends its appends at once (Raft thesis §10.2.1) and counts
 * its own copy when the fsync completes; everything else waits for the fsync, in order.
 */
function handle(env: Env, s: MemberState, ctx: Ctx, ready: Ready): void {
  const durable = ready.hardState !== undefined || ready.entries.length > 0 || ready.snapshot !== undefined;
  if (ready.snapshot) installSnapshot(env, s, ctx, ready.snapshot);
  const termOrVote = ready.hardState !== undefined && (ready.hardState.term !== s.written.term || ready.hardState.vote !== s.written.vote);
  const last = ready.entries[ready.entries.length - 1] ?? (ready.snapshot && { index: ready.snapshot.index, term: ready.snapshot.term });
  // ctx.disk builds a fresh handle on each read: one per Ready, only when there is a write.
  const disk = durable ? ctx.disk : undefined;
  if (ready.entries.length > 0) {
    const first = ready.entries[0]!.index;
    if (first <= s.persistedLast) disk!.append(LOG, { truncateFrom: first });
    for (const entry of ready.entries) disk!.append(LOG, { entry });
    s.persistedLast = last!.index;
  }
  // After the entries it may name (see wal.ts).
  if (ready.hardState) {
    disk!.append(LOG, { hardState: ready.hardState });
    s.written = { term: ready.hardState.term, vote: ready.hardState.vote };
  }
  if (env.options.plantAckBeforeFsync) {
    send(ctx, ready.messages);
    if (durable) disk!.fsync();
  } else {
    const early = s.raft.role === 'leader' && !termOrVote;
    const later: RaftMessage[] = [];
    for (const m of ready.messages) {
      if (early && sendsBeforeSync(m)) ctx.send(etcdMemberService.on(m.to), { type: 'Raft', message: m });
      else later.push(m);
    }
    if (durable) {
      const batch = ++s.batch;
      s.outbox[batch] = last ? { messages: later, last: { index: last.index, term: last.term } } : { messages: later };
      s.syncing = batch;
      disk!.fsync({ type: 'Synced', batch });
    } else if (s.outbox[s.syncing]) s.outbox[s.syncing]!.messages.push(...later);
    else send(ctx, later);
  }
  applyEntries(env, s, ctx, ready.committed);
  flushWatches(s, ctx);
  if (ready.committed.length > 0) maybeSnapshot(env, s, ctx);
  answerRequests(s, ctx, ready);
}

/** A batch's fsync completed: what waited for it goes out, and the core learns its log is on disk. */
export function synced(env: Env, s: MemberState, ctx: Ctx, batch: number): void {
  if (s.snapPut !== null && batch > s.snapPut.batch) {
    s.durableSnap = Math.max(s.durableSnap, s.snapPut.index);
    s.snapPut = null;
  }
  const out = s.outbox[batch];
  delete s.outbox[batch];
  if (!out) return;
  send(ctx, out.messages);
  if (out.last) stepAndHandle(env, s, ctx, { type: 'persisted', ...out.last });
}
