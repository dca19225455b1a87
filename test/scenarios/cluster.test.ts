// The cluster builder: the one place that names hosts and puts components on them.

import test from 'ava';
import { Simulation } from '../../runtime/kernel/index.ts';
import { ScenarioContext } from '../../scenarios/scenario.ts';
import { type ClusterSpec, resolveClusterSpec, startCluster, topologyOf } from '../../scenarios/cluster/index.ts';

test('the default cluster: one control plane with stacked etcd, two workers', (t) => {
  const spec = resolveClusterSpec();
  t.deepEqual(
    { ...spec, etcdMember: undefined },
    {
      controlPlanes: 1,
      workers: 2,
      etcd: 'stacked',
      etcdMembers: 1,
      etcdMember: undefined,
      apiserver: {},
      dualStack: false,
      apiserverOnly: false,
      node: { cpu: 4, memoryBytes: 16 * 2 ** 30, ephemeralStorageBytes: 100 * 2 ** 30, maxPods: 110, pullBandwidthBytesPerSec: 50 * 2 ** 20, plant: {} },
      controlPlane: { plant: {} },
    },
  );
  const topo = topologyOf(spec);
  t.deepEqual(topo.hosts.map((h) => `${h.name}:${h.role}${h.etcdMember ? '+etcd' : ''}`), ['control-plane-1:control-plane+etcd', 'worker-1:worker', 'worker-2:worker']);
  t.deepEqual(topo.etcdMembers, ['control-plane-1']);
  t.deepEqual(
    topo.hosts.map((h) => [h.addresses.ipv4, h.podCIDRs.join(' ')]),
    [
      ['10.0.0.2', '10.244.0.0/24'],
      ['10.0.0.3', '10.244.1.0/24'],
      ['10.0.0.4', '10.244.2.0/24'],
    ],
    'hosts numbered from 1 in start order; each node a /24 of the pod network, in order',
  );
});

test('a dual-stack cluster gives hosts and nodes an IPv6 address and range too; etcd hosts get no pod range', (t) => {
  const topo = topologyOf(resolveClusterSpec({ controlPlanes: 1, workers: 1, etcd: 'external', etcdMembers: 1, dualStack: true }));
  t.deepEqual(
    topo.hosts.map((h) => [h.name, h.addresses.ipv4, h.addresses.ipv6, h.podCIDRs.join(' ')]),
    [
      ['etcd-1', '10.0.0.2', 'fd00:10::2', ''],
      ['control-plane-1', '10.0.0.3', 'fd00:10::3', '10.244.0.0/24 fd00:10:244::/64'],
      ['worker-1', '10.0.0.4', 'fd00:10::4', '10.244.1.0/24 fd00:10:244:1::/64'],
    ],
  );
});

test('external etcd runs three members on hosts of their own by default, started first', (t) => {
  const topo = topologyOf(resolveClusterSpec({ controlPlanes: 2, workers: 1, etcd: 'external' }));
  t.deepEqual(topo.hosts.map((h) => h.name), ['etcd-1', 'etcd-2', 'etcd-3', 'control-plane-1', 'control-plane-2', 'worker-1']);
  t.deepEqual(topo.etcdMembers, ['etcd-1', 'etcd-2', 'etcd-3']);
  t.deepEqual(topo.hosts.filter((h) => h.role === 'control-plane').map((h) => h.etcdMember), [false, false]);
});

test('stacked etcd puts one member on each control plane', (t) => {
  const topo = topologyOf(resolveClusterSpec({ controlPlanes: 3, workers: 0 }));
  t.deepEqual(topo.etcdMembers, ['control-plane-1', 'control-plane-2', 'control-plane-3']);
  t.deepEqual(topo.etcdHosts, []);
});

