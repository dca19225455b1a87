// The resource table: every built-in resource the cluster serves, as the discovery API of
// Kubernetes v1.32 describes it (`kubectl api-resources -o wide`): group, version, kind, plural,
// singular, short names, scope, verbs, categories and subresources. Everything that maps names
// to resources (the apiserver's routes, kubectl-style resolution, etcd keys, RBAC) reads this one
// table, so a resource is added here and nowhere else.

export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

export interface SubresourceInfo {
  readonly name: string;
  /** The kind the subresource's requests carry: pods/eviction takes a policy/v1 Eviction. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly verbs: readonly Verb[];
}

export interface ResourceInfo {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The plural: the resource's name in URLs, RBAC rules and etcd keys. */
  readonly resource: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly namespaced: boolean;
  readonly verbs: readonly Verb[];
  readonly categories: readonly string[];
  readonly subresources: readonly SubresourceInfo[];
  /** Served for a CustomResourceDefinition (stored under `/registry/<group>/<plural>`). */
  readonly custom?: boolean;
}

const ALL_VERBS: readonly Verb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const NO_COLLECTION_DELETE: readonly Verb[] = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const GET_PATCH_UPDATE: readonly Verb[] = ['get', 'patch', 'update'];

const status = (r: { group: string; version: string; kind: string }): SubresourceInfo => ({ name: 'status', ...r, verbs: GET_PATCH_UPDATE });
const scale: SubresourceInfo = { name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: GET_PATCH_UPDATE };
const core = (kind: string, verbs: readonly Verb[]): SubresourceInfo => ({ name: '', group: '', version: 'v1', kind, verbs });
const named = (name: string, s: SubresourceInfo): SubresourceInfo => ({ ...s, name });
const PROXY_VERBS: readonly Verb[] = ['create', 'delete', 'get', 'patch', 'update'];
const CONNECT_VERBS: readonly Verb[] = ['create', 'get'];

interface Row {
  group: string;
  version: string;
  kind: string;
  resource: string;
  shortNames?: readonly string[];
  namespaced: boolean;
  verbs?: readonly Verb[];
  categories?: readonly string[];
  /** Subresources other than `status`. */
  subresources?: readonly SubresourceInfo[];
  /** Every kind with a status has a status subresource, unless this says otherwise. */
  hasStatus?: boolean;
}

