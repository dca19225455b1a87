// Where the HPA controller reads pod resource usage: the resource metrics API (metrics.k8s.io
// PodMetrics) behind an interface, since that API arrives with a later issue. Reading it as
// Kubernetes' resource metrics client does: a pod's value is the sum over its containers (or one
// container's, for ContainerResource metrics) in milli-units, and a pod with a container lacking
// the resource has no value at all, so the replica calculation treats it as missing.

import { milliValue, tryParseQuantity } from '../../../protocols/kube/quantity.ts';

export interface PodMetricsSample {
  readonly pod: string;
  /** When the sample was taken, in virtual ms (the clock `now` runs on). */
  readonly timestampMs: number;
  /** The window the usage was averaged over, in ms. */
  readonly windowMs: number;
  readonly containers: readonly { readonly name: string; readonly usage: Readonly<Record<string, string>> }[];
}

export interface PodMetricsSource {
  /** PodMetrics of the pods in `namespace` matching `selector` (a label selector string); undefined when the API does not answer. */
  podMetrics(namespace: string, selector: string): readonly PodMetricsSample[] | undefined;
}

export interface PodMetric {
  readonly timestampMs: number;
  readonly windowMs: number;
  /** Milli-units of the resource. */
  readonly value: number;
}

export type PodMetrics = Map<string, PodMetric>;

export type MetricsRead = { readonly ok: true; readonly metrics: PodMetrics; readonly timestampMs: number } | { readonly ok: false; readonly error: string };

/** What the metrics client says when metrics.k8s.io is not served (no metrics-server). */
export const METRICS_API_MISSING = 'unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)';

const milli = (text: string | undefined): number | undefined => {
  const q = text === undefined ? undefined : tryParseQuantity(text);
  return q === undefined ? undefined : milliValue(q);
};

/** The resource's usage per pod, as the resource metrics client's GetResourceMetric gives it. */
export function readResourceMetric(source: PodMetricsSource | undefined, resource: string, namespace: string, selector: string, container: string): MetricsRead {
  const samples = source?.podMetrics(namespace, selector);
  if (samples === undefined) return { ok: false, error: METRICS_API_MISSING };
  if (samples.length === 0) return { ok: false, error: 'no metrics returned from resource metrics API' };
  const metrics: PodMetrics = new Map();
  for (const s of samples) {
    if (container !== '') {
      const c = s.containers.find((x) => x.name === container);
      if (c === undefined) return { ok: false, error: `failed to get container metrics: container ${container} not present in metrics for pod ${namespace}/${s.pod}` };
      const v = milli(c.usage[resource]);
      if (v !== undefined) metrics.set(s.pod, { timestampMs: s.timestampMs, windowMs: s.windowMs, value: v });
      continue;
    }
    let sum = 0;
    let missing = s.containers.length === 0;
    for (const c of s.containers) {
      const v = milli(c.usage[resource]);
      if (v === undefined) {
        missing = true;
        break;
      }
      sum += v;
    }
    if (!missing) metrics.set(s.pod, { timestampMs: s.timestampMs, windowMs: s.windowMs, value: sum });
  }
  return { ok: true, metrics, timestampMs: samples[0]!.timestampMs };
}
