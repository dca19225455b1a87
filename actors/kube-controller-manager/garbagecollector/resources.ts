// What the garbage collector watches and how it finds an owner. Kubernetes watches every
// deletable resource (GetDeletableResources); here, where each controller keeps its own informers,
// the kinds that own or are owned in a running cluster: the workloads and what they make, Services
// and their endpoints, configuration, claims, Leases and the Nodes that own node Leases. An
// ownerReference is looked up through the informer of the resource its apiVersion and kind name;
// a kind not served, or not watched, resolves to nothing and keeps its dependents.

import type { KubeObject, OwnerReference } from '../../../protocols/kube/objects.ts';
import { RESOURCES, type ResourceInfo, resourceForKind } from '../../../protocols/kube/resources.ts';
import type { InformerSpec } from '../../client/index.ts';

const COLLECTED: ReadonlySet<string> = new Set([
  '/pods', 'apps/replicasets', 'apps/deployments', 'apps/daemonsets', 'apps/statefulsets', 'apps/controllerrevisions', 'batch/jobs', 'batch/cronjobs',
  '/replicationcontrollers', '/services', '/endpoints', 'discovery.k8s.io/endpointslices', '/configmaps', '/secrets', '/serviceaccounts',
  '/persistentvolumeclaims', 'coordination.k8s.io/leases', '/nodes',
]);

/** The informer's name, also the first part of a work-queue key: `replicasets.apps`, `pods`. */
export const informerName = (r: Pick<ResourceInfo, 'group' | 'resource'>): string => (r.group === '' ? r.resource : `${r.resource}.${r.group}`);

/** The collected resources the table serves with the verbs the collector needs. */
export function deletableResources(): ResourceInfo[] {
  return RESOURCES.filter((r) => ['delete', 'list', 'watch'].every((v) => r.verbs.includes(v as never)) && COLLECTED.has(`${r.group}/${r.resource}`));
}

export function gcInformers(resources: readonly ResourceInfo[] = deletableResources()): InformerSpec[] {
  return resources.map((r) => ({ name: informerName(r), resource: informerName(r) }));
}

/** A work-queue key names the informer and the object: `replicasets.apps|default/web-7d4b9c`. */
export const itemKey = (informer: string, objKey: string): string => `${informer}|${objKey}`;

export function splitItemKey(key: string): { informer: string; objKey: string } {
  const at = key.indexOf('|');
  return { informer: key.slice(0, at), objKey: key.slice(at + 1) };
}

/** Where the owner a reference names lives, as seen from `dependent`. */
export type OwnerLocation =
  | { readonly kind: 'located'; readonly resource: ResourceInfo; readonly informer: string; readonly objKey: string; readonly namespace?: string }
  /** The apiVersion/kind is not served: the garbage collector cannot tell, and leaves the dependent alone. */
  | { readonly kind: 'unknown' }
  /** A cluster-scoped dependent naming a namespaced owner: never valid, never retried. */
  | { readonly kind: 'invalidNamespace' };

export function locateOwner(ref: OwnerReference, dependent: KubeObject): OwnerLocation {
  const resource = resourceForKind(ref.apiVersion, ref.kind);
  if (resource === undefined) return { kind: 'unknown' };
  const ns = dependent.metadata.namespace;
  if (resource.namespaced && (ns === undefined || ns === '')) return { kind: 'invalidNamespace' };
  const informer = informerName(resource);
  if (!resource.namespaced) return { kind: 'located', resource, informer, objKey: ref.name };
  return { kind: 'located', resource, informer, objKey: `${ns}/${ref.name}`, namespace: ns! };
}
