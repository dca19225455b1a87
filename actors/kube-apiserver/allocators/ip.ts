// IP address parsing and arithmetic for the service ranges, on ipaddr.js. Addresses are handled
// as BigInt so IPv4 and IPv6 share one code path; the text forms are the ones Go's net.IP prints
// (dotted quad, RFC 5952 for IPv6), since that is what the apiserver stores in spec.clusterIPs.

import ipaddr from 'ipaddr.js';

export type IPFamily = 'IPv4' | 'IPv6';

/**
 * An address as Kubernetes 1.32 accepts it (netutils.ParseIPSloppy): a dotted quad, whose octets
 * may carry leading zeros and are then still decimal ("010.1.1.1" is 10.1.1.1, where ipaddr.js
 * would read octal), or an IPv6 address without a zone.
 */
export function parseIP(text: string): { family: IPFamily; value: bigint } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const octets = text.split('.').map(Number);
    return octets.every((o) => o <= 255) ? { family: 'IPv4', value: toBig(octets) } : undefined;
  }
  if (!text.includes(':') || text.includes('%') || !ipaddr.IPv6.isValid(text)) return undefined;
  const v6 = ipaddr.IPv6.parse(text);
  return { family: 'IPv6', value: toBig(v6.toByteArray()) };
}

export const isIP = (text: string): boolean => parseIP(text) !== undefined;

export function familyOf(text: string): IPFamily | undefined {
  return parseIP(text)?.family;
}

function toBig(bytes: readonly number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

export function formatIP(family: IPFamily, value: bigint): string {
  const n = family === 'IPv4' ? 4 : 16;
  const bytes: number[] = [];
  for (let i = n - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(8 * i)) & 0xffn));
  const addr = ipaddr.fromByteArray(bytes);
  return addr.kind() === 'ipv6' ? (addr as ipaddr.IPv6).toRFC5952String() : addr.toString();
}

/** A CIDR; the base is the network address (host bits cleared), and `text` prints it as Go does ("10.96.0.0/12"). */
export interface Cidr {
  readonly text: string;
  readonly family: IPFamily;
  readonly base: bigint;
  readonly prefix: number;
  /** Addresses in the CIDR, 2^(bits - prefix). */
  readonly size: bigint;
}

export function parseCIDR(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIP(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (ip === undefined || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const bits = ip.family === 'IPv4' ? 32 : 128;
  const prefix = Number(prefixText);
  if (prefix > bits) return undefined;
  const hostBits = BigInt(bits - prefix);
  const base = (ip.value >> hostBits) << hostBits;
  return { text: `${formatIP(ip.family, base)}/${prefix}`, family: ip.family, base, prefix, size: 1n << hostBits };
}

export function cidrContains(cidr: Cidr, ip: { family: IPFamily; value: bigint }): boolean {
  return ip.family === cidr.family && ip.value >= cidr.base && ip.value < cidr.base + cidr.size;
}
