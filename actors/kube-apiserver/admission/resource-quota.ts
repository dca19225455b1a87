// ResourceQuota: a write that would take a namespace's usage past any of its quotas' hard limits
// is refused (`exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2`), and a
// pod that leaves out a compute resource a quota tracks is refused (`failed quota: compute: must
// specify limits.cpu for: nginx`). An admitted write returns, as effects, each affected quota's new
// status.used: the pipeline writes them with the quota's resourceVersion as precondition, as the
// real plugin does before the object is stored (nothing when dryRun).
//
// Where Kubernetes reads hard limits and usage only from status (filled by the quota controller),
// this reads status.hard, falling back to spec.hard, and status.used, falling back to counting
// the namespace's objects through `listers.objects` when given; without either, a tracked resource
// with no recorded usage is refused with Kubernetes' "status unknown for quota" message.

import type { KubeObject, ResourceQuota } from '../../../protocols/kube/objects.ts';
import { type Quantity, ZERO_QUANTITY, addQuantities, compareQuantities, formatQuantity, quantitySign, subQuantities } from '../../../protocols/kube/quantity.ts';
import { admissionForbidden } from './errors.ts';
import { type ResourceMap, sortedKeys, toResourceMap } from '../../../protocols/kube/quota/pod-resources.ts';
import { quotaAppliesTo } from '../../../protocols/kube/quota/quota-scopes.ts';
import { type QuotaEvaluator, evaluatorFor } from '../../../protocols/kube/quota/quota-usage.ts';
import type { AdmissionAttributes, AdmissionContext, AdmissionPlugin, QuotaStatusUpdate, Verdict } from './types.ts';

/** quota.prettyPrint: `name=quantity` sorted by name, joined by commas. */
export function prettyPrint(list: ResourceMap): string {
  return sortedKeys(list)
    .map((k) => `${k}=${formatQuantity(list.get(k)!)}`)
    .join(',');
}

const mask = (list: ResourceMap, names: Iterable<string>): ResourceMap => {
  const out: ResourceMap = new Map();
  for (const n of names) if (list.has(n)) out.set(n, list.get(n)!);
  return out;
};

/** Usage of what the namespace holds now, for resources a quota's status does not record yet. */
function countUsage(a: AdmissionAttributes, ctx: AdmissionContext, evaluator: QuotaEvaluator, names: readonly string[]): ResourceMap | undefined {
  const objects = ctx.listers.objects?.(a.resource.group, a.resource.resource, a.namespace);
  if (objects === undefined) return undefined;
  const out: ResourceMap = new Map(names.map((n) => [n, ZERO_QUANTITY]));
  for (const obj of objects) {
    for (const [k, v] of evaluator.usage(obj)) if (out.has(k)) out.set(k, addQuantities(out.get(k)!, v));
  }
  return out;
}

/** The object's usage, less the stored version's on an update (never below zero). */
function deltaUsage(a: AdmissionAttributes, evaluator: QuotaEvaluator): ResourceMap {
  const usage = evaluator.usage(a.object as KubeObject);
  if (a.operation !== 'UPDATE' || a.oldObject === undefined) return usage;
  const prev = evaluator.usage(a.oldObject);
  const out: ResourceMap = new Map();
  for (const [k, v] of usage) {
    const d = prev.has(k) ? subQuantities(v, prev.get(k)!) : v;
    out.set(k, quantitySign(d) < 0 ? ZERO_QUANTITY : d);
  }
  return out;
}

interface Tracked {
  readonly quota: ResourceQuota;
  readonly hard: ResourceMap;
  readonly used: ResourceMap;
}

function validate(a: AdmissionAttributes, ctx: AdmissionContext): Verdict {
  if (a.object === undefined || a.resource.subresource !== '') return undefined;
  const evaluator = evaluatorFor(a.resource.group, a.resource.resource);
  if (!evaluator.operations.includes(a.operation)) return undefined;
  const quotas = ctx.listers.resourceQuotas(a.namespace);
  if (quotas.length === 0) return undefined;

  const tracked: Tracked[] = [];
  for (const quota of quotas) {
    if (!quotaAppliesTo(quota, a.resource.group, a.resource.resource, a.object)) continue;
    const hard = toResourceMap(quota.status?.hard ?? quota.spec?.hard);
    const restricted = sortedKeys(hard).filter((n) => evaluator.tracks(n));
    if (restricted.length === 0) continue;
    const name = quota.metadata?.name ?? '';
    const failed = evaluator.constraints?.(restricted, a.object);
    if (failed !== undefined) return admissionForbidden(a, `failed quota: ${name}: ${failed}`);
    const used = toResourceMap(quota.status?.used);
    const unrecorded = restricted.filter((n) => !used.has(n));
    if (unrecorded.length > 0) {
      const counted = countUsage(a, ctx, evaluator, unrecorded);
      if (counted === undefined) return admissionForbidden(a, `status unknown for quota: ${name}, resources: ${restricted.join(',')}`);
      for (const [k, v] of counted) used.set(k, v);
    }
    tracked.push({ quota, hard, used });
  }
  if (tracked.length === 0) return undefined;

  const delta: ResourceMap = new Map([...deltaUsage(a, evaluator)].filter(([, v]) => quantitySign(v) !== 0));
  const negative = sortedKeys(delta).filter((k) => quantitySign(delta.get(k)!) < 0);
  if (negative.length > 0) return admissionForbidden(a, `quota usage is negative for resource(s): ${negative.join(',')}`);
  if (delta.size === 0) return undefined;

  const effects: QuotaStatusUpdate[] = [];
  for (const { quota, hard, used } of tracked) {
    const requested = mask(delta, hard.keys());
    if (requested.size === 0) continue;
    const newUsage: ResourceMap = new Map(used);
    for (const [k, v] of requested) newUsage.set(k, used.has(k) ? addQuantities(used.get(k)!, v) : v);
    const exceeded = sortedKeys(requested).filter((k) => compareQuantities(newUsage.get(k)!, hard.get(k)!) > 0);
    if (exceeded.length > 0) {
      const name = quota.metadata?.name ?? '';
      return admissionForbidden(
        a,
        `exceeded quota: ${name}, requested: ${prettyPrint(mask(requested, exceeded))}, used: ${prettyPrint(mask(used, exceeded))}, limited: ${prettyPrint(mask(hard, exceeded))}`,
      );
    }
    effects.push({ type: 'quota-status', namespace: a.namespace, name: quota.metadata?.name ?? '', resourceVersion: quota.metadata?.resourceVersion, used: toStrings(newUsage) });
  }
  return a.dryRun || effects.length === 0 ? undefined : { effects };
}

function toStrings(list: ResourceMap): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of sortedKeys(list)) out[k] = formatQuantity(list.get(k) as Quantity);
  return out;
}

export const resourceQuota: AdmissionPlugin = { name: 'ResourceQuota', validate };
