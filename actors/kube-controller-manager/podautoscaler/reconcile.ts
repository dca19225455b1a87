// One sync of one HPA (reconcileAutoscaler): read the target's scale, turn the metrics into a
// recommendation, stabilize and rate-limit it, write the new size to the target's /scale when it
// differs, and write the status (current and desired replicas, current metrics, last scale time,
// conditions) when it changed. Every HPA is synced again 15 s later whatever happens, as the
// controller's fixed-interval queue does.

import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { HorizontalPodAutoscaler, KubeObject } from '../../../protocols/kube/objects.ts';
import { type Listers, type ReconcileResult, referenceTo, rfc3339, splitKey, updateCall } from '../../client/index.ts';
import { type HPACondition, setCondition } from './conditions.ts';
import { forgetHPA, type HPAMemory } from './memory.ts';
import { computeReplicasForMetrics, type MetricSpec, type MetricStatus } from './metrics.ts';
import type { PodMetricsSource } from './metrics-source.ts';
import { type Behavior, longestPeriodS, type Normalized, normalizeLegacy, normalizeWithBehavior, recordInitialRecommendation, scaleDownRules, scaleUpRules } from './normalize.ts';
import { readScale, rescaleCall } from './scale-target.ts';
import { validateSelector } from './selector.ts';

export const HPA_SYNC_PERIOD_MS = 15_000;

type Event = NonNullable<ReconcileResult['events']>[number];

interface Status {
  currentReplicas: number;
  desiredReplicas: number;
  currentMetrics?: MetricStatus[];
  lastScaleTime?: string;
  conditions: HPACondition[];
}

export function reconcileHPA(key: string, listers: Listers, now: number, memory: HPAMemory, source: PodMetricsSource | undefined, epochMs: number): ReconcileResult {
  const { namespace, name } = splitKey(key);
  const hpa = listers.horizontalpodautoscalers!.namespace(namespace).get(name) as HorizontalPodAutoscaler | undefined;
  if (hpa === undefined) {
    forgetHPA(memory, key);
    return { writes: [] };
  }
  const at = rfc3339(epochMs + now);
  const ref = referenceTo({ ...(hpa as KubeObject), apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' } as Parameters<typeof referenceTo>[0]);
  const events: Event[] = [];
  const warn = (reason: string, message: string) => events.push({ ref, type: 'Warning', reason, message });
  const old = structuredClone(hpa.status ?? {}) as Partial<Status>;
  const status: Status = {
    currentReplicas: old.currentReplicas ?? 0,
    desiredReplicas: old.desiredReplicas ?? 0,
    ...(old.currentMetrics ? { currentMetrics: old.currentMetrics } : {}),
    ...(old.lastScaleTime ? { lastScaleTime: old.lastScaleTime } : {}),
    conditions: structuredClone(old.conditions ?? []) as HPACondition[],
  };
  const cond = (type: string, s: string, reason: string, message: string) => setCondition(status.conditions, type, s, reason, message, at);
  const spec = hpa.spec!;
  const writes: ApiCall[] = [];
  const finish = (): ReconcileResult => {
    if (canonical(status) !== canonical({ currentReplicas: 0, desiredReplicas: 0, ...old, conditions: old.conditions ?? [] })) {
      writes.push(updateCall({ ...(hpa as KubeObject), apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', status } as KubeObject, { subresource: 'status' }));
    }
    return { writes, events, requeueAfter: HPA_SYNC_PERIOD_MS };
  };

  // No size can be computed: the status still shows the current size and what was measured.
  const cannotCompute = (current: number, error: string, metrics: MetricStatus[] | undefined): ReconcileResult => {
    status.currentReplicas = current;
    setMetrics(status, metrics);
    warn('FailedComputeMetricsReplicas', error);
    return finish();
  };
  const read = readScale(spec.scaleTargetRef, namespace, listers);
  if (!read.ok) {
    warn('FailedGetScale', read.error);
    cond('AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${read.error}`);
    return finish();
  }
  const scale = read.scale;
  cond('AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
  const current = scale.specReplicas;
  recordInitialRecommendation(memory, key, current, now);
  const min = spec.minReplicas ?? 1;
  const max = spec.maxReplicas;
  let desired = 0;
  let reason = '';
  let rescale = true;
  let metricStatuses: MetricStatus[] | undefined;

  if (current === 0 && min !== 0) {
    rescale = false;
    cond('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
  } else if (current > max) {
    [desired, reason] = [max, 'Current number of replicas above Spec.MaxReplicas'];
  } else if (current < min) {
    [desired, reason] = [min, 'Current number of replicas below Spec.MinReplicas'];
  } else {
    const checked = validateSelector(hpa, scale.selector, listers);
    if (!checked.ok) {
      warn(checked.event, checked.error);
      cond('ScalingActive', 'False', checked.reason, checked.condition);
      return cannotCompute(current, checked.error, undefined);
    }
    const proposals = computeReplicasForMetrics((spec.metrics ?? []) as MetricSpec[], scale, checked.pods, source, { now, epochMs });
    for (const f of proposals.failed) warn(f.reason, f.error);
    metricStatuses = proposals.statuses;
    if (proposals.replicas === -1) {
      const f = proposals.failure!;
      cond('ScalingActive', 'False', f.reason, `the HPA was unable to compute the replica count: ${f.error}`);
      return cannotCompute(current, f.summary, metricStatuses);
    }
    cond('ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${proposals.metric}`);
    desired = Math.max(desired, proposals.replicas);
    if (desired > current) reason = `${proposals.metric} above target`;
    if (desired < current) reason = 'All metrics below target';
    const n: Normalized = spec.behavior
      ? normalizeWithBehavior(memory, key, now, current, desired, min, max, spec.behavior as Behavior)
      : normalizeLegacy(memory, key, now, current, desired, min, max);
    cond('AbleToScale', n.ableToScale.status, n.ableToScale.reason, n.ableToScale.message);
    cond('ScalingLimited', n.scalingLimited.status, n.scalingLimited.reason, n.scalingLimited.message);
    desired = n.replicas;
    rescale = desired !== current;
  }

  if (rescale) {
    writes.push(rescaleCall(scale, desired));
    const behavior = spec.behavior as Behavior | undefined;
    const rules = behavior === undefined ? undefined : desired > current ? scaleUpRules(behavior) : scaleDownRules(behavior);
    memory.pending[key] = { from: current, to: desired, at: now, ...(rules === undefined ? {} : { longestPeriodS: longestPeriodS(rules) }) };
    cond('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`);
    events.push({ ref, type: 'Normal', reason: 'SuccessfulRescale', message: `New size: ${desired}; reason: ${reason}` });
    status.lastScaleTime = at;
  } else desired = current;
  status.currentReplicas = current;
  status.desiredReplicas = desired;
  setMetrics(status, metricStatuses);
  return finish();
}

function setMetrics(status: Status, metrics: MetricStatus[] | undefined): void {
  if (metrics === undefined || metrics.length === 0) delete status.currentMetrics;
  else status.currentMetrics = metrics;
}

/** JSON with keys sorted and undefined dropped: equal statuses compare equal whatever their key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
