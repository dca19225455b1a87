// The kubelet with --cloud-provider=external: it registers its Node with the taint
// node.cloudprovider.kubernetes.io/uninitialized=true:NoSchedule (after its --register-with-taints
// and kubeadm's control-plane taint), and once the cloud has set the Node's addresses it keeps
// them instead of its own. Without a cloud provider nothing changes.

import test from 'ava';
import type { HostConfig } from '../../../actors/kubelet/node/config.ts';
import { computeNodeStatus, nodeObject, UNINITIALIZED_TAINT } from '../../../actors/kubelet/node/node-object.ts';

const GiB = 1024 ** 3;
const base: HostConfig = { nodeName: 'worker-1', cpuCores: 4, memoryBytes: 8 * GiB, ephemeralStorageBytes: 100 * GiB, addresses: { ipv4: '10.0.0.3' }, podCIDRs: ['10.244.1.0/24'], controlPlane: false };
const T0 = 1_767_225_600_000;
const healthy = { memoryPressure: false, diskPressure: false, pidPressure: false, notReadyErrors: [] };
const show = (ts: readonly { key: string; value?: string; effect: string }[] | undefined) => (ts ?? []).map((t) => `${t.key}${t.value === undefined ? '' : `=${t.value}`}:${t.effect}`);

const rows: [string, Partial<HostConfig>, string[]][] = [
  ['a worker without a cloud provider: no taint', {}, []],
  ['a worker with an external cloud provider: uninitialized', { externalCloudProvider: true }, ['node.cloudprovider.kubernetes.io/uninitialized=true:NoSchedule']],
  ['a control plane without a cloud provider: kubeadm\'s taint only', { controlPlane: true }, ['node-role.kubernetes.io/control-plane:NoSchedule']],
  [
    'a control plane with an external cloud provider: kubeadm\'s taint, then uninitialized',
    { controlPlane: true, externalCloudProvider: true },
    ['node-role.kubernetes.io/control-plane:NoSchedule', 'node.cloudprovider.kubernetes.io/uninitialized=true:NoSchedule'],
  ],
  ['--register-with-taints come first', { externalCloudProvider: true, registerWithTaints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }] }, ['dedicated=gpu:NoExecute', 'node.cloudprovider.kubernetes.io/uninitialized=true:NoSchedule']],
  ['an uninitialized taint already registered is not doubled', { externalCloudProvider: true, registerWithTaints: [{ ...UNINITIALIZED_TAINT, effect: 'NoSchedule' }] }, ['node.cloudprovider.kubernetes.io/uninitialized=true:NoSchedule']],
];

for (const [name, extra, taints] of rows)
  test(`cloud-wiring: the registered Node's taints: ${name}`, (t) => {
    const node = nodeObject({ ...base, ...extra }, T0);
    t.deepEqual(show(node.spec?.taints), taints);
    if (taints.length === 0) t.false('taints' in (node.spec ?? {}));
  });

test('with an external cloud provider the kubelet keeps the addresses the cloud set; without one it writes its own', (t) => {
  const cloudSet = [
    { type: 'InternalIP', address: '10.0.0.3' },
    { type: 'ExternalIP', address: '198.51.100.7' },
    { type: 'Hostname', address: 'worker-1' },
  ];
  const previous = { addresses: cloudSet };
  t.deepEqual(computeNodeStatus({ ...base, externalCloudProvider: true }, previous, healthy, T0).status.addresses, cloudSet);
  t.deepEqual(computeNodeStatus(base, previous, healthy, T0).status.addresses, [
    { type: 'InternalIP', address: '10.0.0.3' },
    { type: 'Hostname', address: 'worker-1' },
  ]);
  // Before the cloud has said anything, the kubelet's own addresses stand in.
  t.deepEqual(computeNodeStatus({ ...base, externalCloudProvider: true }, undefined, healthy, T0).status.addresses, [
    { type: 'InternalIP', address: '10.0.0.3' },
    { type: 'Hostname', address: 'worker-1' },
  ]);
});
