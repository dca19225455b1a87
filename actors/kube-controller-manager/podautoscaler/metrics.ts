// computeReplicasForMetrics: one replica proposal per metric of the HPA, the largest winning.
// Resource and ContainerResource metrics are read from the PodMetricsSource. Pods, Object and
// External metrics need the custom and external metrics APIs, which this cluster does not serve:
// they fail as they fail in a cluster without a metrics adapter. A failed metric leaves an empty
// status in its place (currentMetrics `- type: ""`, as Kubernetes writes it); when every metric
// fails, or some fail and the rest would scale down, the HPA does not scale.

import type { Pod } from '../../../protocols/kube/objects.ts';
import { canonicalForm, milliQuantity, milliValue, tryParseQuantity } from '../../../protocols/kube/quantity.ts';
import type { Listers } from '../../client/index.ts';
import { type PodMetricsSource, readResourceMetric } from './metrics-source.ts';
import { type CalcEnv, rawResourceReplicas, resourceReplicas } from './replica-calculator.ts';
import type { TargetScale } from './scale-target.ts';

export interface MetricTarget {
  readonly type?: string;
  readonly averageUtilization?: number;
  readonly averageValue?: string | number;
  readonly value?: string | number;
}

export interface MetricSpec {
  readonly type: string;
  readonly resource?: { readonly name: string; readonly target: MetricTarget };
  readonly containerResource?: { readonly name: string; readonly container: string; readonly target: MetricTarget };
  readonly pods?: { readonly metric: { readonly name: string } };
  readonly object?: { readonly metric: { readonly name: string } };
  readonly external?: { readonly metric: { readonly name: string } };
}

export type MetricStatus = Record<string, unknown>;

export interface Failure {
  readonly reason: string;
  /** As the Warning Event and the ScalingActive condition say it. */
  readonly error: string;
  /** As the summary of all failures says it. */
  readonly wrapped: string;
}

export interface Proposals {
  /** -1 when the HPA must not scale on these metrics. */
  readonly replicas: number;
  readonly metric: string;
  readonly statuses: MetricStatus[];
  /** The first failure, its error wrapped as the controller reports it; undefined when all succeeded. */
  readonly failure?: Failure & { readonly summary: string };
  /** Every failed metric: each raises its own Warning Event. */
  readonly failed: readonly Failure[];
}

type One = { readonly ok: true; readonly replicas: number; readonly metric: string; readonly status: MetricStatus } | ({ readonly ok: false } & Failure);

const NO_CUSTOM_METRICS = 'unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered';
const NO_EXTERNAL_METRICS = 'unable to fetch metrics from external metrics API: no external metrics API (external.metrics.k8s.io) registered';

const milliOf = (v: string | number | undefined): number | undefined => {
  const q = v === undefined ? undefined : tryParseQuantity(String(v));
  return q === undefined ? undefined : milliValue(q);
};

