// The resourcequota-controller: every ResourceQuota's status.hard mirrors spec.hard and
// status.used counts what its namespace holds, written only when either changed. A quota is
// recalculated when it changes, when an object of a counted resource in its namespace changes
// (replenishment), and every --resource-quota-sync-period (5 minutes) regardless.

import type { KubeObject, ResourceQuota } from '../../../protocols/kube/objects.ts';
import { compareQuantities, formatQuantity } from '../../../protocols/kube/quantity.ts';
import { RESOURCES } from '../../../protocols/kube/resources.ts';
import { keyOf, type Listers, type Notification, type ReconcileResult, updateCall } from '../../client/index.ts';
import type { ControllerContext, ControllerDef } from '../context.ts';
import { type ResourceMap, toResourceMap } from '../../../protocols/kube/quota/pod-resources.ts';
import { type CountedResource, calculateUsage } from './usage.ts';

export const QUOTA_NAME = 'resourcequota-controller';
export const QUOTA_SYNC_PERIOD_MS = 5 * 60_000;
/** --concurrent-resource-quota-syncs. */
const WORKERS = 5;

/**
 * The resources whose usage is recounted: the ones with their own quota names, and the workloads
 * for count/<resource>.<group>. (Kubernetes starts a monitor for whatever a quota names; with
 * informers per controller that is too dear here, and another count/ name keeps the usage
 * admission recorded.)
 */
const COUNTED_NAMES: ReadonlySet<string> = new Set([
  '/pods', '/services', '/persistentvolumeclaims', '/configmaps', '/secrets', '/replicationcontrollers',
  'apps/deployments', 'apps/replicasets', 'apps/statefulsets', 'apps/daemonsets', 'batch/jobs', 'batch/cronjobs',
]);
export const COUNTED: readonly CountedResource[] = RESOURCES.filter((r) => COUNTED_NAMES.has(`${r.group}/${r.resource}`)).map((r) => ({
  informer: r.group === '' ? r.resource : `${r.resource}.${r.group}`,
  group: r.group,
  resource: r.resource,
}));

const QUOTAS = 'resourcequotas';

const sameList = (a: ResourceMap, b: ResourceMap) => a.size === b.size && [...a].every(([k, v]) => b.has(k) && compareQuantities(v, b.get(k)!) === 0);
const asRecord = (m: ResourceMap) => Object.fromEntries([...m.keys()].sort().map((k) => [k, formatQuantity(m.get(k)!)]));

export function reconcileQuota(key: string, listers: Listers, counted: readonly CountedResource[], nowMs: number): ReconcileResult {
  const quota = listers[QUOTAS]!.get(key) as ResourceQuota | undefined;
  if (quota === undefined) return { writes: [] };
  const hard = toResourceMap(quota.spec?.hard);
  const old = toResourceMap(quota.status?.used);
  const used: ResourceMap = new Map();
  const fresh = calculateUsage(quota, [...counted, { informer: QUOTAS, group: '', resource: QUOTAS }], listers, nowMs);
  // Usage no evaluator recalculated keeps its last value; names no longer hard are dropped.
  for (const name of hard.keys()) {
    const q = fresh.get(name) ?? old.get(name);
    if (q !== undefined) used.set(name, q);
  }
  const requeue = { requeueAfter: QUOTA_SYNC_PERIOD_MS };
  if (sameList(hard, toResourceMap(quota.status?.hard)) && sameList(used, old)) return { writes: [], ...requeue };
  const body = { ...(quota as KubeObject), status: { hard: asRecord(hard), used: asRecord(used) } } as KubeObject;
  return { writes: [updateCall(body, { subresource: 'status' })], ...requeue };
}

export function quotaKeys(informer: string, n: Notification, listers: Listers): string[] {
  if (informer === QUOTAS) return n.type === 'delete' ? [] : [keyOf(n.obj), ...listers[QUOTAS]!.namespace(n.obj.metadata.namespace!).list().map(keyOf)];
  const ns = n.obj.metadata.namespace;
  return ns ? listers[QUOTAS]!.namespace(ns).list().map(keyOf) : [];
}

export function quotaSpec(epochMs: number, counted: readonly CountedResource[] = COUNTED) {
  return {
    informers: [{ name: QUOTAS, resource: QUOTAS }, ...counted.map((c) => ({ name: c.informer, resource: c.informer }))],
    keysFor: quotaKeys,
    reconcile: (key: string, listers: Listers, now: number) => reconcileQuota(key, listers, counted, epochMs + now),
  };
}

export const resourceQuotaController: ControllerDef = {
  name: QUOTA_NAME,
  spec: (c: ControllerContext) => ({ ...quotaSpec(c.epochMs), client: c.client(QUOTA_NAME), component: QUOTA_NAME, epochMs: c.epochMs, workers: WORKERS }),
};
