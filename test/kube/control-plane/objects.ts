// Small object builders for the invariant tables: just the fields the checks read.

import type { KubeObject } from '../../../protocols/kube/objects.ts';
import type { ObjectsView } from '../../../scenarios/checks/control-plane-invariants.ts';

const owner = (kind: string, uid: string) => [{ apiVersion: 'apps/v1', kind, name: uid, uid, controller: true }];

export function deployment(replicas: number, rollingUpdate: Record<string, number | string> = {}, uid = 'd1'): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', uid }, spec: { replicas, strategy: { type: 'RollingUpdate', rollingUpdate } } };
}

/** A ReplicaSet of the Deployment; with `size`, its spec.replicas and the status.replicas it has observed (at its generation). */
export const replicaSet = (uid: string, deploymentUid = 'd1', size?: { spec: number; status: number; available?: number }): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `web-${uid}`, namespace: 'default', uid, ownerReferences: owner('Deployment', deploymentUid), ...(size ? { generation: 2 } : {}) },
  ...(size ? { spec: { replicas: size.spec }, status: { replicas: size.status, availableReplicas: size.available ?? size.status, observedGeneration: 2 } } : {}),
});

export interface PodOptions {
  readonly owner?: { kind: string; uid: string };
  readonly node?: string;
  readonly ready?: boolean;
  readonly phase?: string;
  readonly deleting?: boolean;
  readonly cpu?: string;
  readonly uid?: string;
}

export function pod(name: string, o: PodOptions = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name, namespace: 'default', uid: o.uid ?? `uid-${name}`,
      ...(o.owner ? { ownerReferences: owner(o.owner.kind, o.owner.uid) } : {}),
      ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:10Z' } : {}),
    },
    spec: { ...(o.node ? { nodeName: o.node } : {}), containers: [{ name: 'c', image: 'nginx', ...(o.cpu ? { resources: { requests: { cpu: o.cpu } } } : {}) }] },
    status: { phase: o.phase ?? 'Running', conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
  };
}

export const node = (name: string, cpu: string): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, uid: `node-${name}` }, status: { allocatable: { cpu, memory: '16Gi', pods: '110' } } });

/** A view of the objects given, each collection keyed by name. */
export function view(objects: readonly KubeObject[]): ObjectsView {
  const of = (kind: string) => new Map(objects.filter((o) => o.kind === kind).map((o) => [o.metadata.name!, o] as const));
  return { pods: of('Pod'), deployments: of('Deployment'), replicasets: of('ReplicaSet'), statefulsets: of('StatefulSet'), jobs: of('Job'), nodes: of('Node') };
}

/** `n` web pods of ReplicaSet `rs`, `ready` of them Ready. */
export const webPods = (rs: string, n: number, ready = n, from = 0): KubeObject[] =>
  Array.from({ length: n }, (_, i) => pod(`web-${rs}-${from + i}`, { owner: { kind: 'ReplicaSet', uid: rs }, ready: i < ready }));
