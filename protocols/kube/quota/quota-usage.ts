// What an object costs against a ResourceQuota: the quota evaluators of pkg/quota/v1/evaluator/core
// and the generic object-count evaluator. Each says which operations change usage, which quota
// resource names it tracks, and the usage of one object. Pods cost `pods` and compute resources
// (while not terminal) plus `count/pods`; services cost load balancers and node ports; claims cost
// storage, also per storage class; every other resource costs `count/<resource>[.<group>]`.

import type { KubeObject, PersistentVolumeClaim, Pod, Service } from '../objects.ts';
import { type Quantity, wholeQuantity } from '../quantity.ts';
import { type Container, type ResourceMap, podLimits, podRequests, sortedKeys, toResourceMap } from './pod-resources.ts';
/** The admission operations an evaluator answers to (admission's Operation). */
export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface QuotaEvaluator {
  /** The operations that change this resource's usage. */
  readonly operations: readonly Operation[];
  /** Whether a quota resource name is one this evaluator accounts for (MatchingResources). */
  tracks(resourceName: string): boolean;
  usage(obj: KubeObject): ResourceMap;
  /** Required fields given the quota's tracked resources: an error message, or undefined. */
  constraints?(required: readonly string[], obj: KubeObject): string | undefined;
}

const one = (): Quantity => wholeQuantity(1);
/** count/pods for the core group, count/deployments.apps for others. */
export const objectCountName = (group: string, resource: string): string => (group === '' ? `count/${resource}` : `count/${resource}.${group}`);

// --- pods ---------------------------------------------------------------------------------------

const POD_RESOURCES = new Set([
  'pods', 'count/pods', 'cpu', 'memory', 'ephemeral-storage',
  'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
]);
/** Only these must be set on every container when a quota tracks them (a compatibility rule). */
const CONSTRAINED = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);

/** A resource name outside kubernetes.io, such as example.com/gpu (helper.IsExtendedResourceName). */
const isExtended = (name: string): boolean => name.includes('/') && !name.startsWith('requests.') && !name.startsWith('kubernetes.io/') && !name.includes('.kubernetes.io/');

function tracksPodResource(name: string): boolean {
  if (POD_RESOURCES.has(name)) return true;
  if (name.startsWith('hugepages-') || name.startsWith('requests.hugepages-')) return true;
  return name.startsWith('requests.') && isExtended(name.slice('requests.'.length));
}

/** podComputeUsageHelper: usage names for given requests and limits. */
function computeUsage(requests: ResourceMap, limits: ResourceMap): ResourceMap {
  const out: ResourceMap = new Map([['pods', one()]]);
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    const req = requests.get(r);
    if (req !== undefined) out.set(r, req).set(`requests.${r}`, req);
    const lim = limits.get(r);
    if (lim !== undefined) out.set(`limits.${r}`, lim);
  }
  for (const [r, q] of requests) {
    if (r.startsWith('hugepages-')) out.set(r, q).set(`requests.${r}`, q);
    if (isExtended(r)) out.set(`requests.${r}`, q);
  }
  return out;
}

/** Terminal pods no longer hold compute resources; they still count as objects. */
const isTerminal = (pod: Pod): boolean => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

