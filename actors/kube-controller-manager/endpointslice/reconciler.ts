// The EndpointSlice reconciler's placement (k8s.io/endpointslice Reconciler, 1.32), made pure:
// from a Service, its pods and its existing slices, which slices to create, update and delete so
// that every desired endpoint sits in exactly one slice of its address type and port set, with
// as little churn as the real one makes: endpoints stay in the slice they are in (rewritten in
// place when they changed), slices already being updated are filled first (fullest first), the
// rest go into the one unchanged slice they fill best, new slices only when nothing fits, and a
// slice that would be deleted is reused (by name) for one that would be created.

import type { EndpointSlice, Node, Pod, Service } from '../../../protocols/kube/objects.ts';
import { desiredEndpoints, addressTypesFor } from './desired.ts';
import { type Endpoint, EndpointSet, type EndpointPort, endpointsEqualBeyondHash, portMapKey } from './endpoint-set.ts';
import { reconcileHints } from './hints.ts';
import type { Family } from './pods.ts';
import { CONTROLLER_NAME, newSlice, ownedBy, samePlaceholder, sliceLabels } from './slices.ts';

export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface SlicePlan {
  readonly create: EndpointSlice[];
  readonly update: EndpointSlice[];
  readonly delete: EndpointSlice[];
  /** Why some pods were left out this time (the Service is synced again). */
  readonly errors: string[];
}

export interface ReconcileInput {
  readonly service: Service;
  readonly pods: readonly Pod[];
  /** The controller's slices of this Service, none pending deletion. */
  readonly existing: readonly EndpointSlice[];
  readonly nodeOf: (name: string) => Node | undefined;
  readonly maxEndpointsPerSlice?: number;
  readonly controllerName?: string;
}

const copy = (s: EndpointSlice): EndpointSlice => structuredClone(s);
const byName = (a: EndpointSlice, b: EndpointSlice) => (a.metadata!.name! < b.metadata!.name! ? -1 : a.metadata!.name! > b.metadata!.name! ? 1 : 0);

/** getSliceToFill: the unchanged slice left closest to full once `n` endpoints are added. */
function sliceToFill(slices: readonly EndpointSlice[], n: number, max: number): EndpointSlice | undefined {
  let closest = max;
  let best: EndpointSlice | undefined;
  for (const s of slices) {
    const diff = max - (n + (s.endpoints ?? []).length);
    if (diff >= 0 && diff < closest) {
      closest = diff;
      best = s;
      if (diff === 0) break;
    }
  }
  return best;
}

function byPortMapping(svc: Service, existing: readonly EndpointSlice[], desired: EndpointSet, ports: EndpointPort[], family: Family, max: number, controller: string) {
  const slices = new Map<string, EndpointSlice>();
  const unchanged = new Set<string>();
  const toUpdate = new Set<string>();
  const toDelete = new Set<string>();
  for (const s of existing) {
    const name = s.metadata!.name!;
    slices.set(name, s);
    const kept: Endpoint[] = [];
    let endpointUpdated = false;
    for (const ep of s.endpoints ?? []) {
      const want = desired.get(ep);
      if (want === undefined) continue;
      kept.push(want);
      if (!endpointsEqualBeyondHash(want, ep)) endpointUpdated = true;
      desired.delete(ep);
    }
    const { labels, changed } = sliceLabels(s, svc, controller);
    if (endpointUpdated || kept.length !== (s.endpoints ?? []).length) {
      if (kept.length === 0) toDelete.add(name);
      else {
        const next = copy(s);
        next.endpoints = kept;
        next.metadata = { ...next.metadata, labels };
        slices.set(name, next);
        toUpdate.add(name);
      }
    } else if (changed) {
      const next = copy(s);
      next.metadata = { ...next.metadata, labels };
      slices.set(name, next);
      toUpdate.add(name);
    } else unchanged.add(name);
  }
  // Fill the slices being written anyway, fullest first.
  if (desired.size > 0 && toUpdate.size > 0) {
    const filling = [...toUpdate].map((n) => slices.get(n)!).sort((a, b) => b.endpoints!.length - a.endpoints!.length || byName(a, b));
    for (const s of filling) while (desired.size > 0 && s.endpoints!.length < max) s.endpoints!.push(desired.pop()!);
  }
  const create: EndpointSlice[] = [];
  while (desired.size > 0) {
    let fill: EndpointSlice | undefined;
    if (desired.size < max && unchanged.size > 0) fill = sliceToFill([...unchanged].sort().map((n) => slices.get(n)!), desired.size, max);
    if (fill === undefined) fill = newSlice(svc, ports, family, controller);
    else {
      fill = copy(fill);
      slices.set(fill.metadata!.name!, fill);
    }
    fill.endpoints ??= [];
    while (desired.size > 0 && fill.endpoints.length < max) fill.endpoints.push(desired.pop()!);
    if (fill.metadata?.name) {
      toUpdate.add(fill.metadata.name);
      unchanged.delete(fill.metadata.name);
    } else create.push(fill);
  }
  return { create, update: [...toUpdate].sort().map((n) => slices.get(n)!), delete: [...toDelete].sort().map((n) => slices.get(n)!) };
}

