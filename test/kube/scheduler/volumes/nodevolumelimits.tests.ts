// NodeVolumeLimits, with cases after Kubernetes' csi_test.go (TestCSILimits): CSI volumes counted
// per driver against the CSINode's allocatable counts, volumes shared between pods counted once,
// unbound claims counted through their class, generic ephemeral volumes, in-tree volumes counted
// under their CSI driver, and the claims it cannot judge.

import test from 'ava';
import fc from 'fast-check';
import type { Volume } from 'kubernetes-types/core/v1.d.ts';
import type { CSINode, PersistentVolume, PersistentVolumeClaim, Pod } from '../../../../protocols/kube/objects.ts';
import { buildNodeInfo } from '../../../../actors/kube-scheduler/framework/nodeinfo.ts';
import type { ClusterObjects, PluginStatus } from '../../../../actors/kube-scheduler/framework/types.ts';
import { csiAttachLimitKey } from '../../../../actors/kube-scheduler/plugins/nodevolumelimits/attachable.ts';
import { ERR_REASON_MAX_VOLUME_COUNT_EXCEEDED, nodeVolumeLimits } from '../../../../actors/kube-scheduler/plugins/nodevolumelimits/plugin.ts';
import { cluster, cycle, node, pvc, sc } from './fixtures.ts';

const EBS = 'ebs.csi.aws.com';
const GCE = 'pd.csi.storage.gke.io';

const csiPV = (name: string, driver: string, handle = name, extra: Partial<NonNullable<PersistentVolume['spec']>> = {}): PersistentVolume => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name },
  spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], ...(Object.keys(extra).length > 0 ? extra : { csi: { driver, volumeHandle: handle } }) },
});
const boundTo = (claim: string, pv: string, cls = ''): PersistentVolumeClaim => pvc(claim, '1Gi', { volumeName: pv, bound: true, cls });
const csiNode = (name: string, counts: Record<string, number | undefined>, annotations?: Record<string, string>): CSINode => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'CSINode',
  metadata: { name, ...(annotations ? { annotations } : {}) },
  spec: { drivers: Object.entries(counts).map(([d, count]) => ({ name: d, nodeID: `${name}-${d}`, ...(count === undefined ? {} : { allocatable: { count } }) })) },
});

let seq = 0;
const claimVol = (claimName: string): Volume => ({ name: `v-${claimName}`, persistentVolumeClaim: { claimName } });
const podWith = (volumes: Volume[], nodeName?: string, meta: Partial<NonNullable<Pod['metadata']>> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `p${seq++}`, namespace: 'default', ...meta },
  spec: { containers: [{ name: 'c', image: 'nginx' }], volumes, ...(nodeName ? { nodeName } : {}) },
});

