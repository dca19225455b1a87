// The replica calculation against the cases of Kubernetes' replica_calculator_test.go: pods of
// two containers each requesting the pod's request, usage per container, readiness and start
// times ("hot": within the cpu initialization period, "cool": long past it), failed and deleted pods.

import test from 'ava';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { DEFAULT_EPOCH_MS, rfc3339 } from '../../../../protocols/kube/time.ts';
import { readResourceMetric } from '../../../../actors/kube-controller-manager/podautoscaler/metrics-source.ts';
import { resourceReplicas } from '../../../../actors/kube-controller-manager/podautoscaler/replica-calculator.ts';

const NOW = 3_600_000;
const COOL = NOW - 10 * 60_000;
const HOT = NOW - 60_000;

interface Case {
  current: number;
  requests: string[];
  /** Per pod: one level for both containers, or one per container. */
  levels: (number | number[])[];
  target: number;
  ready?: boolean[];
  start?: number[];
  phase?: string[];
  deleting?: boolean[];
  container?: string;
  podNames?: string[];
  expect: { replicas: number; utilization: number; raw: number } | { error: string };
}

function run(c: Case) {
  const n = Math.max(c.current, c.phase?.length ?? 0);
  const pods: Pod[] = Array.from({ length: n }, (_, i) => ({
    metadata: { name: `test-pod-${i}`, namespace: 'ns', ...(c.deleting?.[i] ? { deletionTimestamp: rfc3339(DEFAULT_EPOCH_MS + NOW) } : {}) },
    spec: {
      containers: ['container1', 'container2'].map((name) => ({ name, ...(c.requests[i] === undefined ? {} : { resources: { requests: { cpu: c.requests[i]! } } }) })),
    },
    status: {
      phase: c.phase?.[i] ?? 'Running',
      startTime: rfc3339(DEFAULT_EPOCH_MS + (c.start?.[i] ?? COOL)),
      // No transition time, as the Go cases leave it zero.
      conditions: [{ type: 'Ready', status: c.ready?.[i] === false ? 'False' : 'True' }],
    },
  }));
  const source = {
    podMetrics: () =>
      c.levels.map((l, i) => ({
        pod: c.podNames?.[i] ?? `test-pod-${i}`,
        timestampMs: 0,
        windowMs: 60_000,
        containers: (Array.isArray(l) ? l : [l, l]).map((v, j) => ({ name: `container${j + 1}`, usage: { cpu: `${v}m` } })),
      })),
  };
  const read = readResourceMetric(source, 'cpu', 'ns', 'name=test-pod', c.container ?? '');
  if (!read.ok) return { error: read.error };
  const r = resourceReplicas(c.current, c.target, 'cpu', c.container ?? '', pods, read.metrics, { now: NOW, epochMs: DEFAULT_EPOCH_MS });
  return r.ok ? { replicas: r.replicas, utilization: r.utilization, raw: r.rawAverage } : { error: r.error };
}

const one = ['1.0', '1.0', '1.0', '1.0', '1.0', '1.0', '1.0'];

