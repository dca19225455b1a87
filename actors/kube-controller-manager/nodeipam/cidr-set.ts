// A cluster CIDR cut into node-sized subnets, addressed by index: subnet i starts i subnet
// sizes after the cluster CIDR's base. Which indices are taken is not kept here but derived by
// the caller from the nodes themselves, so a restarted allocator knows it from its first list.

import ipaddr from 'ipaddr.js';

export interface CidrSet {
  readonly cluster: string;
  readonly family: 4 | 6;
  readonly base: bigint;
  readonly bits: number;
  readonly nodeMask: number;
  /** How many node subnets the cluster CIDR holds. */
  readonly count: number;
}

/** Kubernetes refuses more than 2^16 node subnets in one cluster CIDR (cidrset's max). */
const MAX_SUBNET_BITS = 16;

const toBig = (bytes: readonly number[]) => bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);

function toBytes(value: bigint, len: number): number[] {
  const out = new Array<number>(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return out;
}

export function cidrSet(cluster: string, masks: { readonly ipv4: number; readonly ipv6: number }): CidrSet {
  const [addr, prefix] = ipaddr.parseCIDR(cluster);
  const family = addr.kind() === 'ipv4' ? 4 : 6;
  const bits = family === 4 ? 32 : 128;
  const nodeMask = family === 4 ? masks.ipv4 : masks.ipv6;
  if (nodeMask < prefix || nodeMask > bits) throw new RangeError(`node-ipam: node CIDR mask /${nodeMask} does not fit in cluster CIDR ${cluster}`);
  if (nodeMask - prefix > MAX_SUBNET_BITS) throw new RangeError(`node-ipam: cluster CIDR ${cluster} with node mask /${nodeMask} exceeds 2^${MAX_SUBNET_BITS} subnets`);
  const hostBits = BigInt(bits - prefix);
  const base = (toBig(addr.toByteArray()) >> hostBits) << hostBits;
  return { cluster, family, base, bits, nodeMask, count: 2 ** (nodeMask - prefix) };
}

/** The i-th node subnet, as Kubernetes writes it (IPv6 compressed). */
export function subnetAt(s: CidrSet, i: number): string {
  const value = s.base + (BigInt(i) << BigInt(s.bits - s.nodeMask));
  return `${ipaddr.fromByteArray(toBytes(value, s.bits / 8)).toString()}/${s.nodeMask}`;
}

/** The index of `cidr` in the set, or undefined if it is not one of its node subnets. */
export function indexOf(s: CidrSet, cidr: string): number | undefined {
  if (!ipaddr.isValidCIDR(cidr)) return undefined;
  const [addr, prefix] = ipaddr.parseCIDR(cidr);
  if ((addr.kind() === 'ipv4' ? 4 : 6) !== s.family || prefix !== s.nodeMask) return undefined;
  const offset = toBig(addr.toByteArray()) - s.base;
  const step = 1n << BigInt(s.bits - s.nodeMask);
  if (offset < 0n || offset % step !== 0n) return undefined;
  const i = offset / step;
  return i < BigInt(s.count) ? Number(i) : undefined;
}

/** The lowest index not in `used`; undefined when every subnet is taken. */
export function lowestFree(s: CidrSet, used: ReadonlySet<number>): number | undefined {
  for (let i = 0; i < s.count; i++) if (!used.has(i)) return i;
  return undefined;
}