/** Filter on node n1 holding `existing`: the code, or the code and reasons when not Success. */
function verdict(c: ClusterObjects, pod: Pod, existing: Pod[], allocatable: Record<string, string> = {}): string {
  const n = { ...node('n1'), status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110', ...allocatable } } };
  const state = cycle(c);
  const pre = nodeVolumeLimits.preFilter(state, pod, []);
  if (pre.status.code !== 'Success') return pre.status.code;
  return text(nodeVolumeLimits.filter(state, pod, buildNodeInfo(n, existing)));
}
const text = (s: PluginStatus): string => (s.code === 'Success' ? s.code : `${s.code}: ${s.reasons.join()}`);
const EXCEEDED = `Unschedulable: ${ERR_REASON_MAX_VOLUME_COUNT_EXCEEDED}`;

// Four EBS volumes and one GCE PD, each behind a bound claim.
const PVS = [csiPV('ebs-0', EBS), csiPV('ebs-1', EBS), csiPV('ebs-2', EBS), csiPV('ebs-3', EBS), csiPV('gce-0', GCE)];
const CLAIMS = PVS.map((p) => boundTo(`c-${p.metadata!.name}`, p.metadata!.name!));
const vols = (...names: string[]) => names.map((nm) => claimVol(`c-${nm}`));
const withLimits = (counts: Record<string, number | undefined>, extraClaims: PersistentVolumeClaim[] = [], classes = [sc('ebs-sc', EBS)], pvs = PVS) =>
  cluster(pvs, [...CLAIMS, ...extraClaims], classes, [csiNode('n1', counts)]);

test('NodeVolumeLimits: fits when the limit covers attached and new volumes', (t) => {
  t.is(verdict(withLimits({ [EBS]: 4 }), podWith(vols('ebs-2', 'ebs-3')), [podWith(vols('ebs-0', 'ebs-1'), 'n1')]), 'Success');
});

test('NodeVolumeLimits: does not fit when it would exceed the limit', (t) => {
  t.is(verdict(withLimits({ [EBS]: 2 }), podWith(vols('ebs-2')), [podWith(vols('ebs-0', 'ebs-1'), 'n1')]), EXCEEDED);
  // The pod alone can be over the limit.
  t.is(verdict(withLimits({ [EBS]: 1 }), podWith(vols('ebs-0', 'ebs-1')), []), EXCEEDED);
});

test('NodeVolumeLimits: a volume already attached on the node is not new', (t) => {
  t.is(verdict(withLimits({ [EBS]: 2 }), podWith(vols('ebs-0', 'ebs-1')), [podWith(vols('ebs-0', 'ebs-1'), 'n1')]), 'Success');
  // Two claims naming volumes with one handle are one volume.
  const twin = [...PVS, csiPV('ebs-0-twin', EBS, 'ebs-0')];
  t.is(verdict(withLimits({ [EBS]: 1 }, [boundTo('c-twin', 'ebs-0-twin')], undefined, twin), podWith([claimVol('c-twin')]), [podWith(vols('ebs-0'), 'n1')]), 'Success');
});

test('NodeVolumeLimits: each driver has its own limit; a driver without one is not limited', (t) => {
  t.is(verdict(withLimits({ [EBS]: 2, [GCE]: 1 }), podWith(vols('gce-0')), [podWith(vols('ebs-0', 'ebs-1'), 'n1')]), 'Success');
  t.is(verdict(withLimits({ [EBS]: 2, [GCE]: 0 }), podWith(vols('gce-0')), []), EXCEEDED);
  t.is(verdict(withLimits({ [EBS]: undefined }), podWith(vols('ebs-2', 'ebs-3')), [podWith(vols('ebs-0', 'ebs-1'), 'n1')]), 'Success');
  t.is(verdict(cluster(PVS, CLAIMS), podWith(vols('ebs-2', 'ebs-3')), [podWith(vols('ebs-0', 'ebs-1'), 'n1')]), 'Success');
});

test('NodeVolumeLimits: without a CSINode the Node\'s attachable-volumes-csi-* allocatable is the limit', (t) => {
  const c = cluster(PVS, CLAIMS);
  const existing = [podWith(vols('ebs-0', 'ebs-1'), 'n1')];
  t.is(verdict(c, podWith(vols('ebs-2')), existing, { [`attachable-volumes-csi-${EBS}`]: '2' }), EXCEEDED);
  t.is(verdict(c, podWith(vols('ebs-2')), existing, { [`attachable-volumes-csi-${EBS}`]: '3' }), 'Success');
});

test('NodeVolumeLimits: unbound claims count through their class\'s provisioner, the same claim once', (t) => {
  const pending = [pvc('pending-a', '1Gi', { cls: 'ebs-sc' }), pvc('pending-b', '1Gi', { cls: 'ebs-sc' })];
  const c = withLimits({ [EBS]: 2 }, pending);
  t.is(verdict(c, podWith([claimVol('pending-a')]), [podWith(vols('ebs-0', 'ebs-1'), 'n1')]), EXCEEDED);
  t.is(verdict(c, podWith([claimVol('pending-a'), claimVol('pending-b')]), [podWith(vols('ebs-0'), 'n1')]), EXCEEDED);
  t.is(verdict(c, podWith([claimVol('pending-a')]), [podWith([claimVol('pending-a')], 'n1'), podWith(vols('ebs-0'), 'n1')]), 'Success');
  // A claim whose volume is gone falls back to its class too.
  const lost = [pvc('lost', '1Gi', { cls: 'ebs-sc', volumeName: 'missing-pv', bound: true })];
  t.is(verdict(withLimits({ [EBS]: 2 }, lost), podWith([claimVol('lost')]), [podWith(vols('ebs-0', 'ebs-1'), 'n1')]), EXCEEDED);
  // No class, or a class that does not exist: not counted.
  const classless = [pvc('nocls', '1Gi'), pvc('badcls', '1Gi', { cls: 'nope' })];
  t.is(verdict(withLimits({ [EBS]: 0 }, classless), podWith([claimVol('nocls'), claimVol('badcls')]), []), 'Success');
});

test('NodeVolumeLimits: generic ephemeral volumes use the pod\'s own claim', (t) => {
  const pod = podWith([{ name: 'xyz', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } }], undefined, { name: 'abc', uid: 'pod-uid' });
  const claim = (owner: string): PersistentVolumeClaim => {
    const c = pvc('abc-xyz', '1Gi', { cls: 'ebs-sc' });
    return { ...c, metadata: { ...c.metadata, ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'abc', uid: owner, controller: true }] } };
  };
  t.is(verdict(withLimits({ [EBS]: 2 }), pod, []), 'UnschedulableAndUnresolvable: looking up PVC default/abc-xyz: persistentvolumeclaim "abc-xyz" not found');
  t.is(verdict(withLimits({ [EBS]: 2 }, [claim('someone-else')]), pod, []), 'Error: PVC default/abc-xyz was not created for pod default/abc (pod is not owner)');
  t.is(verdict(withLimits({ [EBS]: 2 }, [claim('pod-uid')]), pod, [podWith(vols('ebs-0'), 'n1')]), 'Success');
  t.is(verdict(withLimits({ [EBS]: 2 }, [claim('pod-uid')]), pod, [podWith(vols('ebs-0', 'ebs-1'), 'n1')]), EXCEEDED);
});

