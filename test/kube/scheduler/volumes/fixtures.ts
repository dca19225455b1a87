// Builders for the volume plugins' and matching tests: PVs, PVCs and classes as the informers
// would hold them (statuses set), a ClusterObjects over them, and a cycle state holding it.

import type { CSINode, Node, PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../../../protocols/kube/objects.ts';
import { CLUSTER_STATE_KEY, type ClusterObjects, type CycleState, type NodeInfo } from '../../../../actors/kube-scheduler/framework/types.ts';
import { nodeInfo } from '../filters/fixtures.ts';

export interface PVOpts {
  modes?: string[];
  cls?: string;
  labels?: Record<string, string>;
  claimRef?: { namespace: string; name: string; uid?: string };
  phase?: string;
  mode?: 'Block' | 'Filesystem';
  /** kubernetes.io/hostname values the volume is pinned to. */
  hosts?: string[];
  rv?: string;
}

export const pv = (name: string, size: string, o: PVOpts = {}): PersistentVolume => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name, resourceVersion: o.rv ?? '1', ...(o.labels ? { labels: o.labels } : {}) },
  spec: {
    capacity: { storage: size },
    accessModes: o.modes ?? ['ReadWriteOnce'],
    storageClassName: o.cls ?? '',
    hostPath: { path: `/data/${name}` },
    ...(o.claimRef ? { claimRef: o.claimRef } : {}),
    ...(o.mode ? { volumeMode: o.mode } : {}),
    ...(o.hosts ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: o.hosts }] }] } } } : {}),
  },
  status: { phase: o.phase ?? (o.claimRef?.uid ? 'Bound' : 'Available') },
});

export interface PVCOpts {
  modes?: string[];
  cls?: string;
  volumeName?: string;
  bound?: boolean;
  selector?: PersistentVolumeClaim['spec'] extends infer S ? (S extends { selector?: infer L } ? L : never) : never;
  annotations?: Record<string, string>;
  mode?: 'Block' | 'Filesystem';
  uid?: string;
  phase?: string;
  rv?: string;
}

export const pvc = (name: string, size: string, o: PVCOpts = {}): PersistentVolumeClaim => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: {
    name,
    namespace: 'default',
    uid: o.uid ?? `uid-${name}`,
    resourceVersion: o.rv ?? '1',
    annotations: { ...(o.bound ? { 'pv.kubernetes.io/bind-completed': 'yes' } : {}), ...o.annotations },
  },
  spec: {
    accessModes: o.modes ?? ['ReadWriteOnce'],
    resources: { requests: { storage: size } },
    storageClassName: o.cls ?? '',
    ...(o.volumeName ? { volumeName: o.volumeName } : {}),
    ...(o.selector ? { selector: o.selector } : {}),
    ...(o.mode ? { volumeMode: o.mode } : {}),
  },
  status: { phase: o.phase ?? (o.bound ? 'Bound' : 'Pending') },
});

export const sc = (name: string, provisioner: string, mode: 'Immediate' | 'WaitForFirstConsumer' = 'WaitForFirstConsumer', extra: Partial<StorageClass> = {}): StorageClass => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name },
  provisioner,
  volumeBindingMode: mode,
  reclaimPolicy: 'Delete',
  ...extra,
});

export function cluster(pvs: PersistentVolume[], pvcs: PersistentVolumeClaim[], classes: StorageClass[] = [], csiNodes: CSINode[] = []): ClusterObjects {
  return {
    csiNode: (name) => csiNodes.find((c) => c.metadata?.name === name),
    persistentVolumeClaim: (ns, name) => pvcs.find((c) => c.metadata?.namespace === ns && c.metadata?.name === name),
    persistentVolumes: () => pvs,
    storageClass: (name) => classes.find((c) => c.metadata?.name === name),
    podDisruptionBudgets: () => [],
  };
}

export const cycle = (c: ClusterObjects): CycleState => new Map<string, unknown>([[CLUSTER_STATE_KEY, c]]);

export const node = (name: string, labels: Record<string, string> = {}): Node => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
});

export const info = (name: string, labels: Record<string, string> = {}): NodeInfo => nodeInfo(node(name, labels));
