// Elections (§5.2, §5.4.1) and time: randomized election timeouts (from the seed), PreVote (a
// node asks whether it could win before it disturbs anyone with a higher term), CheckQuorum (a
// leader that has not heard from a quorum for an election timeout steps down), and the
// transitions between follower, pre-candidate, candidate and leader.

import type { NodeId, RaftMessage } from '../../../protocols/etcd/raft.ts';
import { failReads } from './read-index.ts';
import { appendOwn, broadcastAppend, maybeCommit } from './replication.ts';
import { type Effects, freshProgress, isVoter, peers, quorum, type RaftState, resetTimeout, voters } from './state.ts';

export function becomeFollower(r: RaftState, fx: Effects, term: number, leader: NodeId | null): void {
  if (r.role === 'leader') failReads(r, fx);
  if (term !== r.term) {
    r.term = term;
    r.vote = null;
  }
  r.role = 'follower';
  r.leader = leader;
  r.transferee = null;
  r.heartbeatElapsed = 0;
  resetTimeout(r);
}

function becomeLeader(r: RaftState, fx: Effects): void {
  r.role = 'leader';
  r.leader = r.config.id;
  r.transferee = null;
  r.heartbeatElapsed = 0;
  resetTimeout(r);
  r.progress = new Map();
  for (const p of peers(r)) r.progress.set(p, freshProgress(r));
  // An unapplied membership change in the log blocks the next one.
  for (let i = r.log.committed + 1; i <= r.log.lastIndex(); i++) if (r.log.slice(i, i)[0]?.config) r.pendingConfigIndex = i;
  // §5.4.2: a leader commits entries of earlier terms only by committing one of its own.
  appendOwn(r, [{}]);
  broadcastAppend(r, fx);
  maybeCommit(r, fx);
}

/** `transfer`: the leader handed over (MsgTimeoutNow), so skip PreVote and any lease. */
export function campaign(r: RaftState, fx: Effects, transfer: boolean): void {
  if (!isVoter(r, r.config.id)) return;
  const pre = r.config.preVote && !transfer;
  if (pre) {
    // PreVote: ask whether we could win before disturbing anyone with a higher term.
    r.role = 'pre-candidate';
    r.leader = null;
    resetTimeout(r);
  } else {
    becomeFollower(r, fx, r.term + 1, null);
    r.role = 'candidate';
    r.vote = r.config.id;
  }
  r.votes = new Map([[r.config.id, true]]);
  if (tally(r) === 'won') return win(r, fx, pre);
  const type = pre ? 'MsgPreVote' : 'MsgVote';
  const term = pre ? r.term + 1 : r.term;
  for (const p of voters(r))
    if (p !== r.config.id)
      fx.send({ type, from: r.config.id, to: p, term, lastIndex: r.log.lastIndex(), lastTerm: r.log.lastTerm(), ...(transfer ? { transfer: true } : {}) });
}

function tally(r: RaftState): 'won' | 'lost' | 'pending' {
  let yes = 0;
  let no = 0;
  for (const p of voters(r)) {
    const v = r.votes.get(p);
    if (v === true) yes++;
    else if (v === false) no++;
  }
  if (yes >= quorum(r)) return 'won';
  if (no >= quorum(r)) return 'lost';
  return 'pending';
}

function win(r: RaftState, fx: Effects, pre: boolean): void {
  if (pre) campaign(r, fx, true);
  else becomeLeader(r, fx);
}

export function handleVote(r: RaftState, fx: Effects, m: RaftMessage & { type: 'MsgVote' | 'MsgPreVote' }): void {
  const pre = m.type === 'MsgPreVote';
  // A vote we already gave, no vote yet with no leader known, or (PreVote) a future term.
  const canVote = r.vote === m.from || (r.vote === null && r.leader === null) || (pre && m.term > r.term);
  const grant = canVote && r.log.isUpToDate(m.lastIndex, m.lastTerm);
  fx.send({ type: pre ? 'MsgPreVoteResp' : 'MsgVoteResp', from: r.config.id, to: m.from, term: grant || !pre ? m.term : r.term, reject: !grant });
  if (grant && !pre) {
    r.vote = m.from;
    resetTimeout(r);
  }
}

export function handleVoteResponse(r: RaftState, fx: Effects, m: RaftMessage & { type: 'MsgVoteResp' | 'MsgPreVoteResp' }): void {
  const pre = m.type === 'MsgPreVoteResp';
  if ((pre && r.role !== 'pre-candidate') || (!pre && r.role !== 'candidate')) return;
  r.votes.set(m.from, !m.reject);
  const outcome = tally(r);
  if (outcome === 'won') win(r, fx, pre);
  else if (outcome === 'lost') becomeFollower(r, fx, r.term, null);
}

export function tick(r: RaftState, fx: Effects): void {
  r.electionElapsed++;
  if (r.role !== 'leader') {
    if (r.electionElapsed >= r.randomizedTimeout && isVoter(r, r.config.id)) campaign(r, fx, false);
    return;
  }
  if (r.electionElapsed >= r.config.electionTicks) {
    r.electionElapsed = 0;
    if (r.config.checkQuorum) {
      // CheckQuorum: a leader that has not heard from a quorum in an election timeout steps down.
      let active = 1;
      for (const [id, p] of r.progress) {
        if (p.recentActive && isVoter(r, id)) active++;
        p.recentActive = false;
      }
      if (active < quorum(r)) {
        becomeFollower(r, fx, r.term, null);
        return;
      }
    }
    if (r.transferee !== null) r.transferee = null; // the transfer timed out
  }
  if (++r.heartbeatElapsed >= r.config.heartbeatTicks) {
    r.heartbeatElapsed = 0;
    for (const p of peers(r)) fx.send({ type: 'MsgHeartbeat', from: r.config.id, to: p, term: r.term, commit: Math.min(r.progress.get(p)!.match, r.log.committed) });
  }
}
