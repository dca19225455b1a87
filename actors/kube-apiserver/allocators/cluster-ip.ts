// Service ClusterIP allocation over one CIDR, as the bitmap allocator of
// pkg/registry/core/service/ipallocator keeps it: the network address is never handed out, nor
// is an IPv4 broadcast address; an IPv6 range is capped at 65536 addresses (the bitmap's size).
// The static band is min(max(16, cidrSize/16), 256) addresses from the bottom (KEP-3070).

import { BandedSlots, bandOffset } from './banded.ts';
import { type Cidr, type IPFamily, cidrContains, formatIP, parseCIDR, parseIP } from './ip.ts';

export const DEFAULT_SERVICE_CIDRS: Readonly<Record<IPFamily, string>> = { IPv4: '10.96.0.0/12', IPv6: 'fd00:10:96::/112' };

const MAX_IPV6_SLOTS = 65536;

/** The reason a specific IP could not be reserved, worded as ipallocator's errors. */
export type IPAllocationError = string;

export class ClusterIPAllocator {
  readonly cidr: Cidr;
  private readonly slots: BandedSlots;
  /** Index 0 is the address after the network address. */
  private readonly first: bigint;

  constructor(cidrText: string) {
    const cidr = parseCIDR(cidrText);
    if (cidr === undefined) throw new Error(`invalid service CIDR ${JSON.stringify(cidrText)}`);
    this.cidr = cidr;
    let max = cidr.size;
    if (cidr.family === 'IPv6' && max > BigInt(MAX_IPV6_SLOTS)) max = BigInt(MAX_IPV6_SLOTS);
    if (cidr.family === 'IPv4') max -= 1n;
    max -= 1n;
    const size = Number(max < 0n ? 0n : max);
    const offset = bandOffset(Number(cidr.size > 1n << 40n ? 1n << 40n : cidr.size), 16, 16, 256);
    this.slots = new BandedSlots(size, offset);
    this.first = cidr.base + 1n;
  }

  get family(): IPFamily {
    return this.cidr.family;
  }

  /** The IP's slot, or undefined when it is not an IP of this range's usable part. */
  private slotOf(ip: string): number | undefined {
    const parsed = parseIP(ip);
    if (parsed === undefined || !cidrContains(this.cidr, parsed)) return undefined;
    const slot = parsed.value - this.first;
    return slot < 0n || slot >= BigInt(this.slots.size) ? undefined : Number(slot);
  }

  has(ip: string): boolean {
    const slot = this.slotOf(ip);
    return slot !== undefined && this.slots.has(slot);
  }

  /** Reserves `ip`; an error message when it cannot be reserved. */
  allocate(ip: string): IPAllocationError | undefined {
    const slot = this.slotOf(ip);
    if (slot === undefined) return `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${this.cidr.text}`;
    return this.slots.take(slot) ? undefined : 'provided IP is already allocated';
  }

  /** A free IP by the banded rule, or undefined when the range is full. */
  allocateNext(pick: (n: number) => number): string | undefined {
    const slot = this.slots.next(pick);
    return slot === undefined ? undefined : formatIP(this.cidr.family, this.first + BigInt(slot));
  }

  release(ip: string): void {
    const slot = this.slotOf(ip);
    if (slot !== undefined) this.slots.release(slot);
  }

  /** How many addresses may be handed out, and how many are. */
  get free(): number {
    return this.slots.size - this.slots.count;
  }

  allocated(): string[] {
    return this.slots.slots().map((s) => formatIP(this.cidr.family, this.first + BigInt(s)));
  }

  /** The taken slots (offsets from the address after the network address), as RangeAllocation stores them. */
  takenSlots(): number[] {
    return this.slots.slots();
  }

  /** Marks stored slots taken; those outside the range are dropped, as a restore of a smaller range does. */
  restore(slots: readonly number[]): void {
    for (const s of slots) this.slots.take(s);
  }
}
