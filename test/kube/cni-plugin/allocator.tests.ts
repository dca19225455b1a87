// host-local's allocation: the order it tries addresses in, round robin with wraparound, the
// gateway skipped, exhaustion and duplicate errors with its texts, dual-stack, DEL and CHECK. The
// round-robin table is host-local's own allocator test table.

import test from 'ava';
import { parseAddr } from '../../../actors/cni-plugin/ipam/addr.ts';
import { allocate, candidates, checkHeld, release } from '../../../actors/cni-plugin/ipam/allocator.ts';
import { loadRangeSets, type RangeSet } from '../../../actors/cni-plugin/ipam/range.ts';
import { emptyStore, type IpamStore, replay } from '../../../actors/cni-plugin/ipam/store.ts';
import { formatAddr } from '../../../actors/cni-plugin/ipam/addr.ts';

function sets(...subnets: (string | { subnet: string; rangeStart?: string; rangeEnd?: string })[][]): RangeSet[] {
  const s = loadRangeSets(subnets.map((set) => set.map((x) => (typeof x === 'string' ? { subnet: x } : x))));
  if (typeof s === 'string') throw new Error(s);
  return s;
}

/** A store holding `ipmap` (address → container id, eth0) with `lastIP` as range set 0's last. */
function storeOf(ipmap: Record<string, string>, lastIP?: string): IpamStore {
  const owners = Object.fromEntries(Object.entries(ipmap).map(([ip, id]) => [ip, { containerId: id, ifName: 'eth0' }]));
  return { owners, lastReserved: lastIP ? { '0': lastIP } : {} };
}

function walk(set: RangeSet, last?: string): string[] {
  return [...candidates(set, last === undefined ? undefined : parseAddr(last))].map((c) => formatAddr({ family: set[0]!.family, value: c.value }));
}

test('the walk of a /29 from the beginning, from the end and from the middle', (t) => {
  const [p] = sets(['192.168.1.0/29']);
  t.deepEqual(walk(p!), ['192.168.1.2', '192.168.1.3', '192.168.1.4', '192.168.1.5', '192.168.1.6']);
  t.deepEqual(walk(p!, '192.168.1.6'), ['192.168.1.2', '192.168.1.3', '192.168.1.4', '192.168.1.5', '192.168.1.6']);
  t.deepEqual(walk(p!, '192.168.1.3'), ['192.168.1.4', '192.168.1.5', '192.168.1.6', '192.168.1.2', '192.168.1.3']);
});

test('the walk from the end of one of several ranges goes on with the next range', (t) => {
  const [p] = sets([
    { subnet: '192.168.1.0/30', rangeStart: '192.168.1.0', rangeEnd: '192.168.1.3' },
    { subnet: '192.168.2.0/30', rangeStart: '192.168.2.0', rangeEnd: '192.168.2.3' },
  ]);
  t.deepEqual(walk(p!, '192.168.1.3'), ['192.168.2.0', '192.168.2.2', '192.168.2.3', '192.168.1.0', '192.168.1.2', '192.168.1.3']);
  t.deepEqual(walk(p!).slice(0, 2), ['192.168.1.0', '192.168.1.2']);
});

// [subnets, held addresses, last reserved, expected]
const ROUND_ROBIN: readonly [string[], Record<string, string>, string | undefined, string][] = [
  [['10.0.0.0/29'], {}, undefined, '10.0.0.2'],
  [['2001:db8:1::0/64'], {}, undefined, '2001:db8:1::2'],
  [['10.0.0.0/30'], {}, undefined, '10.0.0.2'],
  [['10.0.0.0/29'], { '10.0.0.2': 'id' }, undefined, '10.0.0.3'],
  [['10.0.0.0/29'], {}, '10.0.0.5', '10.0.0.6'],
  [['10.0.0.0/29'], { '10.0.0.4': 'id', '10.0.0.5': 'id' }, '10.0.0.3', '10.0.0.6'],
  [['10.0.0.0/29'], { '10.0.0.6': 'id' }, '10.0.0.5', '10.0.0.2'],
  [['10.0.0.0/29'], { '10.0.0.2': 'id' }, '10.0.0.128', '10.0.0.3'],
  [['10.0.0.0/29'], { '10.0.0.2': 'id', '10.0.0.4': 'id', '10.0.0.5': 'id', '10.0.0.6': 'id' }, '10.0.0.3', '10.0.0.3'],
  [['10.0.0.0/30', '10.0.1.0/30'], {}, undefined, '10.0.0.2'],
  [['10.0.0.0/30', '10.0.1.0/30'], {}, '10.0.0.2', '10.0.1.2'],
  [['10.0.0.0/30', '10.0.1.0/30', '10.0.2.0/30'], {}, '10.0.2.2', '10.0.0.2'],
];

for (const [subnets, ipmap, lastIP, expected] of ROUND_ROBIN) {
  test(`round robin: ${subnets.join(',')} holding [${Object.keys(ipmap).join(' ')}] after ${lastIP ?? 'nothing'} gives ${expected}`, (t) => {
    const got = allocate(storeOf(ipmap, lastIP), sets(subnets), 'ID', 'eth0');
    t.true(got.ok);
    if (got.ok) t.is(got.value[0]!.address.split('/')[0], expected);
  });
}

