// Exactly-once writes (Raft thesis §6.3): a client tags each write with its id and a sequence
// number, and retries a write it got no answer for with the same tag, on any member. The state
// machine remembers, per client, the results of the writes it applied: a write applied again is
// answered from there instead of being applied twice. The table is part of the replicated state
// (every member applies the same log, and snapshots carry it).
//
// A client may have several writes in flight; each tag also carries the lowest sequence number
// the client has no answer for yet (`lowest`), so the results below it are forgotten: the client
// will not ask for them again, and a late copy of such a write is refused as stale.

import type { StoreCommand, StoreResult } from '../../../protocols/etcd/kv.ts';
import type { SessionTag } from '../../../protocols/etcd/member.ts';
import { applyCommand, type MvccStore } from '../mvcc/index.ts';

/** Per client: the results kept (by sequence number), and the lowest sequence number still asked for. */
export interface SessionRecord {
  floor: number;
  readonly results: Record<number, StoreResult>;
}

export type Sessions = Record<string, SessionRecord>;

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
  if (s === undefined) return undefined;
  return tag.seq < s.floor ? STALE : s.results[tag.seq];
}

/** A copy of a write the client already had its answer for: nobody waits for it any more. */
const STALE: StoreResult = { ok: false, error: { code: 'FailedPrecondition', grpcCode: 9, message: 'etcdserver: duplicate request superseded by a later one' } };

/** Applies a proposal once per session tag; the result is what the first application gave. */
export function applyProposal(store: MvccStore, sessions: Sessions, p: Proposal): StoreResult {
  const again = remembered(sessions, p.session);
  if (again !== undefined) return again;
  const result = applyCommand(store, p.command);
  if (p.session) {
    const { client, seq } = p.session;
    const lowest = p.session.lowest ?? seq;
    const s = (sessions[client] ??= { floor: 0, results: {} });
    if (lowest > s.floor) {
      for (const k in s.results) if (Number(k) < lowest) delete s.results[k];
      s.floor = lowest;
    }
    s.results[seq] = result;
  }
  return result;
}

/** A copy of the table that later writes do not change (for a snapshot). */
export const copySessions = (sessions: Sessions): Sessions =>
  Object.fromEntries(Object.entries(sessions).map(([client, s]) => [client, { floor: s.floor, results: { ...s.results } }]));
