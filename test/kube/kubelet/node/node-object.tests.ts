// The Node the kubelet registers and its status setters, with the facts of the kubelet's
// setters_test (condition reasons, messages, heartbeat and transition times) and of a kubeadm
// node's allocatable under the default eviction thresholds.

import test from 'ava';
import { csiNodeObject } from '../../../../actors/kubelet/node/csi-node.ts';
import { aggregateMessage, updateConditions } from '../../../../actors/kubelet/node/conditions.ts';
import { resolveHostConfig } from '../../../../actors/kubelet/node/config.ts';
import { nodeImages } from '../../../../actors/kubelet/node/images.ts';
import { computeNodeStatus, nodeObject } from '../../../../actors/kubelet/node/node-object.ts';
import { nodeResources, thresholdQuantity } from '../../../../actors/kubelet/node/resources.ts';
import { parseQuantity, quantityValue } from '../../../../protocols/kube/quantity.ts';
import { rfc3339 } from '../../../../protocols/kube/time.ts';

const GiB = 1024 ** 3;
const worker = {
  nodeName: 'worker-1',
  cpuCores: 4,
  memoryBytes: 8 * GiB,
  ephemeralStorageBytes: 100 * GiB,
  addresses: { ipv4: '10.0.0.11' },
  podCIDRs: ['10.244.1.0/24'],
  controlPlane: false,
};
const T0 = 1_767_225_600_000;
const healthy = { memoryPressure: false, diskPressure: false, pidPressure: false, notReadyErrors: [] };

test('capacity is the machine plus maxPods 110; allocatable loses 100Mi of memory and 10% of the disk, cpu untouched', (t) => {
  const { capacity, allocatable } = nodeResources(resolveHostConfig(worker));
  t.deepEqual(capacity, { cpu: '4', 'ephemeral-storage': '100Gi', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '8Gi', pods: '110' });
  t.is(allocatable.cpu, '4');
  t.is(allocatable.memory, '8092Mi');
  t.is(allocatable.pods, '110');
  // 10% parsed as a float32 (0.10000000149...) times 107374182400, truncated: 10737418400, not 10737418240.
  t.is(quantityValue(parseQuantity(allocatable['ephemeral-storage']!)), 107374182400 - 10737418400);
});

test('eviction thresholds: a quantity is itself, a percentage a truncated share of capacity', (t) => {
  t.is(quantityValue(thresholdQuantity('100Mi', parseQuantity('8Gi'))), 104857600);
  t.is(quantityValue(thresholdQuantity('15%', parseQuantity('1000'))), 150);
  t.is(quantityValue(thresholdQuantity('5%', parseQuantity('3'))), 0);
});

test('kube-reserved and system-reserved come out of allocatable, never below zero', (t) => {
  const { allocatable } = nodeResources(resolveHostConfig({ ...worker, kubeReserved: { cpu: '500m', memory: '1Gi' }, systemReserved: { cpu: '5', memory: '512Mi' } }));
  t.is(allocatable.cpu, '0');
  t.is(allocatable.memory, '6556Mi');
});

test('the registered Node: labels, kubelet annotation, addresses, daemon endpoints, nodeInfo, podCIDRs', (t) => {
  const node = nodeObject(worker, T0);
  t.deepEqual(node.metadata!.labels, {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': 'worker-1',
    'kubernetes.io/os': 'linux',
  });
  t.is(node.metadata!.annotations?.['volumes.kubernetes.io/controller-managed-attach-detach'], 'true');
  t.deepEqual(node.spec, { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] });
  t.deepEqual(node.status?.addresses, [{ type: 'InternalIP', address: '10.0.0.11' }, { type: 'Hostname', address: 'worker-1' }]);
  t.deepEqual(node.status?.daemonEndpoints, { kubeletEndpoint: { Port: 10250 } });
  t.is(node.status!.nodeInfo!.kubeletVersion, 'v1.32.0');
  t.is(node.status!.nodeInfo!.containerRuntimeVersion, 'containerd://1.7.24');
  t.is(node.status!.nodeInfo!.operatingSystem, 'linux');
  t.regex(node.status!.nodeInfo!.systemUUID, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  t.deepEqual(nodeObject(worker, T0), node, 'same host, same node');
});