const FULL: readonly [string[], Record<string, string>, string][] = [
  [['10.0.0.0/30'], { '10.0.0.2': 'id' }, '10.0.0.1-10.0.0.2'],
  [['10.0.0.0/29'], { '10.0.0.2': 'id', '10.0.0.3': 'id', '10.0.0.4': 'id', '10.0.0.5': 'id', '10.0.0.6': 'id' }, '10.0.0.1-10.0.0.6'],
  [['10.0.0.0/30', '10.0.1.0/30'], { '10.0.0.2': 'id', '10.0.1.2': 'id' }, '10.0.0.1-10.0.0.2,10.0.1.1-10.0.1.2'],
];

for (const [subnets, ipmap, shown] of FULL) {
  test(`a full range set ${subnets.join(',')} fails with host-local's message`, (t) => {
    const got = allocate(storeOf(ipmap), sets(subnets), 'ID', 'eth0');
    t.deepEqual(got, { ok: false, msg: `failed to allocate for range 0: no IP addresses available in range set: ${shown}`, records: [] });
  });
}

test('a node /24 hands out .2 to .254 in order, never the gateway, network or broadcast, then is exhausted', (t) => {
  let store = emptyStore();
  const s = sets(['10.244.1.0/24']);
  const got: string[] = [];
  for (let i = 0; i < 253; i++) {
    const r = allocate(store, s, `c${i}`, 'eth0');
    if (!r.ok) return t.fail(r.msg);
    store = replay(r.records, store);
    got.push(r.value[0]!.address);
  }
  t.is(got[0], '10.244.1.2/24');
  t.is(got[252], '10.244.1.254/24');
  t.is(new Set(got).size, 253);
  t.false(got.some((a) => ['10.244.1.0/24', '10.244.1.1/24', '10.244.1.255/24'].includes(a)));
  t.like(allocate(store, s, 'one-more', 'eth0'), { ok: false, msg: 'failed to allocate for range 0: no IP addresses available in range set: 10.244.1.1-10.244.1.254' });
});

test('a released address is not handed out again until the walk comes round to it', (t) => {
  const s = sets(['192.168.1.0/29']);
  let store = emptyStore();
  const a = allocate(store, s, 'ID', 'eth0');
  if (!a.ok) return t.fail();
  t.is(a.value[0]!.address, '192.168.1.2/29');
  store = replay([...a.records, ...release(replay(a.records, store), 'ID', 'eth0')], store);
  const b = allocate(store, s, 'ID', 'eth0');
  t.like(b, { ok: true, value: [{ address: '192.168.1.3/29' }] });
});

test('dual-stack: one ADD takes an IPv4 and an IPv6 address, each with its gateway', (t) => {
  const got = allocate(emptyStore(), sets(['10.244.1.0/24'], ['fd00:10:244:1::/64']), 'c1', 'eth0');
  t.deepEqual(got.ok && got.value, [
    { address: '10.244.1.2/24', gateway: '10.244.1.1', family: 4 },
    { address: 'fd00:10:244:1::2/64', gateway: 'fd00:10:244:1::1', family: 6 },
  ]);
  t.deepEqual(got.records.map((r) => r.op === 'reserve' && r.rangeId), ['0', '1']);
});

test('dual-stack: when the second family is full, the first family\'s address goes back', (t) => {
  const store = storeOf({ 'fd00::2': 'other', 'fd00::3': 'other' });
  const got = allocate(store, sets(['10.0.0.0/29'], ['fd00::/126']), 'c1', 'eth0');
  t.deepEqual(got, {
    ok: false,
    msg: 'failed to allocate for range 1: no IP addresses available in range set: fd00::1-fd00::3',
    records: [{ op: 'reserve', ip: '10.0.0.2', containerId: 'c1', ifName: 'eth0', rangeId: '0' }, { op: 'release', ip: '10.0.0.2' }],
  });
  // As host-local's last_reserved_ip file stays moved on, the next ADD starts after .2.
  const after = allocate(replay(got.records, store), sets(['10.0.0.0/29']), 'c2', 'eth0');
  t.like(after, { ok: true, value: [{ address: '10.0.0.3/29' }] });
});

test('a second ADD for the same container and interface is refused, naming the address held', (t) => {
  const s = sets(['10.244.1.0/24']);
  const first = allocate(emptyStore(), s, 'abc', 'eth0');
  const store = replay(first.records);
  t.deepEqual(allocate(store, s, 'abc', 'eth0'), {
    ok: false,
    msg: 'failed to allocate for range 0: 10.244.1.2 has been allocated to abc, duplicate allocation is not allowed',
    records: [],
  });
  // Another interface of the same container is another attachment.
  t.like(allocate(store, s, 'abc', 'net1'), { ok: true, value: [{ address: '10.244.1.3/24' }] });
});

test('DEL frees what the attachment holds and is a no-op for an unknown one; CHECK finds it or says so', (t) => {
  const s = sets(['10.244.1.0/24'], ['fd00:10:244:1::/64']);
  const store = replay(allocate(emptyStore(), s, 'abc', 'eth0').records);
  t.is(checkHeld(store, 'abc', 'eth0'), undefined);
  t.deepEqual(release(store, 'abc', 'eth0'), [{ op: 'release', ip: '10.244.1.2' }, { op: 'release', ip: 'fd00:10:244:1::2' }]);
  t.deepEqual(release(store, 'nobody', 'eth0'), []);
  const freed = replay(release(store, 'abc', 'eth0'), store);
  t.deepEqual(freed.owners, {});
  t.deepEqual(release(freed, 'abc', 'eth0'), []);
  t.is(checkHeld(freed, 'abc', 'eth0'), 'host-local: Failed to find address added by container abc');
  t.is(checkHeld(store, 'abc', 'net1'), 'host-local: Failed to find address added by container abc');
});
