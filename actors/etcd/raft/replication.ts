// Log replication (§5.3) and the commit rule (§5.4.2): the leader's progress per peer (probing
// until a follower's log is found, then streaming within an in-flight window), what followers do
// with appends and heartbeats, and when an entry counts as committed.

import type { Entry, Membership, NodeId, RaftMessage } from '../../../protocols/etcd/raft.ts';
import { ackRead, releaseReads } from './read-index.ts';
import { type Effects, isVoter, peers, type Progress, quorum, type RaftState, voters } from './state.ts';

/** Sends the next MsgApp (or a snapshot) to a peer; false when nothing more can go now. */
export function sendAppend(r: RaftState, fx: Effects, to: NodeId): boolean {
  const p = r.progress.get(to)!;
  if (p.state === 'snapshot') return false;
  const prevIndex = p.next - 1;
  const prevTerm = r.log.term(prevIndex);
  if (prevTerm === undefined) {
    // The entries it needs are compacted away: send the snapshot instead.
    const snapshot = r.snapshot;
    if (!snapshot) return false;
    fx.send({ type: 'MsgSnap', from: r.config.id, to, term: r.term, snapshot });
    p.state = 'snapshot';
    p.pendingSnapshot = snapshot.index;
    p.snapshotWait = 0;
    return false;
  }
  const entries = r.log.slice(p.next, r.log.lastIndex(), r.config.maxEntriesPerMsg);
  fx.send({ type: 'MsgApp', from: r.config.id, to, term: r.term, prevIndex, prevTerm, entries, commit: r.log.committed });
  p.inflight++;
  if (p.state === 'replicate' && entries.length > 0) p.next = entries[entries.length - 1]!.index + 1;
  return p.state === 'replicate' && entries.length > 0;
}

export function broadcastAppend(r: RaftState, fx: Effects): void {
  for (const p of peers(r)) sendAppend(r, fx, p);
}

/** §5.4.2: commit the highest index a quorum has, but only if it is of the current term. */
export function maybeCommit(r: RaftState, fx: Effects): void {
  const matches = voters(r).map((v) => (v === r.config.id ? r.stable : (r.progress.get(v)?.match ?? 0)));
  matches.sort((a, b) => b - a);
  const n = matches[quorum(r) - 1] ?? 0;
  if (n > r.log.committed && (r.log.term(n) === r.term || r.config.plantCommitByCounting === true)) {
    r.log.committed = n;
    // Reads waiting for a commit of this term can go now.
    releaseReads(r, fx);
  }
}

export function appendOwn(r: RaftState, items: { data?: unknown; config?: Membership }[]): Entry[] {
  let index = r.log.lastIndex();
  const entries = items.map((it) => ({ term: r.term, index: ++index, ...it }));
  r.log.append(entries);
  return entries;
}

export function propose(r: RaftState, fx: Effects, id: number, item: { data?: unknown; config?: Membership }): void {
  if (r.role !== 'leader' || r.transferee !== null) {
    fx.dropped.push(id);
    return;
  }
  const [e] = appendOwn(r, [item]);
  if (item.config) r.pendingConfigIndex = e!.index;
  for (const p of peers(r)) {
    const pr = r.progress.get(p)!;
    if (pr.inflight < r.config.maxInflight) sendAppend(r, fx, p);
  }
  maybeCommit(r, fx);
}

// ---- on a follower (the dispatcher has already made it one, of the sender's term) ------------

export function handleAppend(r: RaftState, fx: Effects, m: RaftMessage & { type: 'MsgApp' }): void {
  if (m.prevIndex < r.log.committed) {
    fx.send({ type: 'MsgAppResp', from: r.config.id, to: m.from, term: r.term, index: r.log.committed, reject: false, hint: 0 });
    return;
  }
  if (!r.log.matches(m.prevIndex, m.prevTerm)) {
    // §5.3: reject, with a hint of where our log could agree.
    fx.send({ type: 'MsgAppResp', from: r.config.id, to: m.from, term: r.term, index: m.prevIndex, reject: true, hint: Math.min(m.prevIndex - 1, r.log.lastIndex()) });
    return;
  }
  const last = r.log.maybeAppend(m.prevIndex, m.entries);
  r.log.committed = Math.max(r.log.committed, Math.min(m.commit, last));
  fx.send({ type: 'MsgAppResp', from: r.config.id, to: m.from, term: r.term, index: last, reject: false, hint: 0 });
}

export function handleHeartbeat(r: RaftState, fx: Effects, m: RaftMessage & { type: 'MsgHeartbeat' }): void {
  r.log.committed = Math.max(r.log.committed, Math.min(m.commit, r.log.lastIndex()));
  fx.send({ type: 'MsgHeartbeatResp', from: r.config.id, to: m.from, term: r.term, ...(m.context !== undefined ? { context: m.context } : {}) });
}

// ---- on the leader ---------------------------------------------------------------------------

/** `p` is the sender's progress (the dispatcher has marked it active). */
export function handleAppendResponse(r: RaftState, fx: Effects, m: RaftMessage & { type: 'MsgAppResp' }, p: Progress): void {
  p.inflight = Math.max(0, p.inflight - 1);
  if (m.reject) {
    // Back off to where the follower could agree, then probe from there; a rejection of
    // something already superseded is stale and ignored.
    if (p.state === 'replicate') {
      if (m.index <= p.match) return;
      p.next = p.match + 1;
    } else {
      if (m.index !== p.next - 1) return;
      p.next = Math.max(p.match + 1, Math.min(m.index, m.hint + 1));
    }
    p.state = 'probe';
    p.inflight = 0;
    sendAppend(r, fx, m.from);
    return;
  }
  if (m.index > p.match) {
    p.match = m.index;
    p.next = Math.max(p.next, m.index + 1);
    if (p.state === 'probe' || p.state === 'snapshot') {
      p.state = 'replicate';
      p.inflight = 0;
    }
    maybeCommit(r, fx);
    // A leadership transfer (transfer.ts) waits for the transferee to hold the whole log.
    if (r.transferee === m.from && p.match === r.log.lastIndex())
      fx.send({ type: 'MsgTimeoutNow', from: r.config.id, to: m.from, term: r.term });
  }
  while (p.next <= r.log.lastIndex() && p.inflight < r.config.maxInflight && sendAppend(r, fx, m.from));
}

/** `p` is the sender's progress (the dispatcher has marked it active). */
export function handleHeartbeatResponse(r: RaftState, fx: Effects, m: RaftMessage & { type: 'MsgHeartbeatResp' }, p: Progress): void {
  // The follower is alive: a probe may go again, and a full window frees a place, so that
  // appends lost on the way (to a crashed host, say) do not stall it forever.
  if (p.state === 'snapshot') {
    // No answer to the snapshot for an election timeout: it was lost on the way, so probe
    // again (which sends it again if still needed).
    if (++p.snapshotWait * r.config.heartbeatTicks < r.config.electionTicks) return;
    p.state = 'probe';
    p.next = p.match + 1;
    p.inflight = 0;
  } else if (p.state === 'probe') p.inflight = 0;
  else if (p.inflight >= r.config.maxInflight) p.inflight--;
  if (p.match < r.log.lastIndex() && p.inflight < r.config.maxInflight) sendAppend(r, fx, m.from);
  if (m.context !== undefined && isVoter(r, m.from)) ackRead(r, fx, m.context, m.from);
}
