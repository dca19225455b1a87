// The store's replicated state as plain data — for Raft snapshots (msgpack-able as it is) and for
// the digest that replicas at the same applied index compare.

import { createHash } from 'node:crypto';
import type { Bytes } from '../../../protocols/etcd/kv.ts';
import type { KeyValue } from '../../../protocols/etcd/kv.ts';

export interface StoreSnapshot {
  readonly revision: number;
  readonly compactRevision: number;
  readonly nextLeaseId: number;
  /** Keys in byte order, each with its retained writes in revision order. */
  readonly keys: readonly { readonly key: Bytes; readonly entries: readonly { readonly sub: number; readonly kv: KeyValue }[] }[];
  /** Leases by id. Expiry is the leader's local reckoning (Infinity elsewhere), as in etcd. */
  readonly leases: readonly { readonly id: number; readonly ttl: number; readonly expiry: number }[];
}

/**
 * SHA-256 over a canonical rendering. Expiries are left out: etcd keeps them outside the
 * replicated state (only the leader counts time), so replicas may differ there and still agree.
 */
export function hashState(snap: StoreSnapshot): string {
  const h = createHash('sha256');
  // JSON escapes strings injectively, and every array below has a fixed shape, so distinct
  // states render differently.
  h.update(JSON.stringify([snap.revision, snap.compactRevision, snap.nextLeaseId]));
  for (const { key, entries } of snap.keys) {
    h.update('\n');
    h.update(JSON.stringify([key, entries.map(({ sub, kv }) => [sub, kv.createRevision, kv.modRevision, kv.version, kv.lease, kv.value])]));
  }
  h.update('\nleases');
  for (const l of snap.leases) h.update(JSON.stringify([l.id, l.ttl]));
  return h.digest('hex');
}
