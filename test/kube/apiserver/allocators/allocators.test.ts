import test from 'ava';
import fc from 'fast-check';
import './etcd-allocation.tests.ts';
import './repair.tests.ts';
import './replicas.tests.ts';
import { BandedSlots, ClusterIPAllocator, heldBy, NodePortAllocator, RANGE_KEYS, ServiceAllocators, bandOffset, formatIP, parseCIDR, parseIP } from '../../../../actors/kube-apiserver/allocators/index.ts';

/** A deterministic pick from a list of draws (cycling), clamped to [0, n). */
const picker = (draws: readonly number[]) => {
  let i = 0;
  return (n: number) => (draws.length === 0 ? 0 : draws[i++ % draws.length]! % n);
};

test('static band sizes as KEP-3070 and KEP-3668 give them', (t) => {
  // ClusterIPs: min(max(16, size/16), 256); ports: min(max(16, size/32), 128). Sizes from the KEPs' tables.
  t.is(bandOffset(2 ** 20, 16, 16, 256), 256); // /12
  t.is(bandOffset(2 ** 8, 16, 16, 256), 16); // /24
  t.is(bandOffset(2 ** 12, 16, 16, 256), 256); // /20
  t.is(bandOffset(2 ** 10, 16, 16, 256), 64); // /22
  t.is(bandOffset(16, 16, 16, 256), 0); // /28
  t.is(bandOffset(2768, 16, 32, 128), 86); // 30000-32767
  t.is(bandOffset(100, 16, 32, 128), 16);
  t.is(bandOffset(65536, 16, 32, 128), 128);
});

test('the default IPv4 range excludes the network and broadcast addresses', (t) => {
  const a = new ClusterIPAllocator('10.96.0.0/12');
  t.is(a.free, 2 ** 20 - 2);
  t.regex(a.allocate('10.96.0.0')!, /not in the valid range\. The range of valid IPs is 10\.96\.0\.0\/12$/);
  t.is(a.allocate('10.111.255.255'), 'the provided IP (10.111.255.255) is not in the valid range. The range of valid IPs is 10.96.0.0/12');
  t.is(a.allocate('10.96.0.1'), undefined);
  t.is(a.allocate('10.96.0.1'), 'provided IP is already allocated');
  t.is(a.allocate('10.111.255.254'), undefined);
});

test('dynamic IPs come from above the static band while it has room', (t) => {
  const a = new ClusterIPAllocator('10.96.0.0/24');
  // /24: 254 usable, band 16 (10.96.0.1 - 10.96.0.16); pick 0 starts at the band's end.
  t.is(a.allocateNext(() => 0), '10.96.0.17');
  t.is(a.allocateNext(() => 237), '10.96.0.254');
  const small = new ClusterIPAllocator('10.0.0.0/29');
  t.is(small.free, 6); // no band below 16 addresses
  const seen = new Set<string>();
  for (let i = 0; i < 6; i++) seen.add(small.allocateNext(() => 0)!);
  t.deepEqual([...seen].sort(), ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6']);
  t.is(small.allocateNext(() => 0), undefined);
});

test('IPv6 ranges exclude only the network address and print RFC 5952', (t) => {
  const a = new ClusterIPAllocator('fd00:10:96::/112');
  t.is(a.free, 65535);
  t.is(a.allocateNext(() => 0), 'fd00:10:96::101'); // after the 256-address band
  t.is(a.allocate('fd00:10:96::ffff'), undefined);
  t.is(a.allocate('fd00:10:96:0:0:0:0:ffff'), 'provided IP is already allocated');
});

test('NodePorts: range, band and errors', (t) => {
  const p = new NodePortAllocator();
  t.is(p.allocate(29999), 'provided port is not in the valid range. The range of valid ports is 30000-32767');
  t.is(p.allocate(30080), undefined);
  t.is(p.allocate(30080), 'provided port is already allocated');
  t.is(p.allocateNext(() => 0), 30086);
});

test('restored from RangeAllocation slots: what they list is taken, ranges() gives it back', (t) => {
  const config = { serviceCIDRs: ['10.96.0.0/12', 'fd00:10:96::/112'], nodePortRange: { base: 30000, size: 2768 } };
  const a = new ServiceAllocators(config, () => 0);
  a.restoreRange(RANGE_KEYS.primary, [9]);
  a.restoreRange(RANGE_KEYS.secondary, [9]);
  a.restoreRange(RANGE_KEYS.nodePorts, [1, 5000]);
  t.is(a.clusterIP('IPv4', '10.96.0.10'), undefined);
  t.is(a.lastError, 'provided IP is already allocated');
  t.is(a.clusterIP('IPv6', 'fd00:10:96::a'), undefined);
  t.is(a.nodePort(30001), undefined);
  t.deepEqual(a.ranges(), [
    { key: RANGE_KEYS.primary, range: '10.96.0.0/12', slots: [9] },
    { key: RANGE_KEYS.secondary, range: 'fd00:10:96::/112', slots: [9] },
    { key: RANGE_KEYS.nodePorts, range: '30000-32767', slots: [1] },
  ]);
  t.deepEqual(a.values(), ['ip:10.96.0.10', 'ip:fd00:10:96::a', 'port:30001']);
  a.releaseClusterIP('10.96.0.10');
  t.is(a.clusterIP('IPv4', '10.96.0.10'), '10.96.0.10');
});

test('property: never twice, never outside, release frees (small ranges, random op sequences)', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 24, max: 30 }),
      fc.array(fc.oneof(fc.record({ op: fc.constant('next' as const), draw: fc.nat() }), fc.record({ op: fc.constant('release' as const), draw: fc.nat() })), { maxLength: 300 }),
      (prefix, ops) => {
        const cidr = `10.1.2.0/${prefix}`;
        const a = new ClusterIPAllocator(cidr);
        const range = parseCIDR(cidr)!;
        const held = new Set<string>();
        for (const { op, draw } of ops) {
          if (op === 'next') {
            const ip = a.allocateNext(picker([draw]));
            if (ip === undefined) {
              if (held.size !== Number(range.size) - 2) return false; // full only when every usable address is held
              continue;
            }
            if (held.has(ip)) return false;
            const last = Number(ip.split('.')[3]);
            const net = Number(range.base & 0xffn);
            if (last <= net || last >= net + Number(range.size) - 1) return false;
            held.add(ip);
          } else if (held.size > 0) {
            const ip = [...held][draw % held.size]!;
            a.release(ip);
            held.delete(ip);
            if (a.has(ip) || a.allocate(ip) !== undefined) return false;
            a.release(ip);
          }
        }
        return a.allocated().length === held.size;
      },
    ),
  );
  t.pass();
});

