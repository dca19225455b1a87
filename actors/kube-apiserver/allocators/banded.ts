// The allocation rule Service ClusterIPs (KEP-3070) and NodePorts (KEP-3668) share: a range of
// `size` slots whose lowest `offset` slots form a band that dynamic allocation uses only when the
// rest is full, so users who pick static values there rarely collide with the apiserver's picks.
// Dynamic allocation starts at a random slot of the upper part and scans forward, wrapping; only
// if the upper part is full does it do the same in the lower band. `pick(n)` is the caller's
// seeded source. Slots are plain indexes; the callers map them to addresses and ports.

/** min(max(lo, size / step), hi), or 0 for a range no larger than `lo`: the static band's size. */
export function bandOffset(size: number, lo: number, step: number, hi: number): number {
  if (size <= lo) return 0;
  return Math.min(Math.max(lo, Math.floor(size / step)), hi);
}

export class BandedSlots {
  private readonly used = new Set<number>();

  constructor(
    readonly size: number,
    readonly offset: number,
  ) {}

  get count(): number {
    return this.used.size;
  }

  has(slot: number): boolean {
    return this.used.has(slot);
  }

  /** Takes `slot`; false when it is outside the range or taken. */
  take(slot: number): boolean {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.size || this.used.has(slot)) return false;
    this.used.add(slot);
    return true;
  }

  release(slot: number): void {
    this.used.delete(slot);
  }

  /** A free slot by the banded rule, taken; undefined when the range is full. */
  next(pick: (n: number) => number): number | undefined {
    if (this.used.size >= this.size) return undefined;
    const upper = this.size - this.offset;
    const found = this.scan(this.offset, upper, pick) ?? this.scan(0, this.offset, pick);
    if (found !== undefined) this.used.add(found);
    return found;
  }

  /** Sorted, for snapshots and tests. */
  slots(): number[] {
    return [...this.used].sort((a, b) => a - b);
  }

  private scan(from: number, length: number, pick: (n: number) => number): number | undefined {
    if (length <= 0) return undefined;
    const start = pick(length);
    for (let i = 0; i < length; i++) {
      const at = from + ((start + i) % length);
      if (!this.used.has(at)) return at;
    }
    return undefined;
  }
}