function podConstraints(required: readonly string[], obj: KubeObject): string | undefined {
  const pod = obj as unknown as Pod;
  const needed = required.filter((r) => CONSTRAINED.has(r));
  const missing = new Map<string, Set<string>>();
  const check = (c: Container): void => {
    const have = computeUsage(toResourceMap(c.resources?.requests), toResourceMap(c.resources?.limits));
    for (const r of needed) if (!have.has(r)) (missing.get(r) ?? missing.set(r, new Set()).get(r)!).add(c.name);
  };
  for (const c of pod.spec?.containers ?? []) check(c);
  for (const c of pod.spec?.initContainers ?? []) check(c);
  if (missing.size === 0) return undefined;
  return `must specify ${sortedKeys(missing).map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`).join('; ')}`;
}

export const podEvaluator: QuotaEvaluator = {
  operations: ['CREATE'],
  tracks: tracksPodResource,
  usage(obj) {
    const pod = obj as unknown as Pod;
    const out: ResourceMap = new Map([['count/pods', one()]]);
    if (isTerminal(pod)) return out;
    for (const [k, v] of computeUsage(podRequests(pod, { overhead: true }), podLimits(pod, { overhead: true }))) out.set(k, v);
    return out;
  },
  constraints: podConstraints,
};

// --- services -----------------------------------------------------------------------------------

export const serviceEvaluator: QuotaEvaluator = {
  operations: ['CREATE', 'UPDATE'],
  tracks: (n) => ['services', 'count/services', 'services.loadbalancers', 'services.nodeports'].includes(n),
  usage(obj) {
    const spec = (obj as unknown as Service).spec ?? {};
    const out: ResourceMap = new Map([['services', one()], ['count/services', one()]]);
    const ports = spec.ports ?? [];
    if (spec.type === 'NodePort') out.set('services.nodeports', wholeQuantity(ports.length));
    if (spec.type === 'LoadBalancer') {
      out.set('services.loadbalancers', one());
      const nodePorts = spec.allocateLoadBalancerNodePorts === false ? ports.filter((p) => p.nodePort !== undefined && p.nodePort !== 0).length : ports.length;
      out.set('services.nodeports', wholeQuantity(nodePorts));
    }
    return out;
  },
};

// --- persistent volume claims ------------------------------------------------------------------

const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';

export const claimEvaluator: QuotaEvaluator = {
  operations: ['CREATE', 'UPDATE'],
  tracks: (n) =>
    ['persistentvolumeclaims', 'count/persistentvolumeclaims', 'requests.storage'].includes(n) ||
    n.endsWith(`${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`) ||
    n.endsWith(`${STORAGE_CLASS_SUFFIX}requests.storage`),
  usage(obj) {
    const pvc = obj as unknown as PersistentVolumeClaim;
    const out: ResourceMap = new Map([['persistentvolumeclaims', one()], ['count/persistentvolumeclaims', one()]]);
    const cls = pvc.spec?.storageClassName;
    if (cls) out.set(`${cls}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`, one());
    const storage = toResourceMap(pvc.spec?.resources?.requests).get('storage');
    if (storage !== undefined) {
      out.set('requests.storage', storage);
      if (cls) out.set(`${cls}${STORAGE_CLASS_SUFFIX}requests.storage`, storage);
    }
    return out;
  },
};

// --- everything else ----------------------------------------------------------------------------

/** Core resources quota also counts under their bare plural (legacy object-count names). */
const LEGACY_COUNT_NAMES = new Set(['configmaps', 'secrets', 'replicationcontrollers', 'resourcequotas']);

export function objectCountEvaluator(group: string, resource: string): QuotaEvaluator {
  const names = [objectCountName(group, resource), ...(group === '' && LEGACY_COUNT_NAMES.has(resource) ? [resource] : [])];
  return {
    operations: ['CREATE'],
    tracks: (n) => names.includes(n),
    usage: () => new Map(names.map((n) => [n, one()])),
  };
}

// Admission asks for the written resource's evaluator on every write, and the quota controller
// for each tracked resource on every sync: object-count ones are remembered by group and
// resource (bounded: resources come from CRDs too) instead of built each time.
const countEvaluators = new Map<string, Map<string, QuotaEvaluator>>();
let countEvaluatorsHeld = 0;

export function evaluatorFor(group: string, resource: string): QuotaEvaluator {
  if (group === '' && resource === 'pods') return podEvaluator;
  if (group === '' && resource === 'services') return serviceEvaluator;
  if (group === '' && resource === 'persistentvolumeclaims') return claimEvaluator;
  const known = countEvaluators.get(group)?.get(resource);
  if (known !== undefined) return known;
  if (countEvaluatorsHeld >= 1024) {
    countEvaluators.clear();
    countEvaluatorsHeld = 0;
  }
  let byResource = countEvaluators.get(group);
  if (byResource === undefined) countEvaluators.set(group, (byResource = new Map()));
  const evaluator = objectCountEvaluator(group, resource);
  byResource.set(resource, evaluator);
  countEvaluatorsHeld++;
  return evaluator;
}