const refused: [ClusterSpec, string][] = [
  [{ controlPlanes: -1 }, 'cluster: controlPlanes: Invalid value: -1: must be a whole number greater than or equal to 1'],
  [{ controlPlanes: 0 }, 'cluster: controlPlanes: Invalid value: 0: must be a whole number greater than or equal to 1'],
  [{ controlPlanes: 1.5 }, 'cluster: controlPlanes: Invalid value: 1.5: must be a whole number greater than or equal to 1'],
  [{ controlPlanes: -1, etcd: 'external' }, 'cluster: controlPlanes: Invalid value: -1: must be a whole number greater than or equal to 0'],
  [{ workers: -2 }, 'cluster: workers: Invalid value: -2: must be a whole number greater than or equal to 0'],
  [{ workers: '2' as unknown as number }, 'cluster: workers: Invalid value: "2": must be a whole number greater than or equal to 0'],
  [{ etcd: 'shared' as 'stacked' }, 'cluster: etcd: Invalid value: "shared": must be "stacked" or "external"'],
  [{ etcd: 'external', etcdMembers: 0 }, 'cluster: etcdMembers: Invalid value: 0: must be a whole number greater than or equal to 1'],
  [{ controlPlanes: 3, etcdMembers: 5 }, 'cluster: etcdMembers: Invalid value: 5: must equal controlPlanes (3) with stacked etcd: one member on each control-plane host'],
  [{ workerz: 3 } as ClusterSpec, 'cluster: unknown field "workerz"'],
  [{ dualStack: 'yes' as unknown as boolean }, 'cluster: dualStack: Invalid value: "yes": must be true or false'],
  [{ node: { memory: 'lots' } }, "cluster: node.memory: Invalid value: \"lots\": must be a positive quantity such as '16Gi'"],
  [{ node: { cpu: 0 } }, 'cluster: node.cpu: Invalid value: 0: must be a positive number of cores'],
  [{ node: { gpus: 1 } as never }, 'cluster: node: unknown field "gpus"'],
];

for (const [spec, message] of refused)
  test(`a bad cluster is refused with the field named: ${JSON.stringify(spec)}`, (t) => {
    t.is(t.throws(() => resolveClusterSpec(spec))?.message, message);
  });

test('s.cluster starts every host of the topology with its components, and elects an etcd leader', async (t) => {
  const sim = new Simulation({ seed: 3 });
  const s = new ScenarioContext(sim);
  const cluster = s.cluster({ controlPlanes: 3, workers: 2 });
  t.is(s.cluster(), cluster, 'called again without a spec, it returns the running cluster');
  t.regex(t.throws(() => s.cluster({ workers: 1 }))!.message, /a cluster is already running/);
  const tree = s.inspect();
  t.deepEqual(
    tree.children.map((h) => `${h.name}(${h.kind}): ${h.children.map((c) => c.kind).join(',')}`),
    [
      'control-plane-1(host): etcd-member,kube-apiserver,kube-controller-manager,kube-scheduler,cni-plugin,container-runtime,kubelet',
      'control-plane-2(host): etcd-member,kube-apiserver,kube-controller-manager,kube-scheduler,cni-plugin,container-runtime,kubelet',
      'control-plane-3(host): etcd-member,kube-apiserver,kube-controller-manager,kube-scheduler,cni-plugin,container-runtime,kubelet',
      'worker-1(host): cni-plugin,container-runtime,kubelet',
      'worker-2(host): cni-plugin,container-runtime,kubelet',
    ],
  );
  t.true(await s.until(() => cluster.etcd.leader() !== undefined, { within: '5s' }));
  t.true(cluster.topology.controlPlanes.includes(cluster.etcd.leader()!));
  t.throws(() => cluster.etcd.addMember(cluster.etcd.members), { message: /only to external etcd/ });
  sim.close();
});

test('a member added to external etcd runs on the next etcd host and joins as a learner', async (t) => {
  const sim = new Simulation({ seed: 4 });
  const cluster = startCluster(sim.system, { controlPlanes: 0, workers: 0, etcd: 'external', etcdMembers: 3 });
  t.true(await sim.until(() => cluster.etcd.leader() !== undefined, 5000));
  const id = cluster.etcd.addMember(cluster.etcd.members);
  t.is(id, 'etcd-4');
  t.deepEqual(cluster.etcd.members, ['etcd-1', 'etcd-2', 'etcd-3', 'etcd-4']);
  await sim.advance(100);
  const m = cluster.etcd.state(id)!;
  t.deepEqual(m.raft.membership.learners, ['etcd-4'], 'it starts as a learner of the voters it was given');
  t.is(m.raft.role, 'follower');
  sim.close();
});
