// One write transaction against the key index (etcd's storeTxnWrite): every change it makes is at
// the revision after the one it began from, numbered in the order made; its reads see its own
// changes once it has made any. Reads outside a write go through `readRange`.

import type { Bytes } from '../../../protocols/etcd/kv.ts';
import { compacted, futureRev, keyNotFound, leaseNotFound } from './errors.ts';
import { Keyspace, toRangeEnd } from './keyspace.ts';
import type { Lessor } from './leases.ts';
import { fetchLimit, shapeKvs } from './range-options.ts';
import type { DeleteRangeRequest, DeleteRangeResponse, KeyValue, PutRequest, PutResponse, RangeRequest, RangeResponse } from '../../../protocols/etcd/kv.ts';

/**
 * A range read as of `curRev` (rangeKeys, then the applier's filters, sort and limit). The header
 * carries `curRev` whatever revision was read.
 */
export function readRange(keyspace: Keyspace, r: RangeRequest, curRev: number, compactRev: number): RangeResponse {
  let rev = r.revision ?? 0;
  if (rev > curRev) throw futureRev();
  if (rev <= 0) rev = curRev;
  if (rev < compactRev) throw compacted();
  const limit = fetchLimit(r);
  const fetched: KeyValue[] = [];
  let count = 0;
  for (const k of keyspace.keysIn(r.key, toRangeEnd(r.rangeEnd))) {
    const kv = keyspace.get(k, rev);
    if (!kv) continue;
    count++;
    if (!r.countOnly && (limit === 0 || fetched.length < limit)) fetched.push(kv);
  }
  const { kvs, more } = shapeKvs(r, fetched);
  return { header: { revision: curRev }, kvs, more, count };
}

export class WriteTxn {
  /** What it changed, in order: new key-values and tombstones. */
  readonly changes: KeyValue[] = [];
  /** Lease owners of keys as they were before this txn touched them, to undo it. */
  private readonly owners = new Map<Bytes, number>();

  constructor(
    private readonly keyspace: Keyspace,
    private readonly lessor: Lessor,
    readonly beginRev: number,
    private readonly compactRev: number,
  ) {}

  /** The revision its reads see. */
  get readRev(): number {
    return this.beginRev + (this.changes.length > 0 ? 1 : 0);
  }

  range(r: RangeRequest): RangeResponse {
    return readRange(this.keyspace, r, this.readRev, this.compactRev);
  }

  /** `inTxn`: the txn already checked the lease, so a plain put checks it here, first of all. */
  put(r: PutRequest, inTxn: boolean): PutResponse {
    let value = r.value ?? '';
    let lease = r.lease ?? 0;
    if (!inTxn && lease !== 0 && !this.lessor.has(lease)) throw leaseNotFound();
    const prev = r.ignoreValue || r.ignoreLease || r.prevKv ? this.keyspace.get(r.key, this.readRev) : undefined;
    if ((r.ignoreValue || r.ignoreLease) && !prev) throw keyNotFound();
    if (r.ignoreValue) value = prev!.value;
    if (r.ignoreLease) lease = prev!.lease;
    const rev = this.beginRev + 1;
    const existing = this.keyspace.get(r.key, rev);
    this.record(
      Object.freeze({
        key: r.key,
        createRevision: existing ? existing.createRevision : rev,
        modRevision: rev,
        version: (existing?.version ?? 0) + 1,
        value,
        lease,
      }),
    );
    this.lessor.detach(r.key);
    if (lease !== 0) this.lessor.attach(lease, r.key);
    return r.prevKv && prev ? { header: { revision: rev }, prevKv: prev } : { header: { revision: rev } };
  }

  deleteRange(r: DeleteRangeRequest): DeleteRangeResponse {
    const live = this.keyspace.range(r.key, toRangeEnd(r.rangeEnd), this.readRev);
    const rev = this.beginRev + 1;
    for (const old of live) {
      this.record(Object.freeze({ key: old.key, createRevision: 0, modRevision: rev, version: 0, value: '', lease: 0 }));
      this.lessor.detach(old.key);
    }
    // A delete that found nothing still reports the txn's new revision if the txn wrote before it.
    const revision = live.length > 0 || this.changes.length > 0 ? rev : this.beginRev;
    return { header: { revision }, deleted: live.length, prevKvs: r.prevKv ? live : [] };
  }

  /** Takes back every change, for a txn that failed half-way. */
  undo(): void {
    for (let i = this.changes.length - 1; i >= 0; i--) this.keyspace.dropLast(this.changes[i]!.key);
    for (const [key, owner] of this.owners) {
      this.lessor.detach(key);
      if (owner !== 0) this.lessor.attach(owner, key);
    }
  }

  private record(kv: KeyValue): void {
    if (!this.owners.has(kv.key)) this.owners.set(kv.key, this.lessor.ownerOf(kv.key));
    this.keyspace.append({ sub: this.changes.length, kv });
    this.changes.push(kv);
  }
}
