// IP and CIDR field checks worded as apimachinery's util/validation/ip.go and core's
// ValidateNonSpecialIP: Services (clusterIPs, externalIPs), Nodes (podCIDRs) and Endpoints share them.

import { type FieldError, type PathLike, fieldError } from '../../../../protocols/kube/field-errors.ts';
import { parseCIDR, parseIP } from '../../allocators/ip.ts';

export function validateIP(path: PathLike, value: string): FieldError[] {
  return parseIP(value) === undefined ? [fieldError.invalid(path, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')] : [];
}

export function validateCIDR(path: PathLike, value: string): FieldError[] {
  return parseCIDR(value) === undefined ? [fieldError.invalid(path, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')] : [];
}

/** Addresses no Service or endpoint may use: unspecified, loopback, link-local (unicast and multicast). */
export function validateNonSpecialIP(path: PathLike, value: string): FieldError[] {
  const ip = parseIP(value);
  if (ip === undefined) return [fieldError.invalid(path, value, 'must be a valid IP address')];
  const errs: FieldError[] = [];
  const v = ip.value;
  const v4 = ip.family === 'IPv4';
  const top8 = v4 ? Number(v >> 24n) : Number(v >> 120n);
  const unspecified = v === 0n;
  const loopback = v4 ? top8 === 127 : v === 1n;
  const linkLocal = v4 ? Number(v >> 16n) === 0xa9fe : Number(v >> 118n) === 0x3fa;
  const linkLocalMulticast = v4 ? Number(v >> 8n) === 0xe00000 : top8 === 0xff && (Number(v >> 112n) & 0x0f) === 0x02;
  if (unspecified) errs.push(fieldError.invalid(path, value, `may not be unspecified (${value})`));
  if (loopback) errs.push(fieldError.invalid(path, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (linkLocal) errs.push(fieldError.invalid(path, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  if (linkLocalMulticast) errs.push(fieldError.invalid(path, value, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  return errs;
}
