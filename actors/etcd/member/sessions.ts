// Exactly-once writes (Raft thesis §6.3): a client tags each write with its id and a sequence
// number, and retries a write it got no answer for with the same tag, on any member. The state
// machine remembers, per client, the last sequence number applied and its result: a write
// applied again is answered from there instead of being applied twice. The table is part of
// the replicated state (every member applies the same log, and snapshots carry it).
//
// A client has one write in flight at a time, so one remembered result per client suffices.

import type { StoreCommand, StoreResult } from '../../../protocols/etcd/kv.ts';
import type { SessionTag } from '../../../protocols/etcd/member.ts';
import { applyCommand, type MvccStore } from '../mvcc/index.ts';

export type Sessions = Record<string, { readonly seq: number; readonly result: StoreResult }>;

/** What a log entry's data holds for the store. */
export interface Proposal {
  /** The member boot that proposed it: only that boot has a client waiting for its answer. */
  readonly proposer: string;
  readonly pid: number;
  readonly command: StoreCommand;
  readonly session?: SessionTag;
}

/** A write already applied for this tag, answered again; undefined when it has not been. */
export function remembered(sessions: Sessions, tag: SessionTag | undefined): StoreResult | undefined {
  if (tag === undefined) return undefined;
  const s = sessions[tag.client];
  if (s === undefined || tag.seq > s.seq) return undefined;
  return tag.seq === s.seq ? s.result : STALE;
}

/** A retry of a write older than the client's latest: nobody waits for it any more. */
const STALE: StoreResult = { ok: false, error: { code: 'FailedPrecondition', grpcCode: 9, message: 'etcdserver: duplicate request superseded by a later one' } };

/** Applies a proposal once per session tag; the result is what the first application gave. */
export function applyProposal(store: MvccStore, sessions: Sessions, p: Proposal): StoreResult {
  const again = remembered(sessions, p.session);
  if (again !== undefined) return again;
  const result = applyCommand(store, p.command);
  if (p.session) sessions[p.session.client] = { seq: p.session.seq, result };
  return result;
}
