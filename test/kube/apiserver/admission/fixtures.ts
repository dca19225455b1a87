// Builders for admission tests: a cluster's cached objects as listers, and request attributes.

import type {
  AdmissionAttributes,
  AdmissionContext,
  AdmissionListers,
  Operation,
  UserInfo,
} from '../../../../actors/kube-apiserver/admission/types.ts';
import type {
  KubeObject,
  LimitRange,
  Namespace,
  Node,
  PersistentVolumeClaim,
  Pod,
  PriorityClass,
  ResourceQuota,
  ServiceAccount,
  StorageClass,
} from '../../../../protocols/kube/objects.ts';

export interface Cluster {
  namespaces?: Namespace[];
  limitRanges?: LimitRange[];
  quotas?: ResourceQuota[];
  serviceAccounts?: ServiceAccount[];
  storageClasses?: StorageClass[];
  priorityClasses?: PriorityClass[];
  pods?: Pod[];
  nodes?: Node[];
  /** Objects by `<group>/<resource>`, for quota counting. */
  objects?: Record<string, KubeObject[]>;
}

const inNs = <T extends { metadata?: { namespace?: string } }>(list: T[] | undefined, ns: string): T[] => (list ?? []).filter((o) => o.metadata?.namespace === ns);

export function listers(c: Cluster): AdmissionListers {
  return {
    namespace: (name) => c.namespaces?.find((n) => n.metadata?.name === name),
    limitRanges: (ns) => inNs(c.limitRanges, ns),
    resourceQuotas: (ns) => inNs(c.quotas, ns),
    serviceAccount: (ns, name) => inNs(c.serviceAccounts, ns).find((s) => s.metadata?.name === name),
    storageClasses: () => c.storageClasses ?? [],
    priorityClasses: () => c.priorityClasses ?? [],
    pod: (ns, name) => inNs(c.pods, ns).find((p) => p.metadata?.name === name),
    node: (name) => c.nodes?.find((n) => n.metadata?.name === name),
    ...(c.objects === undefined ? {} : { objects: (group: string, resource: string, ns: string) => inNs(c.objects![`${group}/${resource}`], ns) }),
  };
}

/** A pick that walks 0, 1, 2, … so generated names are predictable. */
export function counter(): (n: number) => number {
  let i = 0;
  return (n) => i++ % n;
}

export const ctx = (c: Cluster = {}, pick: (n: number) => number = counter()): AdmissionContext => ({ listers: listers(c), now: '2026-01-01T00:00:00Z', pick });

export const ADMIN: UserInfo = { name: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };
export const kubelet = (node: string): UserInfo => ({ name: `system:node:${node}`, groups: ['system:nodes', 'system:authenticated'] });

const KINDS: Record<string, { group: string; version: string; kind: string }> = {
  pods: { group: '', version: 'v1', kind: 'Pod' },
  nodes: { group: '', version: 'v1', kind: 'Node' },
  namespaces: { group: '', version: 'v1', kind: 'Namespace' },
  services: { group: '', version: 'v1', kind: 'Service' },
  configmaps: { group: '', version: 'v1', kind: 'ConfigMap' },
  secrets: { group: '', version: 'v1', kind: 'Secret' },
  persistentvolumeclaims: { group: '', version: 'v1', kind: 'PersistentVolumeClaim' },
  deployments: { group: 'apps', version: 'v1', kind: 'Deployment' },
  priorityclasses: { group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass' },
  leases: { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' },
};

export interface Request {
  operation?: Operation;
  resource: string;
  subresource?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  object?: KubeObject;
  oldObject?: KubeObject;
  user?: UserInfo;
  dryRun?: boolean;
}

export function attrs(r: Request): AdmissionAttributes {
  const k = KINDS[r.resource]!;
  return {
    operation: r.operation ?? 'CREATE',
    resource: { group: k.group, version: k.version, resource: r.resource, subresource: r.subresource ?? '', kind: r.kind ?? k.kind },
    namespace: r.namespace ?? '',
    name: r.name ?? r.object?.metadata.name ?? '',
    ...(r.object === undefined ? {} : { object: structuredClone(r.object) }),
    ...(r.oldObject === undefined ? {} : { oldObject: r.oldObject }),
    user: r.user ?? ADMIN,
    dryRun: r.dryRun ?? false,
  };
}

type Resources = { requests?: Record<string, string>; limits?: Record<string, string> };

export function pod(name: string, containers: Record<string, Resources> = { nginx: {} }, extra: Partial<NonNullable<Pod['spec']>> = {}, ns = 'default'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns },
    spec: { containers: Object.entries(containers).map(([n, resources]) => ({ name: n, image: 'nginx', ...(Object.keys(resources).length ? { resources } : {}) })), ...extra },
  };
}

export const podCreate = (p: KubeObject, extra: Partial<Request> = {}): AdmissionAttributes =>
  attrs({ resource: 'pods', namespace: p.metadata.namespace ?? 'default', object: p, ...extra });

export const namespace = (name: string, phase: 'Active' | 'Terminating' = 'Active'): Namespace => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name }, status: { phase } });

export const specOf = (o: KubeObject | undefined): NonNullable<Pod['spec']> => (o as unknown as Pod).spec!;
export const claim = (name: string, spec: NonNullable<PersistentVolumeClaim['spec']>, ns = 'default'): KubeObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: ns }, spec });
