// NodePort allocation over the service-node-port-range (30000-32767 by default), as
// pkg/registry/core/service/portallocator: the static band is min(max(16, size/32), 128) ports
// from the bottom (KEP-3668), the same banded rule as ClusterIPs.

import { BandedSlots, bandOffset } from './banded.ts';

export interface PortRange {
  readonly base: number;
  readonly size: number;
}

export const DEFAULT_NODE_PORT_RANGE: PortRange = { base: 30000, size: 2768 };

/** "30000-32767", as net.PortRange prints it. */
export const formatPortRange = (r: PortRange): string => `${r.base}-${r.base + r.size - 1}`;

export class NodePortAllocator {
  private readonly slots: BandedSlots;

  constructor(readonly range: PortRange = DEFAULT_NODE_PORT_RANGE) {
    this.slots = new BandedSlots(range.size, bandOffset(range.size, 16, 32, 128));
  }

  has(port: number): boolean {
    return this.slots.has(port - this.range.base);
  }

  /** Reserves `port`; an error message when it cannot be reserved. */
  allocate(port: number): string | undefined {
    const slot = port - this.range.base;
    if (slot < 0 || slot >= this.range.size) return `provided port is not in the valid range. The range of valid ports is ${formatPortRange(this.range)}`;
    return this.slots.take(slot) ? undefined : 'provided port is already allocated';
  }

  allocateNext(pick: (n: number) => number): number | undefined {
    const slot = this.slots.next(pick);
    return slot === undefined ? undefined : this.range.base + slot;
  }

  release(port: number): void {
    this.slots.release(port - this.range.base);
  }

  get free(): number {
    return this.slots.size - this.slots.count;
  }

  allocated(): number[] {
    return this.slots.slots().map((s) => s + this.range.base);
  }

  /** The taken slots (port - base), as RangeAllocation stores them. */
  takenSlots(): number[] {
    return this.slots.slots();
  }

  restore(slots: readonly number[]): void {
    for (const s of slots) this.slots.take(s);
  }
}
