// Addresses as numbers, so that ranges can be walked and compared: an IPv4 address is a 32-bit
// and an IPv6 address a 128-bit bigint. Parsing and printing go through ipaddr.js; printing gives
// the forms Go's net.IP prints (dotted quads; RFC 5952 for IPv6), which host-local's messages and
// file names use.

import ipaddr from 'ipaddr.js';

export type Family = 4 | 6;

export interface Addr {
  readonly family: Family;
  readonly value: bigint;
}

export interface Cidr {
  /** The address as written, host bits and all. */
  readonly addr: Addr;
  readonly prefix: number;
}

export const bits = (family: Family): number => (family === 4 ? 32 : 128);

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** Go's rule: four decimal octets, no leading zeros (ipaddr.js would read "010" as octal). */
const DOTTED = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);

/** IPv4-mapped IPv6 addresses count as IPv4, as Go's To4 does. */
export function parseAddr(text: string): Addr | undefined {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  if (text.includes(':')) {
    if (text.includes('%') || !ipaddr.IPv6.isValid(text)) return undefined;
    const v6 = ipaddr.IPv6.parse(text);
    parsed = v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
  } else {
    if (!DOTTED.test(text)) return undefined;
    parsed = ipaddr.IPv4.parse(text);
  }
  const family: Family = parsed.kind() === 'ipv4' ? 4 : 6;
  let value = 0n;
  for (const byte of parsed.toByteArray()) value = (value << 8n) | BigInt(byte);
  return { family, value };
}

/** Go's net.ParseCIDR error text for anything it cannot read. */
export function parseCidr(text: string): Cidr | string {
  const slash = text.indexOf('/');
  const addr = slash < 0 ? undefined : parseAddr(text.slice(0, slash));
  const digits = slash < 0 ? '' : text.slice(slash + 1);
  const prefix = /^\d{1,3}$/.test(digits) ? Number(digits) : NaN;
  if (addr === undefined || !(prefix <= bits(addr.family))) return `invalid CIDR address: ${text}`;
  return { addr, prefix };
}

export function formatAddr(a: Addr): string {
  const n = bits(a.family) / 8;
  const bytes: number[] = [];
  for (let i = n - 1; i >= 0; i--) bytes.push(Number((a.value >> BigInt(i * 8)) & 0xffn));
  const parsed = ipaddr.fromByteArray(bytes);
  return parsed.kind() === 'ipv6' ? (parsed as ipaddr.IPv6).toRFC5952String() : parsed.toString();
}

export function formatCidr(c: Cidr): string {
  return `${formatAddr(c.addr)}/${c.prefix}`;
}

/** The subnet's mask as a number: `prefix` ones, then zeros. */
export function mask(family: Family, prefix: number): bigint {
  const width = BigInt(bits(family));
  return ((1n << width) - 1n) ^ ((1n << (width - BigInt(prefix))) - 1n);
}

export const networkOf = (c: Cidr): bigint => c.addr.value & mask(c.addr.family, c.prefix);

/** The subnet's last address (IPv4's broadcast). */
export const lastOf = (c: Cidr): bigint => networkOf(c) | (mask(c.addr.family, c.prefix) ^ ((1n << BigInt(bits(c.addr.family))) - 1n));

export function inSubnet(c: Cidr, a: Addr): boolean {
  return a.family === c.addr.family && (a.value & mask(a.family, c.prefix)) === networkOf(c);
}

export const at = (family: Family, value: bigint): Addr => ({ family, value });
