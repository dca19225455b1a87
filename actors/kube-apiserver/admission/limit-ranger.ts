// LimitRanger: a namespace's LimitRanges give containers the requests and limits they left out
// (mutating phase, pod creates) and bound what containers, pods and claims may ask for
// (validating phase). Messages are the plugin's own (`maximum cpu usage per Container is 500m,
// but limit is 1`), several joined as an error aggregate, in a 403 on the pod.
//
// Go walks the LimitRange's maps in random order; here resources are taken in sorted order so the
// message is the same on every run.

import type { LimitRange, PersistentVolumeClaim, Pod } from '../../../protocols/kube/objects.ts';
import { type Quantity, compareQuantities, formatQuantity, milliValue, quantitySign } from '../../../protocols/kube/quantity.ts';
import { admissionForbidden, aggregate } from './errors.ts';
import { type Container, type ResourceMap, podLimits, podRequests, sortedKeys, toResourceMap } from '../../../protocols/kube/quota/pod-resources.ts';
import type { AdmissionAttributes, AdmissionContext, AdmissionPlugin, Verdict } from './types.ts';

export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

type LimitItem = NonNullable<LimitRange['spec']>['limits'][number];

const isCore = (a: AdmissionAttributes, kind: string): boolean => a.resource.group === '' && a.resource.kind === kind;

/** Pods on create (their containers cannot change afterwards) and claims; no subresource. */
function supports(a: AdmissionAttributes): boolean {
  if (a.resource.subresource !== '' || a.object === undefined) return false;
  if (isCore(a, 'Pod')) return a.operation === 'CREATE';
  return isCore(a, 'PersistentVolumeClaim') && (a.operation === 'CREATE' || a.operation === 'UPDATE');
}

const beingDeleted = (a: AdmissionAttributes): boolean => a.oldObject?.metadata.deletionTimestamp != null;

function run(a: AdmissionAttributes, ctx: AdmissionContext, fn: (lr: LimitRange) => string | undefined): Verdict {
  if (!supports(a) || beingDeleted(a)) return undefined;
  for (const lr of ctx.listers.limitRanges(a.namespace)) {
    const err = fn(lr);
    if (err !== undefined) return admissionForbidden(a, err);
  }
  return undefined;
}

// --- defaulting -----------------------------------------------------------------------------

function containerDefaults(lr: LimitRange): { requests: Record<string, string>; limits: Record<string, string> } {
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  for (const item of lr.spec?.limits ?? []) {
    if (item.type !== 'Container') continue;
    for (const [k, v] of toResourceMap(item.defaultRequest)) requests[k] = formatQuantity(v);
    for (const [k, v] of toResourceMap(item.default)) limits[k] = formatQuantity(v);
  }
  return { requests, limits };
}

function defaultContainer(c: Container, defaults: ReturnType<typeof containerDefaults>, prefix: string, notes: string[]): void {
  const resources = (c.resources ??= {});
  const limits = (resources.limits ??= {}) as Record<string, string>;
  const requests = (resources.requests ??= {}) as Record<string, string>;
  const setLimits = sortedKeys(defaults.limits).filter((k) => !(k in limits));
  const setRequests = sortedKeys(defaults.requests).filter((k) => !(k in requests));
  for (const k of setLimits) limits[k] = defaults.limits[k]!;
  for (const k of setRequests) requests[k] = defaults.requests[k]!;
  if (setRequests.length > 0) notes.push(`${setRequests.join(', ')} request for ${prefix} ${c.name}`);
  if (setLimits.length > 0) notes.push(`${setLimits.join(', ')} limit for ${prefix} ${c.name}`);
}