function resourceMetric(name: string, container: string, target: MetricTarget, current: number, scale: TargetScale, pods: readonly Pod[], source: PodMetricsSource | undefined, env: CalcEnv): One {
  const status = (cur: Record<string, unknown>): MetricStatus =>
    container === '' ? { type: 'Resource', resource: { name, current: cur } } : { type: 'ContainerResource', containerResource: { name, container, current: cur } };
  const reason = container === '' ? 'FailedGetResourceMetric' : 'FailedGetContainerResourceMetric';
  const wrap = container === '' ? (e: string) => `failed to get ${name} resource metric value: ${e}` : (e: string) => `failed to get ${container} container metric value: ${e}`;
  const fail = (inner: string, e: string): One => ({ ok: false, reason, error: `${inner}: ${e}`, wrapped: wrap(`${inner}: ${e}`) });
  const avg = milliOf(target.averageValue);
  if (avg !== undefined) {
    const read = readResourceMetric(source, name, scale.namespace, scale.selector, container);
    if (!read.ok) return fail(`failed to get ${name} usage`, `unable to get metrics for resource ${name}: ${read.error}`);
    const r = rawResourceReplicas(current, avg, name, pods, read.metrics, env);
    if (!r.ok) return fail(`failed to get ${name} usage`, r.error);
    return { ok: true, replicas: r.replicas, metric: `${name} resource`, status: status({ averageValue: canonicalForm(milliQuantity(r.usage)) }) };
  }
  if (target.averageUtilization === undefined) {
    const e = 'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set';
    return { ok: false, reason, error: e, wrapped: wrap(e) };
  }
  const read = readResourceMetric(source, name, scale.namespace, scale.selector, container);
  if (!read.ok) return fail(`failed to get ${name} utilization`, `unable to get metrics for resource ${name}: ${read.error}`);
  const r = resourceReplicas(current, target.averageUtilization, name, container, pods, read.metrics, env);
  if (!r.ok) return fail(`failed to get ${name} utilization`, r.error);
  const metric = container === '' ? `${name} resource utilization (percentage of request)` : `${name} container resource utilization (percentage of request)`;
  return { ok: true, replicas: r.replicas, metric, status: status({ averageUtilization: r.utilization, averageValue: canonicalForm(milliQuantity(r.rawAverage)) }) };
}

const unserved = (reason: string, what: 'pods' | 'object', e: string): One => ({ ok: false, reason, error: e, wrapped: `failed to get ${what} metric value: ${e}` });

function oneMetric(spec: MetricSpec, current: number, scale: TargetScale, pods: readonly Pod[], source: PodMetricsSource | undefined, env: CalcEnv): One {
  switch (spec.type) {
    case 'Resource':
      return resourceMetric(spec.resource!.name, '', spec.resource!.target, current, scale, pods, source, env);
    case 'ContainerResource':
      return resourceMetric(spec.containerResource!.name, spec.containerResource!.container, spec.containerResource!.target, current, scale, pods, source, env);
    case 'Pods':
      return unserved('FailedGetPodsMetric', 'pods', `unable to get metric ${spec.pods!.metric.name}: ${NO_CUSTOM_METRICS}`);
    case 'Object':
      return unserved('FailedGetObjectMetric', 'object', `unable to get metric ${spec.object!.metric.name}: ${NO_CUSTOM_METRICS}`);
    case 'External': {
      const e = `unable to get external metric ${scale.namespace}/${spec.external!.metric.name}: ${NO_EXTERNAL_METRICS}`;
      return { ok: false, reason: 'FailedGetExternalMetric', error: e, wrapped: `failed to get ${spec.external!.metric.name} external metric value: ${e}` };
    }
    default: {
      const e = `unknown metric source type "${spec.type}"`;
      return { ok: false, reason: 'InvalidMetricSourceType', error: e, wrapped: e };
    }
  }
}

export function computeReplicasForMetrics(specs: readonly MetricSpec[], scale: TargetScale, pods: readonly Pod[], source: PodMetricsSource | undefined, env: CalcEnv): Proposals {
  const statuses: MetricStatus[] = [];
  let replicas = 0;
  let metric = '';
  const failed: Failure[] = [];
  for (const spec of specs) {
    const r = oneMetric(spec, scale.specReplicas, scale, pods, source, env);
    if (!r.ok) {
      failed.push(r);
      statuses.push({ type: '' });
      continue;
    }
    statuses.push(r.status);
    if (replicas === 0 || r.replicas > replicas) [replicas, metric] = [r.replicas, r.metric];
  }
  const first = failed[0];
  const invalid = failed.length;
  const failure = first === undefined ? undefined : { ...first, summary: `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${first.wrapped}` };
  if (invalid >= specs.length || (invalid > 0 && replicas < scale.specReplicas)) return { replicas: -1, metric: '', statuses, failed, ...(failure ? { failure } : {}) };
  return { replicas, metric, statuses, failed, ...(failure ? { failure } : {}) };
}
