// The etcd v3 MVCC store as a deterministic state machine (updated in place): key-value history
// under one global revision, transactions, compaction, leases and watches, with no clock, no I/O
// and no randomness. Time enters as `now` (milliseconds) where leases need it. Every rule follows
// etcd 3.4 wherever a client can see it (etcdserver/apply.go, mvcc/kvstore_txn.go,
// lease/lessor.go); the tests name the rule each one pins down.

import type { Bytes } from '../../../protocols/etcd/kv.ts';
import { compacted, futureRev, leaseNotFound } from './errors.ts';
import { Keyspace } from './keyspace.ts';
import { Lessor } from './leases.ts';
import { checkDelete, checkPut, checkRange, checkTxn } from './request-checks.ts';
import { hashState, type StoreSnapshot } from './snapshot.ts';
import { applyTxn } from './txn.ts';
import type {
  CompactionResponse,
  DeleteRangeRequest,
  DeleteRangeResponse,
  LeaseGrantRequest,
  LeaseGrantResponse,
  LeaseKeepAliveResponse,
  LeaseLeasesResponse,
  LeaseRevokeResponse,
  LeaseTimeToLiveResponse,
  PutRequest,
  PutResponse,
  RangeRequest,
  RangeResponse,
  TxnRequest,
  TxnResponse,
  WatchCreateRequest,
} from '../../../protocols/etcd/kv.ts';
import { type WatchDelivery, WatchHub } from './watch.ts';
import { readRange, WriteTxn } from './write-txn.ts';

export interface StoreOptions {
  /**
   * Seconds a lease lasts at least. etcd derives it from the election timeout: ceil(1.5 ×
   * election ticks × heartbeat) = 2 s with the default 10 ticks of 100 ms.
   */
  readonly minLeaseTtl?: number;
  /** --max-txn-ops; 128 by default. */
  readonly maxTxnOps?: number;
  /** Revisions per catch-up watch response (watchBatchMaxRevs); 1000 in etcd. */
  readonly watchBatchMaxRevs?: number;
  /**
   * Compaction at revision R keeps a delete made exactly at R so that a watch from R still sees
   * it: etcd ≥ 3.4.34 does (the fix for etcd-io/etcd#18089). Set false to reproduce earlier
   * releases, such as Debian's 3.4.23, once their compaction has physically run.
   */
  readonly keepTombstoneAtCompactRevision?: boolean;
}

export type RangeOptions = Omit<RangeRequest, 'key' | 'rangeEnd'>;
export type PutOptions = Omit<PutRequest, 'key' | 'value'>;
export type DeleteOptions = Omit<DeleteRangeRequest, 'key' | 'rangeEnd'>;

export class MvccStore {
  private rev = 1;
  /** etcd's compactMainRev: -1 until the first compaction. */
  private compactRev = -1;
  private keyspace = new Keyspace();
  private readonly lessor: Lessor;
  private readonly hub: WatchHub;
  private readonly maxTxnOps: number;
  private readonly keepTombstone: boolean;

  constructor(options: StoreOptions = {}) {
    this.lessor = new Lessor(options.minLeaseTtl ?? 2);
    this.maxTxnOps = options.maxTxnOps ?? 128;
    this.keepTombstone = options.keepTombstoneAtCompactRevision ?? true;
    const self = this;
    this.hub = new WatchHub(
      {
        get revision() {
          return self.rev;
        },
        get compactRevision() {
          return self.compactRev;
        },
        entriesSince: (key, end, from) => this.keyspace.entriesSince(key, end, from),
        // As etcd's Range at a past revision: nothing below the compaction.
        valueAt: (key, rev) => (rev < this.compactRev ? undefined : this.keyspace.get(key, rev)),
      },
      options.watchBatchMaxRevs ?? 1000,
    );
  }

  /** The revision of the last write; 1 for an empty store, as in etcd. */
  get revision(): number {
    return this.rev;
  }

  /** The last compaction's revision; -1 if there was none (etcd's compactMainRev). */
  get compactRevision(): number {
    return this.compactRev;
  }

  // ---- key-value -------------------------------------------------------------------------

  range(key: Bytes, rangeEnd?: Bytes, options: RangeOptions = {}): RangeResponse {
    const r: RangeRequest = { ...options, key, rangeEnd };
    checkRange(r);
    return readRange(this.keyspace, r, this.rev, this.compactRev);
  }

  put(key: Bytes, value: Bytes, options: PutOptions = {}): PutResponse {
    const r: PutRequest = { ...options, key, value };
    checkPut(r);
    return this.write((tx) => tx.put(r, false));
  }

  deleteRange(key: Bytes, rangeEnd?: Bytes, options: DeleteOptions = {}): DeleteRangeResponse {
    const r: DeleteRangeRequest = { ...options, key, rangeEnd };
    checkDelete(r);
    return this.write((tx) => tx.deleteRange(r));
  }

  txn(req: TxnRequest): TxnResponse {
    checkTxn(req, this.maxTxnOps);
    return this.write((tx) => {
      const resp = applyTxn(req, tx, this.keyspace, this.lessor, this.compactRev);
      return { header: { revision: tx.readRev }, succeeded: resp.succeeded, responses: resp.responses };
    });
  }

  compact(revision: number): CompactionResponse {
    if (!Number.isSafeInteger(revision)) throw new TypeError('revision: must be a safe integer');
    if (revision <= this.compactRev) throw compacted();
    if (revision > this.rev) throw futureRev();
    this.compactRev = revision;
    this.keyspace.compact(revision, this.keepTombstone);
    return { header: { revision: this.rev } };
  }

  // ---- leases ----------------------------------------------------------------------------

