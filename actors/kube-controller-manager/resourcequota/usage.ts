// A namespace's usage of the resources one ResourceQuota limits, as CalculateUsage works it out:
// for every watched resource whose evaluator tracks one of the quota's hard names, the usage of
// each of the namespace's objects the quota's scopes apply to, summed; a tracked name with no
// object is used 0. Pods past their deletion grace period hold no compute resources (QuotaV1Pod).

import type { KubeObject, ResourceQuota } from '../../../protocols/kube/objects.ts';
import { addQuantities, type Quantity, ZERO_QUANTITY } from '../../../protocols/kube/quantity.ts';
import { parseRfc3339 } from '../../../protocols/kube/time.ts';
import type { Listers } from '../../client/index.ts';
import { type ResourceMap, toResourceMap } from '../../../protocols/kube/quota/pod-resources.ts';
import { quotaAppliesTo } from '../../../protocols/kube/quota/quota-scopes.ts';
import { evaluatorFor } from '../../../protocols/kube/quota/quota-usage.ts';

export interface CountedResource {
  readonly informer: string;
  readonly group: string;
  readonly resource: string;
}

/** A pod whose deletion grace period has run out at wall-clock `nowMs`. */
function pastGrace(obj: KubeObject, nowMs: number): boolean {
  const at = obj.metadata.deletionTimestamp ? parseRfc3339(obj.metadata.deletionTimestamp) : undefined;
  if (at === undefined || obj.metadata.deletionGracePeriodSeconds === undefined) return false;
  return nowMs > at + obj.metadata.deletionGracePeriodSeconds * 1000;
}

/** Quantity.Add: a zero receiver takes the addend's format, so 0 + 128Mi prints 128Mi. */
const add = (a: Quantity, b: Quantity): Quantity => (a.nanos === 0n ? { nanos: b.nanos, format: b.format } : addQuantities(a, b));

export function calculateUsage(quota: ResourceQuota, counted: readonly CountedResource[], listers: Listers, nowMs: number): ResourceMap {
  const hard = [...toResourceMap(quota.spec?.hard).keys()];
  const ns = quota.metadata!.namespace!;
  const used: ResourceMap = new Map();
  for (const c of counted) {
    const ev = evaluatorFor(c.group, c.resource);
    const names = hard.filter((n) => ev.tracks(n));
    if (names.length === 0) continue;
    for (const n of names) if (!used.has(n)) used.set(n, ZERO_QUANTITY);
    for (const obj of listers[c.informer]?.namespace(ns).list() ?? []) {
      if (!quotaAppliesTo(quota, c.group, c.resource, obj)) continue;
      const usage = ev.usage(obj);
      const kept = c.group === '' && c.resource === 'pods' && pastGrace(obj, nowMs) ? new Map([...usage].filter(([k]) => k === 'count/pods')) : usage;
      for (const n of names) {
        const q = kept.get(n);
        if (q !== undefined) used.set(n, add(used.get(n)!, q));
      }
    }
  }
  return used;
}
