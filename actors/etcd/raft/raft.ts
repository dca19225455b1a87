// The Raft core: one step function from an input to the effects it asks for, in the manner of
// etcd-io/raft's Step and Ready. It is deterministic and does no I/O (time comes as ticks,
// randomness from a seeded stream, the disk and the network through the shell), though it
// updates its state in place, as etcd-io/raft's does. This file is the one entry point: it
// dispatches each input and message to the part of the core that handles it, and gathers the
// Ready. The parts:
//
//   state.ts        what a node keeps, how it starts (fresh or from disk), shared helpers
//   elections.ts    timeouts, PreVote, votes, CheckQuorum, becoming follower or leader
//   replication.ts  appends, progress per peer, heartbeats, the commit rule of §5.4.2
//   read-index.ts   linearizable reads confirmed by a heartbeat round
//   membership.ts   configuration changes one at a time, a removed leader stepping down
//   snapshots.ts    compaction, and installing a leader's snapshot
//   transfer.ts     leadership transfer
//
// Membership changes take effect when their entry is applied, that is once it is committed (as
// etcd-io/raft does), not when it is appended (the thesis, §4.1). A configuration in force is then
// always a committed one, so an uncommitted change that a later leader overwrites never needs
// undoing, and a restart rebuilds the membership from the snapshot and the committed entries.
// Why one at a time is safe so: a leader proposes a change only after it applied the previous
// one, and the entry that carries it goes out with a commit index covering that previous one; so
// whoever holds change k+1 in its log is already using change k, and any two configurations in
// use by servers that could lead differ by at most one voter, so their majorities overlap. A
// proposal that changes more than one voter at once is refused (`dropped`), as is a second
// change while one is pending, i.e. not yet applied by the leader.
//
// A leader that applies a configuration without itself as a voter (removed, or made a learner)
// steps down at once: it tells its followers the commit index (so they apply the change too) and,
// if one of the remaining voters has its whole log, hands over to it with MsgTimeoutNow, so the
// cluster need not wait an election timeout. A removed follower gets one last append, so it
// learns its removal committed and stops campaigning; one that misses it may campaign later
// (PreVote and CheckQuorum keep that from disturbing anyone; the shell should stop it).
// Learners receive the log but never campaign, and neither votes nor acknowledgements of theirs
// count toward a quorum.

import type { Entry, RaftMessage } from '../../../protocols/etcd/raft.ts';
import { becomeFollower, campaign, handleVote, handleVoteResponse, tick } from './elections.ts';
import { applyMembership, proposeConfig } from './membership.ts';
import { read } from './read-index.ts';
import { handleAppend, handleAppendResponse, handleHeartbeat, handleHeartbeatResponse, maybeCommit, propose } from './replication.ts';
import { compact, handleSnapshot } from './snapshots.ts';
import { Effects, type RaftState } from './state.ts';
import { handleTimeoutNow, transfer } from './transfer.ts';
import type { RaftInput, Ready } from './types.ts';

export { createRaft, type RaftState, type Restored } from './state.ts';

/** Applies one input; returns what the shell must persist, send and apply, in that order. */
export function step(r: RaftState, input: RaftInput): Ready {
  const fx = new Effects();
  switch (input.type) {
    case 'tick':
      tick(r, fx);
      break;
    case 'propose':
      propose(r, fx, input.id, { data: input.data });
      break;
    case 'propose-config':
      proposeConfig(r, fx, input.id, input.membership);
      break;
    case 'message':
      receive(r, fx, input.message);
      break;
    case 'read':
      read(r, fx, input.id);
      break;
    case 'transfer-leadership':
      transfer(r, fx, input.to);
      break;
    case 'campaign':
      campaign(r, fx, false);
      break;
    case 'persisted':
      if (r.log.term(input.index) === input.term && input.index > r.stable) {
        r.stable = Math.min(input.index, r.log.lastIndex());
        if (r.role === 'leader') maybeCommit(r, fx);
      }
      break;
    case 'compact':
      compact(r, input.snapshot);
      break;
  }
  return ready(r, fx);
}

