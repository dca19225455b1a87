// The replica calculation of the HPA for resource metrics, as Kubernetes' ReplicaCalculator does
// it: usage over requests (or the plain average) against the target, a tolerance of 0.1 around 1,
// and the pods that cannot be trusted set aside — deleted and failed pods ignored; pending pods,
// and for cpu pods still starting (within the 5 min initialization period: unready or not yet
// measured for a whole window since becoming ready; after it: unready and never ready within 30 s
// of start) counted as unready; pods without a sample counted as missing. Missing and unready
// pods are then filled in so that they damp the change: on a scale-up they use nothing, on a
// scale-down missing ones use all their request (or the target), and a result that would turn
// the direction around keeps the current count.

import type { Pod } from '../../../protocols/kube/objects.ts';
import { milliValue, tryParseQuantity } from '../../../protocols/kube/quantity.ts';
import { parseRfc3339 } from '../../../protocols/kube/time.ts';
import type { PodMetrics } from './metrics-source.ts';

export const TOLERANCE = 0.1;
export const CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
export const INITIAL_READINESS_DELAY_MS = 30_000;

export interface CalcEnv {
  readonly now: number;
  readonly epochMs: number;
  readonly tolerance?: number;
}

export type Calc<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly error: string };

interface Groups {
  readonly ready: number;
  readonly unready: Set<string>;
  readonly missing: Set<string>;
  readonly ignored: Set<string>;
}

const virtual = (text: string | undefined, epochMs: number): number | undefined => {
  const ms = text === undefined ? undefined : parseRfc3339(text);
  return ms === undefined ? undefined : ms - epochMs;
};