function row(r: Row): ResourceInfo {
  const own = { group: r.group, version: r.version, kind: r.kind };
  const subs = [...(r.hasStatus === false ? [] : [status(own)]), ...(r.subresources ?? [])];
  return {
    group: r.group,
    version: r.version,
    kind: r.kind,
    resource: r.resource,
    singular: r.kind.toLowerCase(),
    shortNames: r.shortNames ?? [],
    namespaced: r.namespaced,
    verbs: r.verbs ?? ALL_VERBS,
    categories: r.categories ?? [],
    subresources: subs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}

const ALL = ['all'];

/** In discovery's order: the core group first, then the groups by name, as kubectl lists them. */
export const RESOURCES: readonly ResourceInfo[] = [
  row({ group: '', version: 'v1', kind: 'Binding', resource: 'bindings', namespaced: true, verbs: ['create'], hasStatus: false }),
  row({ group: '', version: 'v1', kind: 'ConfigMap', resource: 'configmaps', shortNames: ['cm'], namespaced: true, hasStatus: false }),
  row({ group: '', version: 'v1', kind: 'Endpoints', resource: 'endpoints', shortNames: ['ep'], namespaced: true, hasStatus: false }),
  row({ group: '', version: 'v1', kind: 'Event', resource: 'events', shortNames: ['ev'], namespaced: true, hasStatus: false }),
  row({ group: '', version: 'v1', kind: 'LimitRange', resource: 'limitranges', shortNames: ['limits'], namespaced: true, hasStatus: false }),
  row({
    group: '', version: 'v1', kind: 'Namespace', resource: 'namespaces', shortNames: ['ns'], namespaced: false, verbs: NO_COLLECTION_DELETE,
    subresources: [named('finalize', core('Namespace', ['update']))],
  }),
  row({ group: '', version: 'v1', kind: 'Node', resource: 'nodes', shortNames: ['no'], namespaced: false, subresources: [named('proxy', core('NodeProxyOptions', PROXY_VERBS))] }),
  row({ group: '', version: 'v1', kind: 'PersistentVolumeClaim', resource: 'persistentvolumeclaims', shortNames: ['pvc'], namespaced: true }),
  row({ group: '', version: 'v1', kind: 'PersistentVolume', resource: 'persistentvolumes', shortNames: ['pv'], namespaced: false }),
  row({
    group: '', version: 'v1', kind: 'Pod', resource: 'pods', shortNames: ['po'], namespaced: true, categories: ALL,
    subresources: [
      named('attach', core('PodAttachOptions', CONNECT_VERBS)),
      named('binding', core('Binding', ['create'])),
      named('ephemeralcontainers', core('Pod', GET_PATCH_UPDATE)),
      { name: 'eviction', group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] },
      named('exec', core('PodExecOptions', CONNECT_VERBS)),
      named('log', core('Pod', ['get'])),
      named('portforward', core('PodPortForwardOptions', CONNECT_VERBS)),
      named('proxy', core('PodProxyOptions', PROXY_VERBS)),
    ],
  }),
  row({ group: '', version: 'v1', kind: 'ReplicationController', resource: 'replicationcontrollers', shortNames: ['rc'], namespaced: true, categories: ALL, subresources: [scale] }),
  row({ group: '', version: 'v1', kind: 'ResourceQuota', resource: 'resourcequotas', shortNames: ['quota'], namespaced: true }),
  row({ group: '', version: 'v1', kind: 'Secret', resource: 'secrets', namespaced: true, hasStatus: false }),
  row({
    group: '', version: 'v1', kind: 'ServiceAccount', resource: 'serviceaccounts', shortNames: ['sa'], namespaced: true, hasStatus: false,
    subresources: [{ name: 'token', group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] }],
  }),
  row({
    group: '', version: 'v1', kind: 'Service', resource: 'services', shortNames: ['svc'], namespaced: true, categories: ALL,
    subresources: [named('proxy', core('ServiceProxyOptions', PROXY_VERBS))],
  }),
  row({
    group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition', resource: 'customresourcedefinitions',
    shortNames: ['crd', 'crds'], namespaced: false, categories: ['api-extensions'],
  }),
  row({ group: 'apiregistration.k8s.io', version: 'v1', kind: 'APIService', resource: 'apiservices', namespaced: false, categories: ['api-extensions'] }),
  row({ group: 'apps', version: 'v1', kind: 'ControllerRevision', resource: 'controllerrevisions', namespaced: true, hasStatus: false }),
  row({ group: 'apps', version: 'v1', kind: 'DaemonSet', resource: 'daemonsets', shortNames: ['ds'], namespaced: true, categories: ALL }),
  row({ group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments', shortNames: ['deploy'], namespaced: true, categories: ALL, subresources: [scale] }),
  row({ group: 'apps', version: 'v1', kind: 'ReplicaSet', resource: 'replicasets', shortNames: ['rs'], namespaced: true, categories: ALL, subresources: [scale] }),
  row({ group: 'apps', version: 'v1', kind: 'StatefulSet', resource: 'statefulsets', shortNames: ['sts'], namespaced: true, categories: ALL, subresources: [scale] }),
  row({ group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', resource: 'horizontalpodautoscalers', shortNames: ['hpa'], namespaced: true, categories: ALL }),
  row({ group: 'batch', version: 'v1', kind: 'CronJob', resource: 'cronjobs', shortNames: ['cj'], namespaced: true, categories: ALL }),
  row({ group: 'batch', version: 'v1', kind: 'Job', resource: 'jobs', namespaced: true, categories: ALL }),
  row({ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', resource: 'leases', namespaced: true, hasStatus: false }),
  row({ group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', resource: 'endpointslices', namespaced: true, hasStatus: false }),
  row({ group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', resource: 'poddisruptionbudgets', shortNames: ['pdb'], namespaced: true }),
  row({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding', resource: 'clusterrolebindings', namespaced: false, hasStatus: false }),
  row({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', resource: 'clusterroles', namespaced: false, hasStatus: false }),
  row({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', resource: 'rolebindings', namespaced: true, hasStatus: false }),
  row({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', resource: 'roles', namespaced: true, hasStatus: false }),
  row({ group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass', resource: 'priorityclasses', shortNames: ['pc'], namespaced: false, hasStatus: false }),
  row({ group: 'storage.k8s.io', version: 'v1', kind: 'CSINode', resource: 'csinodes', namespaced: false, hasStatus: false }),
  row({ group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass', resource: 'storageclasses', shortNames: ['sc'], namespaced: false, hasStatus: false }),
];

/** `v1`, `apps/v1`: the apiVersion objects of this resource carry. */
export const apiVersionOf = (r: { group: string; version: string }): string => (r.group === '' ? r.version : `${r.group}/${r.version}`);

/** The resource an object of this apiVersion and kind is stored as, if the cluster serves it. */
export function resourceForKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => apiVersionOf(r) === apiVersion && r.kind === kind);
}

export function resourceFor(group: string, resource: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.group === group && r.resource === resource);
}

export function subresourceOf(r: ResourceInfo, name: string): SubresourceInfo | undefined {
  return r.subresources.find((s) => s.name === name);
}