test('control-plane hosts register with the NoSchedule taint but not the node-role label (NodeRestriction forbids it); dual-stack lists both IPs', (t) => {
  const node = nodeObject({ ...worker, nodeName: 'cp-1', controlPlane: true, addresses: { ipv4: '10.0.0.2', ipv6: 'fd00::2' }, podCIDRs: ['10.244.0.0/24', 'fd00:10:244::/64'] }, T0);
  t.is(node.metadata!.labels?.['node-role.kubernetes.io/control-plane'], undefined);
  t.deepEqual(node.spec?.taints, [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
  t.is(node.spec?.podCIDR, '10.244.0.0/24');
  t.deepEqual(node.status?.addresses?.map((a) => a.address), ['10.0.0.2', 'fd00::2', 'cp-1']);
});

test('first conditions: MemoryPressure, DiskPressure, PIDPressure, Ready, with the kubelet reasons and messages', (t) => {
  const { conditions, events } = updateConditions([], healthy, T0);
  const now = rfc3339(T0);
  t.deepEqual(conditions, [
    { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastHeartbeatTime: now, lastTransitionTime: now },
    { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', lastHeartbeatTime: now, lastTransitionTime: now },
    { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', lastHeartbeatTime: now, lastTransitionTime: now },
    { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now },
  ]);
  t.deepEqual(events.map((e) => e.reason), ['NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID']);
});

test('a later run moves heartbeats only; a flip moves the transition time and records the event', (t) => {
  const first = updateConditions([], healthy, T0).conditions;
  const later = updateConditions(first, healthy, T0 + 10_000);
  t.true(later.conditions.every((c) => c.lastHeartbeatTime === rfc3339(T0 + 10_000) && c.lastTransitionTime === rfc3339(T0)));
  t.deepEqual(later.events, []);
  const net = 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';
  const flipped = updateConditions(later.conditions, { ...healthy, memoryPressure: true, notReadyErrors: [net] }, T0 + 20_000);
  const byType = Object.fromEntries(flipped.conditions.map((c) => [c.type, c]));
  t.like(byType.MemoryPressure, { status: 'True', reason: 'KubeletHasInsufficientMemory', message: 'kubelet has insufficient memory available', lastTransitionTime: rfc3339(T0 + 20_000) });
  t.like(byType.Ready, { status: 'False', reason: 'KubeletNotReady', message: net, lastTransitionTime: rfc3339(T0 + 20_000) });
  t.like(byType.DiskPressure, { lastTransitionTime: rfc3339(T0) });
  t.deepEqual(flipped.events.map((e) => e.reason), ['NodeHasInsufficientMemory', 'NodeNotReady']);
});

test('several not-ready errors are aggregated as errors.NewAggregate prints them', (t) => {
  t.is(aggregateMessage(['a']), 'a');
  t.is(aggregateMessage(['a', 'b', 'a']), '[a, b]');
  t.is(aggregateMessage(['a', 'a']), 'a');
});

test('conditions set by others stay in place; a new boot id records Rebooted', (t) => {
  const npd = { type: 'KernelDeadlock', status: 'False' };
  const before = computeNodeStatus(worker, { conditions: [npd], nodeInfo: { ...nodeObject(worker, T0).status!.nodeInfo!, bootID: 'old' } }, healthy, T0);
  t.deepEqual(before.status.conditions?.map((c) => c.type), ['KernelDeadlock', 'MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']);
  t.true(before.events.some((e) => e.reason === 'Rebooted' && e.type === 'Warning'));
});

test('status.images: largest first, at most 50, up to 5 names with digests before tags', (t) => {
  const many = Array.from({ length: 60 }, (_, i) => ({ repoDigests: [`d${i}@sha256:x`], repoTags: [`t${i}:1`, `t${i}:2`, `t${i}:3`, `t${i}:4`, `t${i}:5`], sizeBytes: i }));
  const out = nodeImages(many);
  t.is(out.length, 50);
  t.is(out[0]!.sizeBytes, 59);
  t.deepEqual(out[0]!.names, ['d59@sha256:x', 't59:1', 't59:2', 't59:3', 't59:4']);
  const status = computeNodeStatus(worker, undefined, healthy, T0, many.slice(0, 2)).status;
  t.deepEqual(status.images?.map((i) => i.sizeBytes), [1, 0]);
});

test("the CSINode is the Node's, with no drivers and 1.32's migrated in-tree plugins, sorted", (t) => {
  const c = csiNodeObject({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1', uid: 'u-1' } });
  t.is(c.metadata?.name, 'worker-1');
  t.deepEqual(c.metadata?.ownerReferences, [{ apiVersion: 'v1', kind: 'Node', name: 'worker-1', uid: 'u-1' }]);
  t.deepEqual(c.spec.drivers, []);
  const plugins = c.metadata?.annotations?.['storage.alpha.kubernetes.io/migrated-plugins']?.split(',') ?? [];
  t.deepEqual(plugins, [...plugins].sort());
  t.true(plugins.includes('kubernetes.io/gce-pd') && plugins.includes('kubernetes.io/portworx-volume'));
});
