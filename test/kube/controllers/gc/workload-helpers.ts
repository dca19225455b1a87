// Pods, workload controllers and budgets as the disruption and quota tests build them, and a
// stand-in kubelet's status write marking a pod Ready.

import type { KubeObject, OwnerReference } from '../../../../protocols/kube/objects.ts';
import { updateCall } from '../../../../actors/client/index.ts';
import type { ControllerLoop } from '../loop.ts';

type Loop = ControllerLoop<any>;

export const controllerRef = (o: KubeObject): OwnerReference => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name!, uid: o.metadata.uid!, controller: true });

export function pod(loop: Loop, name: string, opts: { labels?: Record<string, string>; owner?: OwnerReference; ready?: boolean; ns?: string; resources?: object } = {}): KubeObject {
  const created = loop.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: opts.ns ?? 'default', labels: opts.labels ?? { app: 'web' }, ...(opts.owner ? { ownerReferences: [opts.owner] } : {}) },
    spec: { containers: [{ name: 'c', image: 'nginx', ...(opts.resources ? { resources: opts.resources } : {}) }] },
  });
  if (opts.ready === false) return created;
  const status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
  return loop.apply(updateCall({ ...created, status } as KubeObject, { subresource: 'status' }));
}

const template = (labels: Record<string, string>) => ({ metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });

export function workload(loop: Loop, kind: 'ReplicaSet' | 'Deployment' | 'StatefulSet' | 'ReplicationController', name: string, replicas: number, owner?: OwnerReference): KubeObject {
  const labels = { app: 'web' };
  const apiVersion = kind === 'ReplicationController' ? 'v1' : 'apps/v1';
  const selector = kind === 'ReplicationController' ? labels : { matchLabels: labels };
  return loop.create({
    apiVersion,
    kind,
    metadata: { name, namespace: 'default', ...(owner ? { ownerReferences: [owner] } : {}) },
    spec: { replicas, selector, template: template(labels), ...(kind === 'StatefulSet' ? { serviceName: name } : {}) },
  });
}

export function pdb(loop: Loop, name: string, spec: Record<string, unknown>): KubeObject {
  return loop.create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web' } }, ...spec } });
}
