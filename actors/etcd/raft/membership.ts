// Membership changes, one voter at a time, in force once applied (see raft.ts for why that is
// safe); a leader that applies a configuration without itself as a voter steps down.

import type { Membership, NodeId } from '../../../protocols/etcd/raft.ts';
import { becomeFollower } from './elections.ts';
import { releaseReads } from './read-index.ts';
import { broadcastAppend, maybeCommit, propose, sendAppend } from './replication.ts';
import { type Effects, freshProgress, isVoter, peers, type RaftState, voters } from './state.ts';

/** Refused (`dropped`) while a change is pending or when it changes more than one voter. */
export function proposeConfig(r: RaftState, fx: Effects, id: number, membership: Membership): void {
  if (r.pendingConfigIndex > r.log.applied || !oneAtATime(r.membership, membership)) fx.dropped.push(id);
  else propose(r, fx, id, { config: membership });
}

/** At most one voter added or removed (a learner promoted or demoted counts as one). */
function oneAtATime(from: Membership, to: Membership): boolean {
  const v = new Set(to.voters);
  const l = new Set(to.learners);
  if (v.size === 0 || v.size !== to.voters.length || l.size !== to.learners.length || to.learners.some((x) => v.has(x))) return false;
  const changed = from.voters.filter((x) => !v.has(x)).length + to.voters.filter((x) => !from.voters.includes(x)).length;
  return changed <= 1;
}

/** The membership in force once the entries up to `index` are applied. */
export function membershipAt(r: RaftState, index: number): Membership {
  let m = r.baseMembership;
  for (const e of r.log.slice(r.log.firstIndex(), index)) if (e.config) m = e.config;
  return m;
}

/** A committed change, now applied: it is the configuration in force from here on. */
export function applyMembership(r: RaftState, fx: Effects, m: Membership): void {
  r.membership = m;
  if (r.transferee !== null && !isVoter(r, r.transferee)) r.transferee = null;
  if (r.role === 'pre-candidate' || r.role === 'candidate') {
    if (!isVoter(r, r.config.id)) becomeFollower(r, fx, r.term, null);
    return;
  }
  if (r.role !== 'leader') return;
  for (const p of peers(r)) if (!r.progress.has(p)) r.progress.set(p, freshProgress(r));
  for (const id of [...r.progress.keys()])
    if (!peers(r).includes(id)) {
      // A last append tells a removed node that its removal committed, so it stops campaigning.
      sendAppend(r, fx, id);
      r.progress.delete(id);
    }
  if (!isVoter(r, r.config.id)) return stepDownRemoved(r, fx);
  // A smaller quorum may already hold more, and may already have confirmed waiting reads.
  maybeCommit(r, fx);
  releaseReads(r, fx);
}

function stepDownRemoved(r: RaftState, fx: Effects): void {
  // The commit index goes out first, so the remaining voters put the change in force too.
  broadcastAppend(r, fx);
  let best: NodeId | null = null;
  for (const v of voters(r)) if (r.progress.get(v)?.match === r.log.lastIndex()) best ??= v;
  if (best !== null) fx.send({ type: 'MsgTimeoutNow', from: r.config.id, to: best, term: r.term });
  becomeFollower(r, fx, r.term, null);
}