  grant(req: LeaseGrantRequest, now: number): LeaseGrantResponse {
    const id = req.id ?? 0;
    if (!Number.isSafeInteger(id)) throw new TypeError('id: must be a safe integer');
    if (!Number.isSafeInteger(req.ttl)) throw new TypeError('ttl: must be a safe integer');
    const lease = this.lessor.grant(id, req.ttl, now);
    return { header: { revision: this.rev }, id: lease.id, ttl: lease.ttl, error: '' };
  }

  /** Deletes the lease's keys, in key order, as one write (one revision if there were any). */
  revoke(id: number): LeaseRevokeResponse {
    const lease = this.lessor.get(id);
    if (!lease) throw leaseNotFound();
    const keys = [...lease.keys].sort();
    this.write((tx) => {
      for (const key of keys) tx.deleteRange({ key });
    });
    this.lessor.remove(id);
    return { header: { revision: this.rev } };
  }

  /** A keep-alive; TTL 0 means the lease is gone or its time was already up. */
  keepAlive(id: number, now: number): LeaseKeepAliveResponse {
    const lease = this.lessor.renew(id, now);
    return { header: { revision: this.rev }, id, ttl: lease?.ttl ?? 0 };
  }

  timeToLive(id: number, now: number, keys = false): LeaseTimeToLiveResponse {
    const header = { revision: this.rev };
    const lease = this.lessor.get(id);
    if (!lease) return { header, id, ttl: -1, grantedTtl: 0, keys: [] };
    // A lease that never expires here reports etcd's "forever": MaxInt64 nanoseconds.
    const ttl = lease.expiry === Infinity ? 9_223_372_036 : Math.trunc((lease.expiry - now) / 1000);
    return { header, id, ttl, grantedTtl: lease.ttl, keys: keys ? [...lease.keys].sort() : [] };
  }

  leases(): LeaseLeasesResponse {
    return { header: { revision: this.rev }, leases: this.lessor.ids().map((id) => ({ id })) };
  }

  /**
   * The leases whose TTL has run out at `now`, soonest first. Revoking them is a separate write
   * (`revoke`), for the leader to propose through Raft as etcd does.
   */
  expire(now: number): number[] {
    return this.lessor.expired(now);
  }

  /** On becoming leader: every lease gets a full TTL from `now`, plus `extendMs`. */
  promote(now: number, extendMs = 0): void {
    this.lessor.promote(now, extendMs);
  }

  /** On losing leadership: leases stop expiring here. */
  demote(): void {
    this.lessor.demote();
  }

  // ---- watches ---------------------------------------------------------------------------

  /** Opens a watch on `stream`; returns its id, or -1 if refused. Responses come from takeWatchResponses. */
  watch(req: WatchCreateRequest, stream = ''): number {
    return this.hub.watch(stream, req);
  }

  cancelWatch(watchId: number, stream = ''): boolean {
    return this.hub.cancel(stream, watchId);
  }

  closeWatchStream(stream = ''): void {
    this.hub.closeStream(stream);
  }

  requestProgress(stream = ''): void {
    this.hub.requestProgress(stream);
  }

  /** The shell calls this on its progress timer (10 minutes in etcd). */
  progressTick(): void {
    this.hub.progressTick();
  }

  /** Every watch response produced since the last call, in the order to send them. */
  takeWatchResponses(): WatchDelivery[] {
    return this.hub.take();
  }

  watches(): ReturnType<WatchHub['list']> {
    return this.hub.list();
  }

  // ---- replication -----------------------------------------------------------------------

  /** A digest of the replicated state (history, revisions, leases and their keys; not expiries, not watches). */
  hash(): string {
    return hashState(this.snapshot());
  }

  snapshot(): StoreSnapshot {
    return {
      revision: this.rev,
      compactRevision: this.compactRev,
      nextLeaseId: this.lessor.nextId,
      keys: this.keyspace.allKeys().map((key) => ({ key, entries: [...this.keyspace.history(key)] })),
      leases: this.lessor.ids().map((id) => {
        const l = this.lessor.get(id)!;
        return { id, ttl: l.ttl, expiry: l.expiry };
      }),
    };
  }

  /** Replaces the state with a snapshot's; open watches carry on from where they were. */
  restore(snap: StoreSnapshot): void {
    this.rev = snap.revision;
    this.compactRev = snap.compactRevision;
    this.keyspace = new Keyspace();
    this.lessor.clear();
    for (const l of snap.leases) this.lessor.restore(l.id, l.ttl, l.expiry);
    this.lessor.nextId = snap.nextLeaseId;
    for (const { key, entries } of snap.keys) {
      for (const e of entries) this.keyspace.append({ sub: e.sub, kv: Object.freeze({ ...e.kv }) });
      // As etcd rebuilds its lessor's key map: from the leases the keys' current values name.
      const live = this.keyspace.get(key, this.rev);
      if (live && live.lease !== 0 && this.lessor.has(live.lease)) this.lessor.attach(live.lease, key);
    }
    this.hub.resync();
  }

  static fromSnapshot(snap: StoreSnapshot, options: StoreOptions = {}): MvccStore {
    const s = new MvccStore(options);
    s.restore(snap);
    return s;
  }

  // ---- internals -------------------------------------------------------------------------

  /** Runs `body` as one write: one revision if it changed anything, none otherwise; all or nothing. */
  private write<T>(body: (tx: WriteTxn) => T): T {
    const tx = new WriteTxn(this.keyspace, this.lessor, this.rev, this.compactRev);
    let result: T;
    try {
      result = body(tx);
    } catch (e) {
      tx.undo();
      throw e;
    }
    if (tx.changes.length > 0) {
      this.rev++;
      this.hub.notify(this.rev, tx.changes);
    }
    return result;
  }
}
