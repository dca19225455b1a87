// VolumeRestrictions, with cases after Kubernetes' volume_restrictions_test.go: inline GCE PD, AWS
// EBS, RBD and iSCSI conflicts with pods on the node (read-only sharing where the source allows
// it), and ReadWriteOncePod claims already in use anywhere in the cluster.

import test from 'ava';
import type { Volume } from 'kubernetes-types/core/v1.d.ts';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { buildNodeInfo } from '../../../../actors/kube-scheduler/framework/nodeinfo.ts';
import type { NodeInfo, PluginStatus } from '../../../../actors/kube-scheduler/framework/types.ts';
import { ERR_REASON_DISK_CONFLICT, ERR_REASON_RWOP_CONFLICT, volumeRestrictions } from '../../../../actors/kube-scheduler/plugins/volumerestrictions/plugin.ts';
import { cluster, cycle, node, pvc } from './fixtures.ts';

let n = 0;
const podWith = (volumes: Volume[], nodeName?: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `p${n++}`, namespace: 'default' },
  spec: { containers: [{ name: 'c', image: 'nginx' }], volumes, ...(nodeName ? { nodeName } : {}) },
});
const onNode = (name: string, ...pods: Pod[]): NodeInfo => buildNodeInfo(node(name), pods);

/** PreFilter over `nodes` then Filter on the first: the code, or the reasons when rejected. */
function verdict(pod: Pod, nodes: NodeInfo[], claims = cluster([], [])): string {
  const state = cycle(claims);
  const pre = volumeRestrictions.preFilter(state, pod, nodes);
  if (pre.status.code !== 'Success') return statusText(pre.status);
  return statusText(volumeRestrictions.filter(state, pod, nodes[0]!));
}
const statusText = (s: PluginStatus): string => (s.code === 'Success' || s.code === 'Skip' ? s.code : `${s.code}: ${s.reasons.join()}`);
const DISK = `Unschedulable: ${ERR_REASON_DISK_CONFLICT}`;

const gce = (pdName: string, readOnly = false): Volume => ({ name: 'v', gcePersistentDisk: { pdName, readOnly } });
const ebs = (volumeID: string, readOnly = false): Volume => ({ name: 'v', awsElasticBlockStore: { volumeID, readOnly } });
const rbd = (monitors: string[], pool: string, image: string, readOnly = false): Volume => ({ name: 'v', rbd: { monitors, pool, image, readOnly } });
const iscsi = (iqn: string, readOnly = false): Volume => ({ name: 'v', iscsi: { targetPortal: '127.0.0.1:3260', iqn, lun: 0, readOnly } });

const conflictCases: [string, Volume, Volume, string][] = [
  ['GCE PD: the same disk', gce('foo'), gce('foo'), DISK],
  ['GCE PD: another disk', gce('bar'), gce('foo'), 'Success'],
  ['GCE PD: both read-only', gce('foo', true), gce('foo', true), 'Success'],
  ['GCE PD: one read-write', gce('foo', true), gce('foo'), DISK],
  ['AWS EBS: the same volume', ebs('foo'), ebs('foo'), DISK],
  ['AWS EBS: another volume', ebs('bar'), ebs('foo'), 'Success'],
  ['AWS EBS: even both read-only', ebs('foo', true), ebs('foo', true), DISK],
  ['RBD: a shared monitor, same pool and image', rbd(['a', 'b'], 'foo', 'bar'), rbd(['b', 'c'], 'foo', 'bar'), DISK],
  ['RBD: no shared monitor', rbd(['c', 'd'], 'foo', 'bar'), rbd(['a', 'b'], 'foo', 'bar'), 'Success'],
  ['RBD: another image', rbd(['a'], 'foo', 'baz'), rbd(['a'], 'foo', 'bar'), 'Success'],
  ['RBD: both read-only', rbd(['a'], 'foo', 'bar', true), rbd(['a'], 'foo', 'bar', true), 'Success'],
  ['iSCSI: the same IQN', iscsi('iqn.2016-12.server:storage.target01'), iscsi('iqn.2016-12.server:storage.target01'), DISK],
  ['iSCSI: another IQN', iscsi('iqn.2016-12.server:storage.target02'), iscsi('iqn.2016-12.server:storage.target01'), 'Success'],
  ['iSCSI: both read-only', iscsi('iqn.x', true), iscsi('iqn.x', true), 'Success'],
  ['different kinds never conflict', gce('foo'), ebs('foo'), 'Success'],
];

for (const [title, want, existing, expected] of conflictCases) {
  test(`VolumeRestrictions: ${title}`, (t) => {
    t.is(verdict(podWith([want]), [onNode('n1', podWith([existing], 'n1'))]), expected);
  });
}

test('VolumeRestrictions: pods without checked volumes or RWOP claims skip Filter', (t) => {
  t.is(verdict(podWith([]), [onNode('n1', podWith([gce('foo')], 'n1'))]), 'Skip');
  t.is(verdict(podWith([{ name: 'e', emptyDir: {} }]), [onNode('n1')]), 'Skip');
  // A volume it checks: Filter runs even on an empty node, and passes.
  t.is(verdict(podWith([gce('foo')]), [onNode('n1')]), 'Success');
});

const claimVol = (claimName: string): Volume => ({ name: claimName, persistentVolumeClaim: { claimName } });
const RWOP = `Unschedulable: ${ERR_REASON_RWOP_CONFLICT}`;

test('VolumeRestrictions: a ReadWriteOncePod claim in use by a pod on any node rejects every node', (t) => {
  const claims = cluster([], [pvc('rwop-1', '1Gi', { modes: ['ReadWriteOncePod'] }), pvc('rwop-2', '1Gi', { modes: ['ReadWriteOncePod'] }), pvc('rwo', '1Gi')]);
  const user = podWith([claimVol('rwop-1')], 'n2');
  const nodes = [onNode('n1'), onNode('n2', user)];
  t.is(verdict(podWith([claimVol('rwop-1')]), nodes, claims), RWOP);
  t.is(verdict(podWith([claimVol('rwop-2')]), nodes, claims), 'Skip');
  // ReadWriteOnce is VolumeBinding's and the kubelet's business, not this plugin's.
  const rwoNodes = [onNode('n1', podWith([claimVol('rwo')], 'n1'))];
  t.is(verdict(podWith([claimVol('rwo')]), rwoNodes, claims), 'Skip');
  // A claim of the same name in another namespace is another claim.
  const elsewhere = { ...podWith([claimVol('rwop-1')], 'n1'), metadata: { name: 'o', namespace: 'other' } };
  t.is(verdict(podWith([claimVol('rwop-1')]), [onNode('n1', elsewhere)], claims), 'Skip');
});

test('VolumeRestrictions: a missing claim is unresolvable', (t) => {
  t.is(verdict(podWith([claimVol('gone')]), [onNode('n1')]), 'UnschedulableAndUnresolvable: persistentvolumeclaim "gone" not found');
});

test('VolumeRestrictions: without its PreFilter state Filter is an error', (t) => {
  const s = volumeRestrictions.filter(cycle(cluster([], [])), podWith([gce('x')]), onNode('n1'));
  t.deepEqual(s, { code: 'Error', reasons: ['cannot read "PreFilterVolumeRestrictions" from cycleState'] });
});
