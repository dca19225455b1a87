// ReadIndex (Raft thesis §6.4): a leader notes its commit index, confirms with a round of
// heartbeats that a quorum still follows it, and the read is served once the state machine has
// applied that index. Until the leader has committed an entry of its own term, its commit index
// may lag what earlier leaders committed, so no read is released before then.

import type { NodeId } from '../../../protocols/etcd/raft.ts';
import { type Effects, peers, quorum, type RaftState } from './state.ts';

export function read(r: RaftState, fx: Effects, id: number): void {
  if (r.role !== 'leader') {
    fx.failedReads.push(id);
    return;
  }
  if (r.config.plantLocalReads === true) {
    fx.reads.push({ id, index: r.log.committed });
    return;
  }
  const context = r.nextReadContext++;
  r.reads.push({ id, index: r.log.committed, context, acks: new Set([r.config.id]) });
  if (quorum(r) === 1) {
    releaseReads(r, fx);
    return;
  }
  for (const p of peers(r)) fx.send({ type: 'MsgHeartbeat', from: r.config.id, to: p, term: r.term, commit: Math.min(r.progress.get(p)!.match, r.log.committed), context });
}

/** A heartbeat answer for round `context`: it confirms that round's reads and every earlier one's. */
export function ackRead(r: RaftState, fx: Effects, context: number, from: NodeId): void {
  for (const rd of r.reads) if (rd.context <= context) rd.acks.add(from);
  releaseReads(r, fx);
}

/** Reads confirmed by a quorum, once this leader has committed an entry of its own term. */
export function releaseReads(r: RaftState, fx: Effects): void {
  if (r.log.term(r.log.committed) !== r.term && r.config.plantReadIndexBeforeOwnTermCommit !== true) return;
  const needed = r.config.plantReadIndexQuorumMinusOne === true ? quorum(r) - 1 : quorum(r);
  while (r.reads.length > 0 && r.reads[0]!.acks.size >= needed) {
    const rd = r.reads.shift()!;
    // Not below the commit of this leader's own first entry: that is when its commit index is known.
    fx.reads.push({ id: rd.id, index: Math.max(rd.index, r.log.committed) });
  }
}

/** Leadership lost: nothing pending can be confirmed any more. */
export function failReads(r: RaftState, fx: Effects): void {
  for (const rd of r.reads) fx.failedReads.push(rd.id);
  r.reads = [];
}