test('NodeVolumeLimits: in-tree volumes count under their CSI driver once the node has a CSINode', (t) => {
  const inTree = (name: string, volumeID: string) => csiPV(name, '', '', { awsElasticBlockStore: { volumeID } });
  const pvs = [...PVS, inTree('tree-0', 'aws://us-east-1a/vol-0123'), inTree('tree-1', 'vol-0123')];
  const claims = [boundTo('c-tree-0', 'tree-0'), boundTo('c-tree-1', 'tree-1')];
  const existing = [podWith(vols('ebs-0'), 'n1')];
  t.is(verdict(withLimits({ [EBS]: 1 }, claims, undefined, pvs), podWith([claimVol('c-tree-0')]), existing), EXCEEDED);
  // Both spellings name the same EBS volume.
  t.is(verdict(withLimits({ [EBS]: 2 }, claims, undefined, pvs), podWith([claimVol('c-tree-0')]), [...existing, podWith([claimVol('c-tree-1')], 'n1')]), 'Success');
  // Without a CSINode the in-tree volume is not counted as the CSI driver's.
  t.is(verdict(cluster(pvs, [...CLAIMS, ...claims]), podWith([claimVol('c-tree-0')]), existing, { [`attachable-volumes-csi-${EBS}`]: '1' }), 'Success');
  // Inline: an in-tree source counts too, and a malformed ID is an error.
  const inline = (volumeID: string): Volume => ({ name: 'inline', awsElasticBlockStore: { volumeID } });
  t.is(verdict(withLimits({ [EBS]: 1 }), podWith([inline('vol-9')]), existing), EXCEEDED);
  t.is(verdict(withLimits({ [EBS]: 1 }), podWith([inline('aws://zone/not-a-volume')]), existing),
    'Error: converting volume(inline) from inline to csi: failed to translate Kubernetes ID to EBS Volume ID Invalid format for AWS volume (aws://zone/not-a-volume)');
  // Portworx only when the CSINode lists it as migrated.
  const px = podWith([{ name: 'px', portworxVolume: { volumeID: 'px-1' } }]);
  const pxNode = (annotations?: Record<string, string>) => cluster(PVS, CLAIMS, [], [csiNode('n1', { 'pxd.portworx.com': 0 }, annotations)]);
  t.is(verdict(pxNode(), px, []), 'Success');
  t.is(verdict(pxNode({ 'storage.alpha.kubernetes.io/migrated-plugins': 'kubernetes.io/aws-ebs,kubernetes.io/portworx-volume' }), px, []), EXCEEDED);
});

test('NodeVolumeLimits: pods with nothing to count skip Filter', (t) => {
  t.is(verdict(withLimits({ [EBS]: 0 }), podWith([]), []), 'Skip');
  t.is(verdict(withLimits({ [EBS]: 0 }), podWith([{ name: 'e', emptyDir: {} }, { name: 'h', hostPath: { path: '/x' } }]), []), 'Skip');
});

test('NodeVolumeLimits: the limit key of a long driver name is cut and hashed', (t) => {
  t.is(csiAttachLimitKey(EBS), 'attachable-volumes-csi-ebs.csi.aws.com');
  const long = 'a-very-long-csi-driver-name.storage.example.com';
  const key = csiAttachLimitKey(long);
  t.true(key.startsWith('attachable-volumes-csi-a-very-long-csi-driver'));
  t.is(key.length, 23 + 23 + 16);
});

test('NodeVolumeLimits property: a pod fits exactly when it brings nothing new or the distinct volumes stay within the limit', (t) => {
  const handles = ['h0', 'h1', 'h2', 'h3', 'h4', 'h5'];
  const pvs = handles.map((h) => csiPV(h, EBS));
  const claims = handles.map((h) => boundTo(`c-${h}`, h));
  const subset = fc.subarray(handles);
  fc.assert(
    fc.property(fc.array(subset, { maxLength: 3 }), subset, fc.nat(7), (existing, wanted, limit) => {
      const c = cluster(pvs, claims, [], [csiNode('n1', { [EBS]: limit })]);
      const got = verdict(c, podWith(wanted.map((h) => claimVol(`c-${h}`))), existing.map((hs) => podWith(hs.map((h) => claimVol(`c-${h}`)), 'n1')));
      const attached = new Set(existing.flat());
      const fresh = wanted.filter((h) => !attached.has(h));
      const fits = fresh.length === 0 || attached.size + fresh.length <= limit;
      t.is(got, wanted.length === 0 ? 'Skip' : fits ? 'Success' : EXCEEDED);
    }),
    { numRuns: 200 },
  );
});