function mutatePod(lr: LimitRange, pod: Pod): undefined {
  const defaults = containerDefaults(lr);
  const notes: string[] = [];
  for (const c of pod.spec?.containers ?? []) defaultContainer(c, defaults, 'container', notes);
  for (const c of pod.spec?.initContainers ?? []) defaultContainer(c, defaults, 'init container', notes);
  if (notes.length > 0) {
    pod.metadata ??= {};
    pod.metadata.annotations = { ...pod.metadata.annotations, [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}` };
  }
  return undefined;
}

// --- constraints ----------------------------------------------------------------------------

const str = formatQuantity;

function minConstraint(type: string, name: string, enforced: Quantity, requests: ResourceMap, limits: ResourceMap): string | undefined {
  const req = requests.get(name);
  const lim = limits.get(name);
  if (req === undefined) return `minimum ${name} usage per ${type} is ${str(enforced)}.  No request is specified`;
  if (compareQuantities(enforced, req) > 0) return `minimum ${name} usage per ${type} is ${str(enforced)}, but request is ${str(req)}`;
  if (lim !== undefined && compareQuantities(enforced, lim) > 0) return `minimum ${name} usage per ${type} is ${str(enforced)}, but limit is ${str(lim)}`;
  return undefined;
}

function maxConstraint(type: string, name: string, enforced: Quantity, requests: ResourceMap, limits: ResourceMap): string | undefined {
  const req = requests.get(name);
  const lim = limits.get(name);
  if (lim === undefined) return `maximum ${name} usage per ${type} is ${str(enforced)}.  No limit is specified`;
  if (compareQuantities(lim, enforced) > 0) return `maximum ${name} usage per ${type} is ${str(enforced)}, but limit is ${str(lim)}`;
  if (req !== undefined && compareQuantities(req, enforced) > 0) return `maximum ${name} usage per ${type} is ${str(enforced)}, but request is ${str(req)}`;
  return undefined;
}

/** For claims, whose limits are not user input: only the request is bounded. */
function maxRequestConstraint(type: string, name: string, enforced: Quantity, requests: ResourceMap): string | undefined {
  const req = requests.get(name);
  if (req === undefined) return `maximum ${name} usage per ${type} is ${str(enforced)}.  No request is specified`;
  if (compareQuantities(req, enforced) > 0) return `maximum ${name} usage per ${type} is ${str(enforced)}, but request is ${str(req)}`;
  return undefined;
}

function ratioConstraint(type: string, name: string, enforced: Quantity, requests: ResourceMap, limits: ResourceMap): string | undefined {
  const req = requests.get(name);
  const lim = limits.get(name);
  const head = `${name} max limit to request ratio per ${type} is ${str(enforced)}`;
  if (req === undefined || quantitySign(req) === 0) return `${head}, but no request is specified or request is 0`;
  if (lim === undefined || quantitySign(lim) === 0) return `${head}, but no limit is specified or limit is 0`;
  const ratio = milliValue(lim) / milliValue(req);
  if (ratio * 1000 > milliValue(enforced)) return `${head}, but provided ratio is ${ratio.toFixed(6)}`;
  return undefined;
}

type Check = (type: string, name: string, enforced: Quantity, requests: ResourceMap, limits: ResourceMap) => string | undefined;

function checkAll(item: LimitItem, requests: ResourceMap, limits: ResourceMap, errs: string[]): void {
  const each = (bounds: Record<string, unknown> | undefined, check: Check): void => {
    const m = toResourceMap(bounds);
    for (const k of sortedKeys(m)) {
      const e = check(item.type, k, m.get(k)!, requests, limits);
      if (e !== undefined) errs.push(e);
    }
  };
  each(item.min, minConstraint);
  each(item.max, maxConstraint);
  each(item.maxLimitRequestRatio, ratioConstraint);
}

function validatePod(lr: LimitRange, pod: Pod): string | undefined {
  const errs: string[] = [];
  for (const item of lr.spec?.limits ?? []) {
    if (item.type === 'Container') {
      for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
        checkAll(item, toResourceMap(c.resources?.requests), toResourceMap(c.resources?.limits), errs);
      }
    }
    if (item.type === 'Pod') checkAll(item, podRequests(pod), podLimits(pod), errs);
  }
  return errs.length === 0 ? undefined : aggregate(errs);
}

function validateClaim(lr: LimitRange, pvc: PersistentVolumeClaim, old: PersistentVolumeClaim | undefined): string | undefined {
  const errs: string[] = [];
  const requests = toResourceMap(pvc.spec?.resources?.requests);
  const oldRequests = toResourceMap(old?.spec?.resources?.requests);
  // A request already stored was valid when stored; only a changed one is checked again.
  const unchanged = (k: string): boolean => {
    const now = requests.get(k);
    const before = oldRequests.get(k);
    return now !== undefined && before !== undefined && compareQuantities(now, before) === 0;
  };
  for (const item of lr.spec?.limits ?? []) {
    if (item.type !== 'PersistentVolumeClaim') continue;
    const min = toResourceMap(item.min);
    for (const k of sortedKeys(min)) {
      if (unchanged(k)) continue;
      const e = minConstraint(item.type, k, min.get(k)!, requests, new Map());
      if (e !== undefined) errs.push(e);
    }
    const max = toResourceMap(item.max);
    for (const k of sortedKeys(max)) {
      if (unchanged(k)) continue;
      const e = maxRequestConstraint(item.type, k, max.get(k)!, requests);
      if (e !== undefined) errs.push(e);
    }
  }
  return errs.length === 0 ? undefined : aggregate(errs);
}

export const limitRanger: AdmissionPlugin = {
  name: 'LimitRanger',
  admit: (a, ctx) => (isCore(a, 'Pod') ? run(a, ctx, (lr) => mutatePod(lr, a.object as unknown as Pod)) : undefined),
  validate: (a, ctx) =>
    run(a, ctx, (lr) =>
      isCore(a, 'Pod')
        ? validatePod(lr, a.object as unknown as Pod)
        : validateClaim(lr, a.object as unknown as PersistentVolumeClaim, a.oldObject as unknown as PersistentVolumeClaim | undefined),
    ),
};
