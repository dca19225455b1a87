// Leadership transfer (Raft thesis §3.10): the leader stops taking proposals, brings the
// transferee's log up to its own, then tells it to campaign at once (MsgTimeoutNow), past PreVote
// and the followers' CheckQuorum lease. An election timeout without success ends the attempt.

import type { NodeId } from '../../../protocols/etcd/raft.ts';
import { campaign } from './elections.ts';
import { sendAppend } from './replication.ts';
import { type Effects, isVoter, type RaftState } from './state.ts';

export function transfer(r: RaftState, fx: Effects, to: NodeId): void {
  if (r.role !== 'leader' || to === r.config.id || !isVoter(r, to)) return;
  r.transferee = to;
  r.electionElapsed = 0;
  const p = r.progress.get(to)!;
  if (p.match === r.log.lastIndex()) fx.send({ type: 'MsgTimeoutNow', from: r.config.id, to, term: r.term });
  // Otherwise the transferee's answer to this append (replication.ts) sends MsgTimeoutNow.
  else sendAppend(r, fx, to);
}

/** On a follower: the leader hands over. */
export function handleTimeoutNow(r: RaftState, fx: Effects): void {
  if (isVoter(r, r.config.id)) campaign(r, fx, true);
}
