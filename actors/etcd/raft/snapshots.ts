// Snapshots: `compact` folds the applied log into the state machine's snapshot; a follower that
// needs entries compacted away gets MsgSnap (replication.ts sends it), installs it
// (Ready.snapshot) and answers with its commit index, the only point of its log known to agree
// with the leader's.

import type { RaftMessage, Snapshot } from '../../../protocols/etcd/raft.ts';
import { membershipAt } from './membership.ts';
import type { Effects, RaftState } from './state.ts';

/** The shell's snapshot of the state machine at an applied index: the log up to there goes. */
export function compact(r: RaftState, given: Snapshot): void {
  const index = given.index;
  if (index > r.log.snapIndex && index <= r.log.applied) {
    // The term and membership at the index come from the log: a follower restores both from it.
    const membership = membershipAt(r, index);
    r.snapshot = { index, term: r.log.term(index)!, membership, data: given.data };
    r.log.compact(r.snapshot);
    r.baseMembership = membership;
  }
}

/** On a follower (the dispatcher has already made it one, of the sender's term). */
export function handleSnapshot(r: RaftState, fx: Effects, m: RaftMessage & { type: 'MsgSnap' }): void {
  const s = m.snapshot;
  if (s.index > r.log.committed) {
    if (r.log.matches(s.index, s.term)) r.log.committed = s.index;
    else {
      r.log.restore(s);
      r.membership = s.membership;
      r.baseMembership = s.membership;
      // Kept to send on, should this node lead one day.
      r.snapshot = s;
    }
  }
  // Not the last index: a tail beyond the commit may be an old term's, not the leader's.
  fx.send({ type: 'MsgAppResp', from: r.config.id, to: m.from, term: r.term, index: r.log.committed, reject: false, hint: 0 });
}