function ready(r: RaftState, fx: Effects): Ready {
  // Applying a change can commit more (a smaller quorum) and send messages (a leader stepping
  // down), so it comes before what is reported.
  const committed: Entry[] = [];
  for (let batch = r.log.nextCommitted(); batch.length > 0; batch = r.log.nextCommitted()) {
    for (const e of batch) committed.push(e);
    for (const e of batch) if (e.config) applyMembership(r, fx, e.config);
  }
  const last = r.lastHardState;
  const changed = r.term !== last.term || r.vote !== last.vote || r.log.committed !== last.commit;
  if (changed) r.lastHardState = { term: r.term, vote: r.vote, commit: r.log.committed };
  const snapshot = r.log.pendingSnapshot;
  r.log.pendingSnapshot = undefined;
  // Entries rewritten since the last Ready are not on disk until the shell says so again.
  if (r.log.dirtyFrom !== Infinity) r.stable = Math.min(r.stable, r.log.dirtyFrom - 1);
  if (snapshot) r.stable = Math.max(r.stable, snapshot.index);
  // Built with one shape and the optional parts added after: every step makes one, and spreading
  // optional parts into a literal cost more than the rest of the step.
  const out: { -readonly [K in keyof Ready]: Ready[K] } = {
    entries: r.log.takeDirty(),
    messages: fx.messages,
    committed,
    reads: fx.reads,
    failedReads: fx.failedReads,
    dropped: fx.dropped,
  };
  if (changed) out.hardState = r.lastHardState;
  if (snapshot) out.snapshot = snapshot;
  return out;
}

/** A message from a peer: terms first (§5.1), then whoever handles its type in this role. */
function receive(r: RaftState, fx: Effects, m: RaftMessage): void {
  if (m.to !== r.config.id) return;
  if (m.term > r.term) {
    if (m.type === 'MsgVote' || m.type === 'MsgPreVote') {
      // CheckQuorum's lease: while we hear from a leader, ignore those who would depose it.
      const inLease = r.config.checkQuorum && r.leader !== null && r.electionElapsed < r.config.electionTicks;
      if (inLease && !m.transfer) return;
    }
    if (m.type === 'MsgPreVote') {
      // A pre-vote never changes our term.
    } else if (m.type === 'MsgPreVoteResp' && !m.reject) {
      // Granted pre-votes carry the term we would campaign at; ours moves only when we do.
    } else {
      // Whatever the message, a higher term means this node is out of date: a leader or
      // candidate reverts to follower at once, so a stale leader stops taking proposals.
      const leader = m.type === 'MsgApp' || m.type === 'MsgHeartbeat' || m.type === 'MsgSnap' ? m.from : null;
      becomeFollower(r, fx, m.term, leader);
    }
  } else if (m.term < r.term) {
    if ((m.type === 'MsgApp' || m.type === 'MsgHeartbeat') && (r.config.checkQuorum || r.config.preVote)) {
      // A stale leader: tell it our term so it steps down (without this it could go on, §9.6).
      fx.send({ type: 'MsgAppResp', from: r.config.id, to: m.from, term: r.term, index: 0, reject: true, hint: 0 });
    } else if (m.type === 'MsgPreVote') {
      fx.send({ type: 'MsgPreVoteResp', from: r.config.id, to: m.from, term: r.term, reject: true });
    }
    return;
  }

  switch (m.type) {
    case 'MsgVote':
    case 'MsgPreVote':
      handleVote(r, fx, m);
      return;
    case 'MsgVoteResp':
    case 'MsgPreVoteResp':
      handleVoteResponse(r, fx, m);
      return;
  }

  if (r.role === 'leader') {
    const p = r.progress.get(m.from);
    if (!p) return;
    // Heard from: CheckQuorum counts it as active this round.
    p.recentActive = true;
    if (m.type === 'MsgAppResp') handleAppendResponse(r, fx, m, p);
    else if (m.type === 'MsgHeartbeatResp') handleHeartbeatResponse(r, fx, m, p);
    return;
  }
  switch (m.type) {
    case 'MsgApp':
    case 'MsgHeartbeat':
    case 'MsgSnap':
      // From the leader of our term: a candidate of the same term gives way to it.
      if (r.role !== 'follower') becomeFollower(r, fx, m.term, m.from);
      r.leader = m.from;
      r.electionElapsed = 0;
      if (m.type === 'MsgApp') handleAppend(r, fx, m);
      else if (m.type === 'MsgHeartbeat') handleHeartbeat(r, fx, m);
      else handleSnapshot(r, fx, m);
      return;
    case 'MsgTimeoutNow':
      handleTimeoutNow(r, fx);
      return;
  }
}