test('property: the banded slots fill the upper part first, then the band, with any picks', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 50 }), fc.array(fc.nat(), { minLength: 1 }), (size, rawOffset, draws) => {
      const offset = Math.min(rawOffset, size);
      const s = new BandedSlots(size, offset);
      const pick = picker(draws);
      const order: number[] = [];
      for (;;) {
        const slot = s.next(pick);
        if (slot === undefined) break;
        order.push(slot);
      }
      const upper = order.slice(0, size - offset);
      return order.length === size && new Set(order).size === size && upper.every((x) => x >= offset) && order.slice(size - offset).every((x) => x < offset);
    }),
  );
  t.pass();
});

test('property: node ports never repeat and stay in range', (t) => {
  fc.assert(
    fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 400 }), (draws) => {
      const p = new NodePortAllocator({ base: 30000, size: 300 });
      const pick = picker(draws);
      const got = new Set<number>();
      for (let i = 0; i < 300; i++) {
        const port = p.allocateNext(pick);
        if (port === undefined || port < 30000 || port > 30299 || got.has(port)) return false;
        got.add(port);
      }
      return p.allocateNext(pick) === undefined;
    }),
  );
  t.pass();
});

test('heldBy: what a Service holds, headless and empty values left out', (t) => {
  const svc = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec });
  t.deepEqual(heldBy(svc({ clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.20', 'fd00:10:96::20'], ports: [{ nodePort: 30500 }, { nodePort: 30500 }, {}], healthCheckNodePort: 30600 })), [
    'ip:10.96.0.20', 'ip:fd00:10:96::20', 'port:30500', 'port:30600',
  ]);
  t.deepEqual(heldBy(svc({ clusterIP: 'None', clusterIPs: ['None'] })), []);
  t.deepEqual(heldBy(undefined), []);
});

test('addresses parse as Kubernetes 1.32 does: leading zeros stay decimal, zones and short forms are refused', (t) => {
  t.deepEqual(parseIP('010.001.1.1'), parseIP('10.1.1.1'));
  t.is(parseIP('256.1.1.1'), undefined);
  t.is(parseIP('1.2.3'), undefined);
  t.is(parseIP('fe80::1%eth0'), undefined);
  t.is(parseIP('fd00::1')?.family, 'IPv6');
  t.is(formatIP('IPv6', parseIP('fd00:0:0:0:0:0:0:1')!.value), 'fd00::1');
});
