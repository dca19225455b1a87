// The cluster spec's `cloud` option: validated like the other flags, absent from a cloud-less
// spec and topology, and the cloud plan it makes (zones round-robin over the node hosts, each
// instance's internal IPs its host's addresses).

import test from 'ava';
import { type ClusterSpec, resolveClusterSpec, topologyOf } from '../../../scenarios/cluster/index.ts';

test('cloud defaults to off and then leaves the resolved spec and the topology as they were', (t) => {
  const spec = resolveClusterSpec({ workers: 3 });
  t.false('cloud' in spec);
  t.false('cloud' in topologyOf(spec));
  t.false('cloud' in resolveClusterSpec({ cloud: false }));
  t.is(resolveClusterSpec({ cloud: true }).cloud, true);
  t.false('cloudRoutes' in resolveClusterSpec({ cloud: true }), 'routes are off by default, as --allocate-node-cidrs is');
});

test('cloud: { routes: true } is a cloud whose CCM runs the route controller; { routes: false } a plain cloud', (t) => {
  const routed = resolveClusterSpec({ cloud: { routes: true } });
  t.is(routed.cloud, true);
  t.is(routed.cloudRoutes, true);
  const plain = resolveClusterSpec({ cloud: { routes: false } });
  t.is(plain.cloud, true);
  t.false('cloudRoutes' in plain);
});

const refused: [ClusterSpec, string][] = [
  [{ cloud: 'yes' as unknown as boolean }, 'cluster: cloud: Invalid value: "yes": must be true or false'],
  [{ cloud: 1 as unknown as boolean }, 'cluster: cloud: Invalid value: 1: must be true or false'],
  [{ cloud: true, apiserverOnly: true }, 'cluster: cloud: Invalid value: true: must be false with apiserverOnly: there are no nodes and no cloud-controller-manager'],
  [{ cloud: { routes: 'yes' as unknown as boolean } }, 'cluster: cloud.routes: Invalid value: "yes": must be true or false'],
  [{ cloud: { route: true } as unknown as boolean }, 'cluster: cloud: unknown field "route"'],
  [{ cloud: [] as unknown as boolean }, 'cluster: cloud: Invalid value: []: must be true, false or an object such as { routes: true }'],
  [{ cloud: true, controlPlanes: 0, etcd: 'external' }, 'cluster: cloud: Invalid value: true: needs at least one control plane to run the cloud-controller-manager'],
];

for (const [spec, message] of refused)
  test(`cloud-wiring: a bad cloud option is refused with the field named: ${JSON.stringify(spec)}`, (t) => {
    t.is(t.throws(() => resolveClusterSpec(spec))?.message, message);
  });

test('the cloud has one instance per node host (etcd hosts are none), zones a, b, c round-robin in host order, in region-1', (t) => {
  const topo = topologyOf(resolveClusterSpec({ cloud: true, controlPlanes: 2, workers: 3, etcd: 'external', etcdMembers: 1 }));
  t.is(topo.cloud?.host, 'cloud');
  t.is(topo.cloud?.region, 'region-1');
  t.deepEqual(topo.cloud?.zones, ['zone-a', 'zone-b', 'zone-c']);
  t.deepEqual(
    topo.cloud?.instances.map((i) => `${i.name}@${i.zone}:${i.internalIPs?.join(',')}`),
    ['control-plane-1@zone-a:10.0.0.3', 'control-plane-2@zone-b:10.0.0.4', 'worker-1@zone-c:10.0.0.5', 'worker-2@zone-a:10.0.0.6', 'worker-3@zone-b:10.0.0.7'],
  );
  t.false(topo.hosts.some((h) => h.name === 'cloud'), 'the cloud is no host of the cluster: no kubelet, no node');
});

test('a dual-stack cloud instance has both of its host addresses as internal IPs', (t) => {
  const topo = topologyOf(resolveClusterSpec({ cloud: true, workers: 1, dualStack: true }));
  t.deepEqual(topo.cloud?.instances.map((i) => i.internalIPs), [
    ['10.0.0.2', 'fd00:10::2'],
    ['10.0.0.3', 'fd00:10::3'],
  ]);
});