export function groupPods(pods: readonly Pod[], metrics: PodMetrics, resource: string, env: CalcEnv): Groups {
  const g = { ready: 0, unready: new Set<string>(), missing: new Set<string>(), ignored: new Set<string>() };
  for (const p of pods) {
    const name = p.metadata!.name!;
    const phase = p.status?.phase;
    if (p.metadata?.deletionTimestamp !== undefined || phase === 'Failed') {
      g.ignored.add(name);
      continue;
    }
    if (phase === 'Pending') {
      g.unready.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (metric === undefined) {
      g.missing.add(name);
      continue;
    }
    if (resource === 'cpu') {
      const cond = p.status?.conditions?.find((c) => c.type === 'Ready');
      const start = virtual(p.status?.startTime, env.epochMs);
      const transition = virtual(cond?.lastTransitionTime, env.epochMs) ?? 0;
      let unready: boolean;
      if (cond === undefined || start === undefined) unready = true;
      else if (start + CPU_INITIALIZATION_PERIOD_MS > env.now) unready = cond.status === 'False' || metric.timestampMs < transition + metric.windowMs;
      else unready = cond.status === 'False' && start + INITIAL_READINESS_DELAY_MS > transition;
      if (unready) {
        g.unready.add(name);
        continue;
      }
    }
    g.ready++;
  }
  return g;
}

/** Each pod's request of `resource` in milli-units (containers and restartable init containers, or one container). */
export function podRequests(pods: readonly Pod[], container: string, resource: string): Calc<{ requests: Map<string, number> }> {
  const requests = new Map<string, number>();
  for (const p of pods) {
    const containers = [...(p.spec?.containers ?? []), ...(p.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
    let sum = 0;
    for (const c of containers) {
      if (container !== '' && container !== c.name) continue;
      const text = c.resources?.requests?.[resource];
      const q = text === undefined ? undefined : tryParseQuantity(String(text));
      if (q === undefined) return { ok: false, error: `missing request for ${resource} in container ${c.name} of Pod ${p.metadata!.name!}` };
      sum += milliValue(q);
    }
    requests.set(p.metadata!.name!, sum);
  }
  return { ok: true, requests };
}

/** Utilization (percent of requests, truncated) over the pods with both a sample and a request. */
export function utilizationRatio(metrics: PodMetrics, requests: Map<string, number>, target: number): Calc<{ ratio: number; utilization: number; rawAverage: number }> {
  let total = 0;
  let requested = 0;
  let n = 0;
  for (const [pod, m] of metrics) {
    const r = requests.get(pod);
    if (r === undefined) continue;
    total += m.value;
    requested += r;
    n++;
  }
  if (requested === 0) return { ok: false, error: 'no metrics returned matched known pods' };
  const utilization = Math.trunc((total * 100) / requested);
  return { ok: true, ratio: utilization / target, utilization, rawAverage: Math.trunc(total / n) };
}

function usageRatio(metrics: PodMetrics, target: number): { ratio: number; usage: number } {
  let total = 0;
  for (const m of metrics.values()) total += m.value;
  const usage = Math.trunc(total / metrics.size);
  return { ratio: usage / target, usage };
}

interface Plan {
  readonly pods: readonly Pod[];
  readonly metrics: PodMetrics;
  readonly current: number;
  readonly tolerance: number;
  readonly groups: Groups;
  /** The ratio from the trusted samples, and the ratio again after filling in the missing and unready. */
  readonly ratio: (m: PodMetrics) => number;
  /** What a missing pod uses on a scale-down. */
  readonly fallback: (pod: string) => number;
  /** At a ratio of exactly 1 the plain-value calculation counts missing pods as idle; the utilization one leaves them out. */
  readonly zeroAtOne: boolean;
}

/** The shared second half of both calculations: fill in the untrusted pods and decide. */
function decide(p: Plan): number {
  const ratio = p.ratio(p.metrics);
  const scaleUpWithUnready = p.groups.unready.size > 0 && ratio > 1;
  if (!scaleUpWithUnready && p.groups.missing.size === 0) {
    if (Math.abs(1 - ratio) <= p.tolerance) return p.current;
    return Math.ceil(ratio * p.groups.ready);
  }
  const filled = new Map(p.metrics);
  for (const pod of p.groups.missing) {
    if (ratio < 1) filled.set(pod, { timestampMs: 0, windowMs: 0, value: p.fallback(pod) });
    else if (ratio > 1 || p.zeroAtOne) filled.set(pod, { timestampMs: 0, windowMs: 0, value: 0 });
  }
  if (scaleUpWithUnready) for (const pod of p.groups.unready) filled.set(pod, { timestampMs: 0, windowMs: 0, value: 0 });
  const next = p.ratio(filled);
  if (Math.abs(1 - next) <= p.tolerance || (ratio < 1 && next > 1) || (ratio > 1 && next < 1)) return p.current;
  const replicas = Math.ceil(next * filled.size);
  if ((next < 1 && replicas > p.current) || (next > 1 && replicas < p.current)) return p.current;
  return replicas;
}

function trusted(pods: readonly Pod[], metrics: PodMetrics, resource: string, env: CalcEnv): Calc<{ groups: Groups; metrics: PodMetrics }> {
  if (pods.length === 0) return { ok: false, error: 'no pods returned by selector while calculating replica count' };
  const groups = groupPods(pods, metrics, resource, env);
  const kept = new Map([...metrics].filter(([pod]) => !groups.ignored.has(pod) && !groups.unready.has(pod)));
  if (kept.size === 0) return { ok: false, error: 'did not receive metrics for targeted pods (pods might be unready)' };
  return { ok: true, groups, metrics: kept };
}

/** GetResourceReplicas: a target utilization (percent of requests). */
export function resourceReplicas(
  current: number,
  targetUtilization: number,
  resource: string,
  container: string,
  pods: readonly Pod[],
  metrics: PodMetrics,
  env: CalcEnv,
): Calc<{ replicas: number; utilization: number; rawAverage: number }> {
  const t = trusted(pods, metrics, resource, env);
  if (!t.ok) return t;
  const req = podRequests(pods, container, resource);
  if (!req.ok) return req;
  const first = utilizationRatio(t.metrics, req.requests, targetUtilization);
  if (!first.ok) return first;
  const ratioOf = (m: PodMetrics) => {
    const r = utilizationRatio(m, req.requests, targetUtilization);
    return r.ok ? r.ratio : first.ratio;
  };
  const fallbackPct = Math.max(100, targetUtilization);
  const replicas = decide({
    pods,
    metrics: t.metrics,
    current,
    tolerance: env.tolerance ?? TOLERANCE,
    groups: t.groups,
    ratio: ratioOf,
    fallback: (pod) => Math.trunc(((req.requests.get(pod) ?? 0) * fallbackPct) / 100),
    zeroAtOne: false,
  });
  return { ok: true, replicas, utilization: first.utilization, rawAverage: first.rawAverage };
}

/** GetRawResourceReplicas: a target average value per pod, in milli-units. */
export function rawResourceReplicas(current: number, targetMilli: number, resource: string, pods: readonly Pod[], metrics: PodMetrics, env: CalcEnv): Calc<{ replicas: number; usage: number }> {
  const t = trusted(pods, metrics, resource, env);
  if (!t.ok) return t;
  const { usage } = usageRatio(t.metrics, targetMilli);
  const replicas = decide({
    pods,
    metrics: t.metrics,
    current,
    tolerance: env.tolerance ?? TOLERANCE,
    groups: t.groups,
    ratio: (m) => usageRatio(m, targetMilli).ratio,
    fallback: () => targetMilli,
    zeroAtOne: true,
  });
  return { ok: true, replicas, usage };
}