function byAddressType(input: ReconcileInput, existing: readonly EndpointSlice[], family: Family) {
  const { service: svc } = input;
  const max = input.maxEndpointsPerSlice ?? MAX_ENDPOINTS_PER_SLICE;
  const controller = input.controllerName ?? CONTROLLER_NAME;
  let create: EndpointSlice[] = [];
  let update: EndpointSlice[] = [];
  let del: EndpointSlice[] = [];
  const existingByPorts = new Map<string, EndpointSlice[]>();
  for (const s of existing) {
    if (!ownedBy(s, svc)) {
      del.push(s);
      continue;
    }
    const k = portMapKey(s.ports);
    existingByPorts.set(k, [...(existingByPorts.get(k) ?? []), s]);
  }
  const desired = desiredEndpoints(svc, input.pods, input.nodeOf, family);
  for (const [k, group] of desired.groups) {
    const r = byPortMapping(svc, existingByPorts.get(k) ?? [], group.endpoints, group.ports, family, max, controller);
    create.push(...r.create);
    update.push(...r.update);
    del.push(...r.delete);
  }
  for (const [k, slices] of existingByPorts) if (!desired.groups.has(k)) del.push(...slices);
  // A Service with no endpoints of this type still gets one (empty) slice.
  if (existing.length === del.length && create.length === 0) {
    const placeholder = newSlice(svc, [], family, controller);
    if (del.length === 1 && samePlaceholder(del[0]!, placeholder)) del = [];
    else create.push(placeholder);
  }
  const changed = new Set([...update, ...del].map((s) => s.metadata!.name!));
  update = reconcileHints(svc, create, update, existing.filter((s) => !changed.has(s.metadata!.name!)));
  // finalize: a slice about to be deleted is reused for one about to be created.
  for (let i = 0; i < del.length && create.length > 0; ) {
    const gone = del[i]!;
    const fresh = create[create.length - 1]!;
    if (gone.addressType === fresh.addressType && ownedBy(gone, svc)) {
      const reused: EndpointSlice = { ...fresh, metadata: { ...fresh.metadata, name: gone.metadata!.name! } };
      create = create.slice(0, -1);
      update = [...update, reused];
      del = [...del.slice(0, i), ...del.slice(i + 1)];
    } else i++;
  }
  return { create, update, delete: del, errors: desired.errors };
}

/** Reconcile: one pass per address type the Service has; slices of other types are deleted. */
export function planSlices(input: ReconcileInput): SlicePlan {
  const families = addressTypesFor(input.service);
  const plan: SlicePlan = { create: [], update: [], delete: [], errors: [] };
  const unsupported: EndpointSlice[] = [];
  for (const s of [...input.existing].sort(byName)) if (!families.includes(s.addressType as Family)) unsupported.push(s);
  for (const family of families) {
    const mine = [...input.existing].filter((s) => s.addressType === family).sort(byName);
    const r = byAddressType(input, mine, family);
    plan.create.push(...r.create);
    plan.update.push(...r.update);
    plan.delete.push(...r.delete);
    plan.errors.push(...r.errors);
  }
  plan.delete.push(...unsupported);
  return plan;
}
