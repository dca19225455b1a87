// host-local's ranges and range sets: what a configured subnet turns into (its gateway, its first
// and last allocatable addresses), and the checks host-local makes of a configuration, with its
// error texts. A range set is the list of ranges one IP per ADD is taken from: one per family.

import type { CniIpRange } from '../../../protocols/kube/cni.ts';
import { type Addr, at, bits, type Cidr, type Family, formatAddr, formatCidr, inSubnet, lastOf, networkOf, parseAddr, parseCidr } from './addr.ts';

export interface Range {
  readonly family: Family;
  readonly subnet: Cidr;
  /** Inclusive bounds of the allocatable addresses. */
  readonly start: bigint;
  readonly end: bigint;
  /** Never handed out, even inside [start, end]. */
  readonly gateway: bigint;
}

export type RangeSet = readonly Range[];

/** The range's addresses written as host-local writes them: `10.244.1.1-10.244.1.254`. */
export function rangeString(r: Range): string {
  return `${formatAddr(at(r.family, r.start))}-${formatAddr(at(r.family, r.end))}`;
}

export function rangeSetString(set: RangeSet): string {
  return set.map(rangeString).join(',');
}

export function rangeContains(r: Range, a: Addr): boolean {
  return a.family === r.family && inSubnet(r.subnet, a) && a.value >= r.start && a.value <= r.end;
}

/** The range of the set that holds `a`, if any. */
export function rangeFor(set: RangeSet, a: Addr): Range | undefined {
  return set.find((r) => rangeContains(r, a));
}

/** Go's net.IP reads an address or fails with this text. */
function optionalAddr(text: string | undefined): Addr | undefined | string {
  if (text === undefined || text === '') return undefined;
  return parseAddr(text) ?? `invalid IP address: ${text}`;
}

/** A range with its defaults filled in, or host-local's complaint about it. */
export function canonicalRange(spec: CniIpRange): Range | string {
  const subnet = parseCidr(spec.subnet);
  if (typeof subnet === 'string') return subnet;
  const family = subnet.addr.family;
  // A /31 or /32 (a /127 or /128) leaves nothing between the network's address and the last.
  if (subnet.prefix > bits(family) - 2) return `Network ${formatCidr(subnet)} too small to allocate from`;
  const network = networkOf(subnet);
  if (subnet.addr.value !== network) {
    return `Network has host bits set. For a subnet mask of length ${subnet.prefix} the network address is ${formatAddr(at(family, network))}`;
  }
  const gateway = optionalAddr(spec.gateway);
  const start = optionalAddr(spec.rangeStart);
  const end = optionalAddr(spec.rangeEnd);
  if (typeof gateway === 'string') return gateway;
  if (typeof start === 'string') return start;
  if (typeof end === 'string') return end;
  const inNetwork = (a: Addr) => a.family === family && inSubnet(subnet, a);
  // host-local checks each bound against the subnet and the other bound, so a start past the
  // end is "not in network" too.
  if (start !== undefined && (!inNetwork(start) || (end !== undefined && start.value > end.value))) return `RangeStart ${formatAddr(start)} not in network ${formatCidr(subnet)}`;
  const first = start?.value ?? network + 1n;
  if (end !== undefined && (!inNetwork(end) || end.value < first)) return `RangeEnd ${formatAddr(end)} not in network ${formatCidr(subnet)}`;
  // IPv4 keeps its broadcast address out; IPv6 has none, so its range runs to the very last address.
  const last = lastOf(subnet) - (family === 4 ? 1n : 0n);
  return { family, subnet, start: first, end: end?.value ?? last, gateway: gateway?.value ?? network + 1n };
}

function overlaps(a: Range, b: Range): boolean {
  return a.family === b.family && a.start <= b.end && b.start <= a.end;
}

/** A range set whose ranges are all valid, of one family, and apart. */
export function canonicalRangeSet(specs: readonly CniIpRange[]): RangeSet | string {
  if (specs.length === 0) return 'empty range set';
  const set: Range[] = [];
  for (const spec of specs) {
    const r = canonicalRange(spec);
    if (typeof r === 'string') return r;
    if (set.length > 0 && r.family !== set[0]!.family) return 'mixed address families';
    set.push(r);
  }
  for (let i = 0; i < set.length; i++) {
    for (let j = i + 1; j < set.length; j++) {
      if (overlaps(set[i]!, set[j]!)) return `subnets ${rangeString(set[i]!)} and ${rangeString(set[j]!)} overlap`;
    }
  }
  return set;
}

/** Every range set of a configuration, or host-local's error for the first bad one. */
export function loadRangeSets(ipRanges: readonly (readonly CniIpRange[])[]): RangeSet[] | string {
  if (ipRanges.length === 0) return 'no IP ranges specified';
  const sets: RangeSet[] = [];
  for (const [i, specs] of ipRanges.entries()) {
    const set = canonicalRangeSet(specs);
    if (typeof set === 'string') return `invalid range set ${i}: ${set}`;
    sets.push(set);
  }
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      if (sets[i]!.some((a) => sets[j]!.some((b) => overlaps(a, b)))) return `range set ${i} overlaps with ${j}`;
    }
  }
  return sets;
}