const CASES: Record<string, Case> = {
  ScaleUp: { current: 3, requests: one, levels: [300, 500, 700], target: 30, expect: { replicas: 5, utilization: 50, raw: 1000 } },
  ContainerScaleUp: { current: 3, requests: one, levels: [[1000, 300], [1000, 500], [1000, 700]], target: 30, container: 'container2', expect: { replicas: 5, utilization: 50, raw: 500 } },
  ScaleUpUnreadyLessScale: { current: 3, requests: one, levels: [300, 500, 700], target: 30, ready: [false, true, true], expect: { replicas: 4, utilization: 60, raw: 1200 } },
  ScaleUpHotCpuLessScale: { current: 3, requests: one, levels: [300, 500, 700], target: 30, start: [HOT, COOL, COOL], expect: { replicas: 4, utilization: 60, raw: 1200 } },
  ScaleUpUnreadyNoScale: { current: 3, requests: one, levels: [400, 500, 700], target: 30, ready: [true, false, false], expect: { replicas: 3, utilization: 40, raw: 800 } },
  ScaleHotCpuNoScale: { current: 3, requests: one, levels: [400, 500, 700], target: 30, ready: [true, false, false], start: [COOL, HOT, HOT], expect: { replicas: 3, utilization: 40, raw: 800 } },
  ScaleUpIgnoresFailedPods: { current: 2, requests: one, levels: [500, 700], target: 30, ready: [true, true, false, false], phase: ['Running', 'Running', 'Failed', 'Failed'], expect: { replicas: 4, utilization: 60, raw: 1200 } },
  ScaleUpIgnoresDeletionPods: { current: 2, requests: one, levels: [500, 700], target: 30, ready: [true, true, false, false], phase: ['Running', 'Running', 'Running', 'Running'], deleting: [false, false, true, true], expect: { replicas: 4, utilization: 60, raw: 1200 } },
  ScaleDown: { current: 5, requests: one, levels: [100, 300, 500, 250, 250], target: 50, expect: { replicas: 3, utilization: 28, raw: 560 } },
  ScaleDownContainerIgnoreHotCpuPods: { current: 5, requests: one, levels: [[1000, 100], [1000, 300], [1000, 500], [1000, 1000], [1000, 1000]], target: 50, container: 'container2', start: [COOL, COOL, COOL, HOT, HOT], expect: { replicas: 2, utilization: 30, raw: 300 } },
  ScaleDownIgnoresFailedPods: { current: 5, requests: one, levels: [100, 300, 500, 250, 250], target: 50, ready: [true, true, true, true, true, false, false], phase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Failed', 'Failed'], expect: { replicas: 3, utilization: 28, raw: 560 } },
  Tolerance: { current: 3, requests: ['0.9', '1.0', '1.1'], levels: [1010, 1030, 1020], target: 100, expect: { replicas: 3, utilization: 102, raw: 2040 } },
  SuperfluousMetrics: { current: 4, requests: one, levels: [4000, 9500, 3000, 7000, 3200, 2000], target: 100, expect: { replicas: 24, utilization: 587, raw: 11750 } },
  MissingMetrics: { current: 4, requests: one, levels: [400, 95], target: 100, expect: { replicas: 3, utilization: 24, raw: 495 } },
  MissingMetricsNoChangeEq: { current: 2, requests: one, levels: [1000], target: 100, expect: { replicas: 2, utilization: 100, raw: 2000 } },
  MissingMetricsNoChangeGt: { current: 2, requests: one, levels: [1900], target: 100, expect: { replicas: 2, utilization: 190, raw: 3800 } },
  MissingMetricsNoChangeLt: { current: 2, requests: one, levels: [600], target: 100, expect: { replicas: 2, utilization: 60, raw: 1200 } },
  MissingMetricsUnreadyChange: { current: 3, requests: one, levels: [100, 450], target: 50, ready: [false, true, true], expect: { replicas: 3, utilization: 45, raw: 900 } },
  MissingMetricsHotCpuNoChange: { current: 3, requests: one, levels: [100, 450], target: 50, start: [HOT, COOL, COOL], expect: { replicas: 3, utilization: 45, raw: 900 } },
  MissingMetricsUnreadyScaleUp: { current: 3, requests: one, levels: [100, 2000], target: 50, ready: [false, true, true], expect: { replicas: 4, utilization: 200, raw: 4000 } },
  MissingMetricsUnreadyScaleDown: { current: 4, requests: one, levels: [100, 100, 100], target: 50, ready: [false, true, true, true], expect: { replicas: 3, utilization: 10, raw: 200 } },
  MissingMetricsScaleDownTargetOver100: { current: 4, requests: ['1.0', '1.0', '2.0', '2.0'], levels: [200, 100, 100], target: 300, ready: [false, true, true, true], expect: { replicas: 2, utilization: 6, raw: 200 } },
  DuringRollingUpdateWithMaxSurge: { current: 2, requests: one, levels: [100, 100], target: 50, phase: ['Running', 'Running', 'Running'], expect: { replicas: 2, utilization: 10, raw: 200 } },
  DisjointResourcesMetrics: { current: 1, requests: one, levels: [100], podNames: ['an-older-pod-name'], target: 100, expect: { error: 'no metrics returned matched known pods' } },
  EmptyMetrics: { current: 4, requests: one, levels: [], target: 100, expect: { error: 'no metrics returned from resource metrics API' } },
  EmptyCPURequest: { current: 1, requests: [], levels: [200], target: 100, expect: { error: 'missing request for cpu in container container1 of Pod test-pod-0' } },
};

for (const [name, c] of Object.entries(CASES)) {
  test(`hpa calculator: ${name}`, (t) => {
    t.deepEqual(run(c), c.expect);
  });
}
