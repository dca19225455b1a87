// host-local's ranges: the defaults a subnet gets and the configurations it refuses, with the
// cases and messages of containernetworking/plugins' range and config tests.

import test from 'ava';
import { formatAddr, parseAddr, parseCidr } from '../../../actors/cni-plugin/ipam/addr.ts';
import { canonicalRange, loadRangeSets, type Range, rangeString } from '../../../actors/cni-plugin/ipam/range.ts';
import type { CniIpRange } from '../../../protocols/kube/cni.ts';

const show = (r: Range | string) =>
  typeof r === 'string' ? r : { range: rangeString(r), gateway: formatAddr({ family: r.family, value: r.gateway }) };

const DEFAULTS: readonly [CniIpRange, string, string][] = [
  [{ subnet: '192.0.2.0/24' }, '192.0.2.1-192.0.2.254', '192.0.2.1'],
  [{ subnet: '192.0.2.0/25' }, '192.0.2.1-192.0.2.126', '192.0.2.1'],
  [{ subnet: '10.244.1.0/24' }, '10.244.1.1-10.244.1.254', '10.244.1.1'],
  [{ subnet: '10.0.0.0/30' }, '10.0.0.1-10.0.0.2', '10.0.0.1'],
  // IPv6 has no broadcast address: the range runs to the subnet's last address (a lone zero field
  // is not shortened to ::, in RFC 5952 form as Go prints it).
  [{ subnet: '2001:DB8:1::/64' }, '2001:db8:1::1-2001:db8:1:0:ffff:ffff:ffff:ffff', '2001:db8:1::1'],
  [{ subnet: 'fd00:10:244:1::/64' }, 'fd00:10:244:1::1-fd00:10:244:1:ffff:ffff:ffff:ffff', 'fd00:10:244:1::1'],
  [{ subnet: '192.0.2.0/24', rangeStart: '192.0.2.40', rangeEnd: '192.0.2.50', gateway: '192.0.2.254' }, '192.0.2.40-192.0.2.50', '192.0.2.254'],
];

for (const [spec, range, gateway] of DEFAULTS) {
  test(`range ${JSON.stringify(spec)} is ${range} with gateway ${gateway}`, (t) => {
    t.deepEqual(show(canonicalRange(spec)), { range, gateway });
  });
}

const REFUSED: readonly [CniIpRange, string][] = [
  [{ subnet: '192.0.2.10/24' }, 'Network has host bits set. For a subnet mask of length 24 the network address is 192.0.2.0'],
  [{ subnet: '2001:db8:1::1/64' }, 'Network has host bits set. For a subnet mask of length 64 the network address is 2001:db8:1::'],
  [{ subnet: '2001:db8:24:19ff::/63' }, 'Network has host bits set. For a subnet mask of length 63 the network address is 2001:db8:24:19fe::'],
  [{ subnet: '192.168.127.0/23' }, 'Network has host bits set. For a subnet mask of length 23 the network address is 192.168.126.0'],
  [{ subnet: '192.0.2.0/31' }, 'Network 192.0.2.0/31 too small to allocate from'],
  [{ subnet: '192.0.2.0/32' }, 'Network 192.0.2.0/32 too small to allocate from'],
  [{ subnet: '192.0.2.0/24', rangeStart: '192.0.3.0' }, 'RangeStart 192.0.3.0 not in network 192.0.2.0/24'],
  [{ subnet: '192.0.2.0/24', rangeEnd: '192.0.4.0' }, 'RangeEnd 192.0.4.0 not in network 192.0.2.0/24'],
  [{ subnet: '192.0.2.0/24', rangeStart: '192.0.2.50', rangeEnd: '192.0.2.40' }, 'RangeStart 192.0.2.50 not in network 192.0.2.0/24'],
  [{ subnet: 'banana' }, 'invalid CIDR address: banana'],
  [{ subnet: '10.0.0.0/33' }, 'invalid CIDR address: 10.0.0.0/33'],
  [{ subnet: '010.0.0.0/8' }, 'invalid CIDR address: 010.0.0.0/8'],
  [{ subnet: '10.0.0.0/24', gateway: '10.0.0.300' }, 'invalid IP address: 10.0.0.300'],
];

for (const [spec, message] of REFUSED) {
  test(`range ${JSON.stringify(spec)} is refused: ${message}`, (t) => {
    t.is(canonicalRange(spec), message);
  });
}

test('configurations host-local refuses, with its messages', (t) => {
  t.is(loadRangeSets([]), 'no IP ranges specified');
  t.is(loadRangeSets([[{ subnet: '10.1.2.0/24' }], [{ subnet: '10.1.2.0/24' }]]), 'range set 0 overlaps with 1');
  t.is(loadRangeSets([[{ subnet: '10.1.0.0/22' }, { subnet: '10.1.2.0/24' }]]), 'invalid range set 0: subnets 10.1.0.1-10.1.3.254 and 10.1.2.1-10.1.2.254 overlap');
  t.is(loadRangeSets([[{ subnet: '10.1.2.0/24' }, { subnet: '2001:db8:1::/64' }]]), 'invalid range set 0: mixed address families');
  t.is(loadRangeSets([[{ subnet: '10.1.2.0/24' }], []]), 'invalid range set 1: empty range set');
});

test('two halves of one subnet, and the two families of a dual-stack node, are accepted', (t) => {
  const halves = loadRangeSets([[{ subnet: '10.0.0.0/24', rangeEnd: '10.0.0.127' }, { subnet: '10.0.0.0/24', rangeStart: '10.0.0.128' }]]);
  t.deepEqual(typeof halves === 'string' ? halves : halves.map((s) => s.map(rangeString)), [['10.0.0.1-10.0.0.127', '10.0.0.128-10.0.0.254']]);
  const dual = loadRangeSets([[{ subnet: '10.244.1.0/24' }], [{ subnet: 'fd00:10:244:1::/64' }]]);
  t.deepEqual(typeof dual === 'string' ? dual : dual.map((s) => s[0]!.family), [4, 6]);
});

test('addresses print as Go prints them, and IPv4-mapped IPv6 reads as IPv4', (t) => {
  t.is(formatAddr(parseAddr('2001:0db8:0000:0000:0000:0000:0000:0001')!), '2001:db8::1');
  t.is(formatAddr(parseAddr('::ffff:10.1.2.3')!), '10.1.2.3');
  t.is(parseAddr('10.1'), undefined);
  t.is(parseAddr('fe80::1%eth0'), undefined);
  t.deepEqual(parseCidr('10.0.0.0'), 'invalid CIDR address: 10.0.0.0');
});
