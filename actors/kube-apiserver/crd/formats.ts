// The string formats a CRD schema may name (apiextensions' supportedVersionedFormats, 1.32), as
// kube-openapi's strfmt registry checks them. Names compare without '-' and '_' ("date-time" is
// "datetime"), as the registry normalizes them. A format not listed here is not checked.

import { parseCIDR, parseIP } from '../allocators/ip.ts';

const uuid = (version: string) => new RegExp(`^[0-9a-f]{8}-?[0-9a-f]{4}-?${version}[0-9a-f]{3}-?${version === '[0-9a-f]' ? '' : '[89ab]'}[0-9a-f]{${version === '[0-9a-f]' ? 4 : 3}}-?[0-9a-f]{12}$`, 'i');
const HOSTNAME = /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;

/** A calendar date, by the Gregorian leap rule (no clock involved). */
function validDate(y: string, m: string, d: string): boolean {
  const year = Number(y);
  const month = Number(m);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && Number(d) >= 1 && Number(d) <= days;
}

const CHECKS: Readonly<Record<string, (s: string) => boolean>> = {
  ipv4: (s) => parseIP(s)?.family === 'IPv4',
  ipv6: (s) => parseIP(s)?.family === 'IPv6',
  cidr: (s) => parseCIDR(s) !== undefined,
  mac: (s) => /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/.test(s) || /^([0-9a-fA-F]{4}\.){2}[0-9a-fA-F]{4}$/.test(s),
  uuid: (s) => uuid('[0-9a-f]').test(s),
  uuid3: (s) => uuid('3').test(s),
  uuid4: (s) => uuid('4').test(s),
  uuid5: (s) => uuid('5').test(s),
  hostname: (s) => s.length <= 255 && HOSTNAME.test(s),
  date: (s) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    return m !== null && validDate(m[1]!, m[2]!, m[3]!);
  },
  datetime: (s) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/.exec(s);
    return m !== null && validDate(m[1]!, m[2]!, m[3]!);
  },
  byte: (s) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s),
  hexcolor: (s) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(s),
  password: () => true,
  email: (s) => /^[^@\s]+@[^@\s]+$/.test(s),
  uri: (s) => /^[a-zA-Z][a-zA-Z0-9+.-]*:\S*$/.test(s) || s.startsWith('/'),
};

/** Whether `value` is of `format`; true for a format this cluster does not check. */
export function matchesFormat(format: string, value: string): boolean {
  const check = CHECKS[format.replace(/[-_]/g, '').toLowerCase()];
  return check === undefined || check(value);
}
