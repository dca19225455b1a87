// A pod's effective requests and limits, as Kubernetes computes them for LimitRanger's Pod limits
// and ResourceQuota's usage (component-helpers' PodRequests/PodLimits on the spec): the sum over
// app containers and restartable (sidecar) init containers, at least the largest single init
// container (which runs alone, beside the sidecars started before it), plus the pod overhead when
// asked. Quantities that do not parse are left out: the Pod's validation rejects them afterwards.

import type { Pod } from '../objects.ts';
import { type Quantity, addQuantities, compareQuantities, tryParseQuantity } from '../quantity.ts';

export type ResourceMap = Map<string, Quantity>;
export type Container = NonNullable<NonNullable<Pod['spec']>['containers']>[number];

export function toResourceMap(list: Readonly<Record<string, unknown>> | undefined): ResourceMap {
  const out: ResourceMap = new Map();
  for (const [k, v] of Object.entries(list ?? {})) {
    const q = typeof v === 'string' ? tryParseQuantity(v) : typeof v === 'number' ? tryParseQuantity(String(v)) : undefined;
    if (q !== undefined) out.set(k, q);
  }
  return out;
}

function addInto(into: ResourceMap, more: ResourceMap): void {
  for (const [k, v] of more) {
    const have = into.get(k);
    into.set(k, have === undefined ? v : addQuantities(have, v));
  }
}

function maxInto(into: ResourceMap, more: ResourceMap): void {
  for (const [k, v] of more) {
    const have = into.get(k);
    if (have === undefined || compareQuantities(v, have) > 0) into.set(k, v);
  }
}

type Which = 'requests' | 'limits';

const containerList = (c: Container, which: Which): ResourceMap => toResourceMap(c.resources?.[which] as Record<string, unknown> | undefined);

function aggregate(pod: Pod, which: Which): ResourceMap {
  const total: ResourceMap = new Map();
  for (const c of pod.spec?.containers ?? []) addInto(total, containerList(c, which));
  const sidecars: ResourceMap = new Map();
  const initMax: ResourceMap = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    const own = containerList(c, which);
    if (c.restartPolicy === 'Always') {
      addInto(total, own);
      addInto(sidecars, own);
      maxInto(initMax, sidecars);
    } else {
      const alongside: ResourceMap = new Map(own);
      addInto(alongside, sidecars);
      maxInto(initMax, alongside);
    }
  }
  maxInto(total, initMax);
  return total;
}

export interface PodResourceOptions {
  /** Add spec.overhead: to every request, and to the limits the pod sets. */
  readonly overhead?: boolean;
}

export function podRequests(pod: Pod, opts: PodResourceOptions = {}): ResourceMap {
  const reqs = aggregate(pod, 'requests');
  if (opts.overhead) addInto(reqs, toResourceMap(pod.spec?.overhead as Record<string, unknown> | undefined));
  return reqs;
}

export function podLimits(pod: Pod, opts: PodResourceOptions = {}): ResourceMap {
  const limits = aggregate(pod, 'limits');
  if (opts.overhead) {
    for (const [k, v] of toResourceMap(pod.spec?.overhead as Record<string, unknown> | undefined)) {
      const have = limits.get(k);
      if (have !== undefined) limits.set(k, addQuantities(have, v));
    }
  }
  return limits;
}

/** Keys in Go's sort.Strings order (byte order), so messages list them as Kubernetes does. */
export const sortedKeys = (m: ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>>): string[] =>
  [...(m instanceof Map ? m.keys() : Object.keys(m))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
