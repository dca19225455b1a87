// IP address syntax as netutils.ParseIPSloppy accepts it (IPv4 octets may carry leading zeros),
// for the pod fields that hold addresses: dnsConfig.nameservers, hostAliases[].ip.

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isIPv4(s: string): boolean {
  const m = IPV4.exec(s);
  return m !== null && m.slice(1).every((o) => Number(o) <= 255);
}

function isIPv6(s: string): boolean {
  let rest = s;
  const lastColon = rest.lastIndexOf(':');
  if (rest.slice(lastColon + 1).includes('.')) {
    if (!isIPv4(rest.slice(lastColon + 1))) return false;
    // The dotted tail stands for the last two groups.
    rest = `${rest.slice(0, lastColon + 1)}0:0`;
  }
  const halves = rest.split('::');
  if (halves.length > 2) return false;
  const groups = (h: string): string[] | undefined => (h === '' ? [] : h.split(':'));
  const parts = halves.map(groups);
  if (parts.some((p) => p === undefined || p.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g)))) return false;
  const count = parts.reduce((n, p) => n + p!.length, 0);
  return halves.length === 2 ? count < 8 : count === 8;
}

export const isIP = (s: string): boolean => isIPv4(s) || isIPv6(s);

/** validation.IsValidIP's message. */
export const INVALID_IP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
