// The lessor's bookkeeping (etcd 3.4 lease/lessor.go): leases with their granted TTL, their expiry
// in the caller's clock (milliseconds), and the keys attached to them. Deleting the keys of a
// revoked lease is the store's business; this only says which keys they are.

import type { Bytes } from '../../../protocols/etcd/kv.ts';
import { leaseExists, leaseNotFound, leaseTtlTooLarge } from './errors.ts';

/** lease.MaxLeaseTTL: seconds. */
export const MAX_LEASE_TTL = 9_000_000_000;

export interface LeaseRecord {
  readonly id: number;
  /** Granted TTL in seconds, after raising it to the minimum. */
  readonly ttl: number;
  /** When it expires, in ms; Infinity while this member is not the one that expires leases. */
  expiry: number;
  readonly keys: Set<Bytes>;
}

export class Lessor {
  private readonly leases = new Map<number, LeaseRecord>();
  /** Which lease each attached key belongs to (the lessor's itemMap). */
  private readonly owner = new Map<Bytes, number>();
  /** Where the search for a free id starts when a grant names none. */
  nextId = 1;

  constructor(private readonly minTtl: number) {}

  has(id: number): boolean {
    return this.leases.has(id);
  }

  get(id: number): LeaseRecord | undefined {
    return this.leases.get(id);
  }

  /** Ids in ascending order. */
  ids(): number[] {
    return [...this.leases.keys()].sort((a, b) => a - b);
  }

  grant(id: number, ttl: number, now: number): LeaseRecord {
    if (ttl > MAX_LEASE_TTL) throw leaseTtlTooLarge();
    if (id === 0) {
      // etcd draws an id from its request-id generator; a replica must reproduce it from state.
      while (this.leases.has(this.nextId)) this.nextId++;
      id = this.nextId++;
    } else if (this.leases.has(id)) {
      throw leaseExists();
    }
    const granted = Math.max(ttl, this.minTtl);
    const lease: LeaseRecord = { id, ttl: granted, expiry: now + granted * 1000, keys: new Set() };
    this.leases.set(id, lease);
    return lease;
  }

  /** Puts back a lease from a snapshot, its keys to be attached after. */
  restore(id: number, ttl: number, expiry: number): void {
    this.leases.set(id, { id, ttl, expiry, keys: new Set() });
  }

  /** Keeps the lease alive for another TTL; undefined when it is unknown or already expired. */
  renew(id: number, now: number): LeaseRecord | undefined {
    const lease = this.leases.get(id);
    if (!lease || lease.expiry <= now) return undefined;
    lease.expiry = now + lease.ttl * 1000;
    return lease;
  }

  /** Forgets the lease; its keys must already be deleted. */
  remove(id: number): void {
    const lease = this.leases.get(id);
    if (!lease) throw leaseNotFound();
    for (const k of lease.keys) this.owner.delete(k);
    this.leases.delete(id);
  }

  ownerOf(key: Bytes): number {
    return this.owner.get(key) ?? 0;
  }

  attach(id: number, key: Bytes): void {
    this.leases.get(id)!.keys.add(key);
    this.owner.set(key, id);
  }

  detach(key: Bytes): void {
    const id = this.owner.get(key);
    if (id === undefined) return;
    this.leases.get(id)?.keys.delete(key);
    this.owner.delete(key);
  }

  /** Leases whose time is up at `now`, soonest first (ties by id). */
  expired(now: number): number[] {
    return [...this.leases.values()]
      .filter((l) => l.expiry <= now)
      .sort((a, b) => a.expiry - b.expiry || a.id - b.id)
      .map((l) => l.id);
  }

  /** What etcd's Promote does for a new leader: every lease gets a full TTL from now, plus `extend`. */
  promote(now: number, extendMs: number): void {
    for (const l of this.leases.values()) l.expiry = now + extendMs + l.ttl * 1000;
  }

  /** What etcd's Demote does: a member that is not the leader never expires a lease itself. */
  demote(): void {
    for (const l of this.leases.values()) l.expiry = Infinity;
  }

  clear(): void {
    this.leases.clear();
    this.owner.clear();
    this.nextId = 1;
  }
}
