// etcd compaction, as kube-apiserver asks for it (k8s.io/apiserver storage/etcd3/compact.go, every
// --etcd-compaction-interval, 5 minutes by default): without it etcd keeps every revision of every
// key since the cluster began. Replicas share the work through one key: its version counts the
// compactions (the "compact time"); a replica whose local count matches bumps it, storing the
// revision it saw at its last round, and compacts to that revision, so history stays one to two
// intervals deep. A replica that loses the race takes on the count and the current revision and
// tries again an interval later; if the replica that won stops, another takes over within two.

import type { StoreCommand, TxnResponse } from '../../../protocols/etcd/kv.ts';
import { request } from './etcd.ts';
import type { CompactorState, Shell } from './state.ts';

export type { CompactorState } from './state.ts';

export const COMPACTION_INTERVAL_MS = 5 * 60_000;
/** Kubernetes' key, outside /registry. */
export const COMPACT_REV_KEY = 'compact_rev_key';

export const compactorState = (): CompactorState => ({ time: 0, rev: 0 });

/** The round's compare-and-swap: bump the key if no other replica did since this one's last round. */
export function compactTxn(c: CompactorState): StoreCommand {
  return {
    type: 'txn',
    compare: [{ target: 'VERSION', result: 'EQUAL', key: COMPACT_REV_KEY, version: c.time }],
    success: [{ type: 'put', key: COMPACT_REV_KEY, value: String(c.rev) }],
    failure: [{ type: 'range', key: COMPACT_REV_KEY }],
  };
}

/** Takes the round's answer in; returns the revision to compact to, if this replica is to. */
export function onCompactTxn(c: CompactorState, r: TxnResponse): number | undefined {
  const rev = c.rev;
  c.rev = r.header.revision;
  if (!r.succeeded) {
    const got = r.responses[0];
    c.time = got?.type === 'range' ? (got.kvs[0]?.version ?? 0) : c.time;
    return undefined;
  }
  c.time++;
  // None at the first round: there is no earlier revision to compact to.
  return rev === 0 ? undefined : rev;
}

/** Starts the rounds, an interval apart (the first an interval after start, as the compactor's loop). */
export function startCompactor(sh: Shell): void {
  const ms = sh.options.compactionIntervalMs ?? COMPACTION_INTERVAL_MS;
  if (ms > 0) sh.ctx.timers.every('compact', ms, { type: 'Compact' });
}

/** One round: the compare-and-swap, then the compaction if this replica won it. */
export function compactRound(sh: Shell): void {
  const c = sh.s.compactor;
  request(sh, compactTxn(c), (result) => {
    if (!result.ok) return;
    const rev = onCompactTxn(c, result.response as TxnResponse);
    // A compaction that fails (already compacted past it) is retried by no one: the next round's is later.
    if (rev !== undefined) request(sh, { type: 'compact', revision: rev }, () => {});
  });
}
