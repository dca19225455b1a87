// Where the apiserver keeps objects in etcd: `/registry/<prefix>/<namespace>/<name>`, or
// `/registry/<prefix>/<name>` for a cluster-scoped resource. The prefix is the plural, except
// where Kubernetes' storage says otherwise, kept here so that a dump of our etcd reads like a real
// cluster's:
//
// - kube-apiserver's SpecialDefaultResourcePrefixes (pkg/kubeapiserver/
//   default_storage_factory_builder.go), names kept from Kubernetes' first releases:
//   services → `services/specs`, endpoints → `services/endpoints`, nodes → `minions`,
//   replicationcontrollers → `controllers`, ingresses → `ingress`.
// - Resources served by the apiextensions and aggregator servers are stored under their group:
//   CustomResourceDefinitions at `/registry/apiextensions.k8s.io/customresourcedefinitions/<name>`,
//   APIServices at `/registry/apiregistration.k8s.io/apiservices/<name>`, and every custom
//   resource at `/registry/<group>/<plural>/…` (test/integration/etcd/data.go lists the paths).
// - Everything else, leases included (`/registry/leases/kube-node-lease/worker-1`), uses its
//   plural without its group: `/registry/deployments/default/web`.
// events.k8s.io Events share core Events' `/registry/events` (cohabiting resources); the table
// serves only the core ones.

import type { ResourceInfo } from './resources.ts';

export const REGISTRY_ROOT = '/registry';

const SPECIAL_PREFIXES: ReadonlyMap<string, string> = new Map([
  ['/replicationcontrollers', 'controllers'],
  ['/endpoints', 'services/endpoints'],
  ['/nodes', 'minions'],
  ['/services', 'services/specs'],
  ['extensions/ingresses', 'ingress'],
  ['networking.k8s.io/ingresses', 'ingress'],
]);

/** Groups whose resources, built in or custom, are stored under `<group>/<plural>`. */
const GROUP_QUALIFIED: ReadonlySet<string> = new Set(['apiextensions.k8s.io', 'apiregistration.k8s.io']);

/** The key prefix of a resource, without a trailing slash: `/registry/services/specs`. */
export function storagePrefix(r: Pick<ResourceInfo, 'group' | 'resource'> & { readonly custom?: boolean }, custom = r.custom ?? false): string {
  const special = SPECIAL_PREFIXES.get(`${r.group}/${r.resource}`);
  if (special !== undefined) return `${REGISTRY_ROOT}/${special}`;
  if (custom || GROUP_QUALIFIED.has(r.group)) return `${REGISTRY_ROOT}/${r.group}/${r.resource}`;
  return `${REGISTRY_ROOT}/${r.resource}`;
}

/** An object's key. A namespace is required for a namespaced resource and refused otherwise. */
export function storageKey(r: Pick<ResourceInfo, 'group' | 'resource' | 'namespaced' | 'custom'>, namespace: string, name: string, custom = r.custom ?? false): string {
  if (r.namespaced === (namespace === '')) {
    throw new Error(`${r.resource} ${r.namespaced ? 'needs a namespace' : 'is cluster-scoped and takes no namespace'} (name "${name}")`);
  }
  const prefix = storagePrefix(r, custom);
  return namespace === '' ? `${prefix}/${name}` : `${prefix}/${namespace}/${name}`;
}

/**
 * The range to list: a namespace's objects, or all of them (namespace ''). It ends with a slash,
 * as the apiserver's does, so `pods` never lists `podtemplates`.
 */
export function storageListPrefix(r: Pick<ResourceInfo, 'group' | 'resource' | 'namespaced' | 'custom'>, namespace = '', custom = r.custom ?? false): string {
  const prefix = storagePrefix(r, custom);
  return namespace === '' ? `${prefix}/` : `${prefix}/${namespace}/`;
}
