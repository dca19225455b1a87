import test from 'ava';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { ControllerLoop } from '../loop.ts';
import type { Node } from '../../../../protocols/kube/objects.ts';
import { cidrSet, indexOf, subnetAt } from '../../../../actors/kube-controller-manager/nodeipam/cidr-set.ts';
import { ipamKeys, NODE_IPAM_INFORMERS } from '../../../../actors/kube-controller-manager/nodeipam/controller.ts';
import { allocateNode, allocationWritten, ipamMemory, type IpamMemory } from '../../../../actors/kube-controller-manager/nodeipam/range-allocator.ts';
import { deleteCall } from '../../../../actors/client/index.ts';
import { nodePodCIDRs } from '../../../../scenarios/cluster/topology.ts';

const MASKS = { ipv4: 24, ipv6: 64 };

function ipamLoop(clusterCIDRs: string[], masks = MASKS) {
  const sets = clusterCIDRs.map((c) => cidrSet(c, masks));
  return new ControllerLoop<IpamMemory>({ informers: NODE_IPAM_INFORMERS, keysFor: ipamKeys, reconcile: (k, l, _n, m) => allocateNode(k, l, sets, m), memory: ipamMemory, written: allocationWritten });
}

const addNode = (loop: ControllerLoop<IpamMemory>, name: string, podCIDRs?: string[]) =>
  loop.create({ apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: podCIDRs ? { podCIDR: podCIDRs[0], podCIDRs } : {} });
const cidrsOf = (loop: ControllerLoop<IpamMemory>, name: string) => (loop.get('node', name) as Node | undefined)?.spec?.podCIDRs;

test('node ipam: cidr sets cut the cluster CIDR into node subnets, IPv6 written compressed', (t) => {
  const v4 = cidrSet('10.244.0.0/16', MASKS);
  const v6 = cidrSet('fd00:10:244::/56', MASKS);
  t.is(v4.count, 256);
  t.is(v6.count, 256);
  t.is(subnetAt(v4, 0), '10.244.0.0/24');
  t.is(subnetAt(v4, 255), '10.244.255.0/24');
  t.is(subnetAt(v6, 0), 'fd00:10:244::/64');
  t.is(subnetAt(v6, 17), 'fd00:10:244:11::/64');
  t.is(indexOf(v4, '10.244.7.0/24'), 7);
  t.is(indexOf(v4, '10.244.7.0/25'), undefined);
  t.is(indexOf(v4, '10.245.0.0/24'), undefined);
  t.is(indexOf(v6, 'fd00:10:244:ff::/64'), 255);
  t.throws(() => cidrSet('10.0.0.0/8', { ipv4: 30, ipv6: 64 }), { message: /exceeds 2\^16 subnets/ });
});

test('node ipam: nodes get the lowest free subnets in the order they are seen, the same as the cluster builder plans (dual-stack)', (t) => {
  const loop = ipamLoop(['10.244.0.0/16', 'fd00:10:244::/56']);
  for (const n of ['n0', 'n1', 'n2', 'n3']) addNode(loop, n);
  loop.settle();
  for (let k = 0; k < 4; k++) t.deepEqual(cidrsOf(loop, `n${k}`), nodePodCIDRs(k, true));
  t.is((loop.get('node', 'n0') as Node).spec?.podCIDR, '10.244.0.0/24');
});

test('node ipam: existing podCIDRs are kept and skipped after a restart; a deleted node frees its subnet for the next', (t) => {
  const loop = ipamLoop(['10.244.0.0/16']);
  addNode(loop, 'old', ['10.244.0.0/24']);
  addNode(loop, 'new');
  loop.settle();
  t.deepEqual(cidrsOf(loop, 'new'), ['10.244.1.0/24']);
  loop.restart();
  loop.apply(deleteCall('nodes', 'old'));
  addNode(loop, 'newer');
  loop.settle();
  t.deepEqual(cidrsOf(loop, 'newer'), ['10.244.0.0/24']);
  t.deepEqual(cidrsOf(loop, 'new'), ['10.244.1.0/24']);
});

test('node ipam: an exhausted cluster CIDR gives the CIDRNotAvailable event; a deletion lets the waiting node in', (t) => {
  const loop = ipamLoop(['10.244.0.0/23']);
  for (const n of ['a', 'b', 'c']) addNode(loop, n);
  const rounds = loop.settle();
  t.deepEqual(['a', 'b', 'c'].map((n) => cidrsOf(loop, n)), [['10.244.0.0/24'], ['10.244.1.0/24'], undefined]);
  t.true(rounds.flatMap((r) => r.events).some((e) => e.reason === 'CIDRNotAvailable' && e.message === 'Node c status is now: CIDRNotAvailable'));
  loop.apply(deleteCall('nodes', 'a'));
  loop.settle();
  t.deepEqual(cidrsOf(loop, 'c'), ['10.244.0.0/24']);
});

const overlaps = (a: string, b: string) => {
  const [x, px] = ipaddr.parseCIDR(a);
  const [y, py] = ipaddr.parseCIDR(b);
  return x.kind() === y.kind() && (x.match(y, Math.min(px, py)) as boolean);
};

test('node ipam: property: no two nodes ever hold overlapping pod CIDRs, whatever the order of adds, deletes and restarts', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.record({ op: fc.constant('add' as const), n: fc.integer({ min: 0, max: 11 }) }), fc.record({ op: fc.constant('del' as const), n: fc.integer({ min: 0, max: 11 }) }), fc.record({ op: fc.constant('restart' as const), n: fc.constant(0) }), fc.record({ op: fc.constant('step' as const), n: fc.constant(0) })), { maxLength: 30 }),
      (ops) => {
        const loop = ipamLoop(['10.244.0.0/21', 'fd00:10:244::/61']);
        for (const { op, n } of ops) {
          const name = `node-${n}`;
          if (op === 'add' && loop.get('node', name) === undefined) addNode(loop, name);
          else if (op === 'del' && loop.get('node', name) !== undefined) loop.apply(deleteCall('nodes', name));
          else if (op === 'restart') loop.restart();
          else loop.step();
          const all = loop.list('node').flatMap((x) => (x as Node).spec?.podCIDRs ?? []);
          for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) if (overlaps(all[i]!, all[j]!)) return false;
        }
        loop.settle();
        const nodes = loop.list('node') as Node[];
        // 8 subnets per family: with at most 12 nodes, the first 8 seen get one each.
        return nodes.filter((x) => x.spec?.podCIDRs?.length === 2).length === Math.min(8, nodes.length);
      },
    ),
    { numRuns: 60, seed: 11 },
  );
  t.pass();
});
