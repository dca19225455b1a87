import test from 'ava';
import fc from 'fast-check';
import { isIP } from '../../../../../actors/kube-apiserver/strategies/workloads/ip.ts';

test('property: every IPv4 and IPv6 address is accepted', (t) => {
  fc.assert(fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (ip) => isIP(ip)));
  t.pass();
});

test('table: addresses and non-addresses', (t) => {
  for (const ok of ['10.9.8.7', '2001:db8::ffff', '::', '::1', '::ffff:10.0.0.1', '010.001.0.1', 'fe80::1:2:3:4:5:6', '1:2:3:4:5:6:7:8']) t.true(isIP(ok), ok);
  for (const bad of ['', '256.1.1.1', '1.2.3', '1:2:3:4:5:6:7:8:9', '1::2::3', 'example.com', '10.0.0.1/24', 'g::1', '1:2:3:4:5:6:7::8:9']) t.false(isIP(bad), bad);
});
