// The simulated network between hosts: per-link latency drawn from the seed, loss, duplication,
// reordering, partitions, and links held and released. Pure decisions; the system schedules.

import type { Rng } from '../random.ts';

export interface LinkConfig {
  /** One-way latency in ms, drawn uniformly from [min, max]. */
  readonly latency: { readonly min: number; readonly max: number };
  /** Probability that a message is lost. */
  readonly loss: number;
  /** Probability that a message arrives twice. */
  readonly duplicate: number;
  /** Whether a later message may overtake an earlier one on the link (else FIFO, as over TCP). */
  readonly reorder: boolean;
}

export const defaultLink: LinkConfig = { latency: { min: 0.2, max: 0.3 }, loss: 0, duplicate: 0, reorder: false };

export type Transit =
  | { readonly kind: 'deliver'; readonly at: readonly number[] }
  | { readonly kind: 'drop'; readonly reason: 'loss' | 'partition' }
  | { readonly kind: 'hold' };

/** One key string per directed link, made once: every message looks its link up three times, and a fresh concatenation would be flattened and hashed on each lookup. */
class LinkKeys {
  private readonly byFrom = new Map<string, Map<string, string>>();

  of(from: string, to: string): string {
    let byTo = this.byFrom.get(from);
    if (byTo === undefined) this.byFrom.set(from, (byTo = new Map()));
    let k = byTo.get(to);
    if (k === undefined) byTo.set(to, (k = `${from}\u0000${to}`));
    return k;
  }
}

export function checkLink(partial: Partial<LinkConfig>, where: string): LinkConfig {
  const link = { ...defaultLink, ...partial, latency: { ...defaultLink.latency, ...partial.latency } };
  const bad = (field: string, value: unknown, must: string) => new RangeError(`${where}: ${field}: Invalid value: ${String(value)}: ${must}`);
  if (!(link.latency.min >= 0)) throw bad('latency.min', link.latency.min, 'must be greater than or equal to 0');
  if (!(link.latency.max >= link.latency.min)) throw bad('latency.max', link.latency.max, 'must be greater than or equal to latency.min');
  if (!(link.loss >= 0 && link.loss <= 1)) throw bad('loss', link.loss, 'must be between 0 and 1');
  if (!(link.duplicate >= 0 && link.duplicate <= 1)) throw bad('duplicate', link.duplicate, 'must be between 0 and 1');
  return link;
}

export class Network {
  private readonly defaults: LinkConfig;
  private readonly links = new Map<string, LinkConfig>();
  /** Host → partition group; hosts in no group talk only to other hosts in no group. */
  private groups: Map<string, number> | null = null;
  private readonly held = new Set<string>();
  private readonly keys = new LinkKeys();
  /** The latest arrival time per directed link, to keep FIFO links in order. */
  private readonly lastArrival = new Map<string, number>();

  constructor(
    private readonly rng: Rng,
    defaults: Partial<LinkConfig> = {},
  ) {
    this.defaults = checkLink(defaults, 'network');
  }

  /** Sets the link between two hosts, both ways. */
  setLink(a: string, b: string, config: Partial<LinkConfig>): void {
    const link = checkLink({ ...this.linkConfig(a, b), ...config }, `network link ${a}-${b}`);
    this.links.set(this.keys.of(a, b), link);
    this.links.set(this.keys.of(b, a), link);
  }


  linkConfig(from: string, to: string): LinkConfig {
    return this.links.get(this.keys.of(from, to)) ?? this.defaults;
  }

  partition(groups: readonly (readonly string[])[]): void {
    const g = new Map<string, number>();
    groups.forEach((hosts, i) => {
      for (const h of hosts) {
        if (g.has(h)) throw new Error(`partition: host ${h} is in more than one group`);
        g.set(h, i);
      }
    });
    this.groups = g;
  }

  heal(): void {
    this.groups = null;
  }

  canReach(from: string, to: string): boolean {
    if (this.groups === null || from === to) return true;
    return this.groups.get(from) === this.groups.get(to);
  }

  hold(from: string, to: string): void {
    this.held.add(this.keys.of(from, to));
  }

  /** Stops holding the link; returns whether it was held. */
  release(from: string, to: string): boolean {
    return this.held.delete(this.keys.of(from, to));
  }


  /** What happens to one message sent now from one host to another. */
  transmit(from: string, to: string, now: number): Transit {
    if (!this.canReach(from, to)) return { kind: 'drop', reason: 'partition' };
    if (this.held.has(this.keys.of(from, to))) return { kind: 'hold' };
    const link = this.linkConfig(from, to);
    if (link.loss > 0 && this.rng.next() < link.loss) return { kind: 'drop', reason: 'loss' };
    const copies = link.duplicate > 0 && this.rng.next() < link.duplicate ? 2 : 1;
    const at: number[] = [];
    for (let i = 0; i < copies; i++) at.push(this.arrival(from, to, now, link));
    return { kind: 'deliver', at };
  }

  /** Arrival time of a message leaving now; held messages leave when their link is released. */
  arrival(from: string, to: string, now: number, link = this.linkConfig(from, to)): number {
    const { min, max } = link.latency;
    let at = now + min + (max - min) * this.rng.next();
    if (!link.reorder) {
      const k = this.keys.of(from, to);
      at = Math.max(at, this.lastArrival.get(k) ?? 0);
      this.lastArrival.set(k, at);
    }
    return at;
  }
}
