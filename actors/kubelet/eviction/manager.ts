// One pass of the eviction manager (its synchronize, every 10 s): which thresholds hold, which
// pressure conditions the node reports (kept for evictionPressureTransitionPeriod after they last
// held, so they do not flap), and at most one pod to evict with the status the kubelet gives it.
// Only memory pressure ranks and evicts pods here; disk and PID thresholds still drive conditions.

import type { Pod } from '../../../protocols/kube/objects.ts';
import { formatQuantity, parseQuantity, wholeQuantity } from '../../../protocols/kube/quantity.ts';
import { effectiveRequests, getPodQOS, isCriticalPod } from '../qos.ts';
import { rankMemoryPressure, type StatsFunc } from './rank.ts';
import {
  PRESSURE_TRANSITION_PERIOD_MS,
  isHardThreshold,
  signalCondition,
  signalResource,
  thresholdMetInfo,
  thresholdsMet,
  type Observations,
  type Signal,
  type Threshold,
} from './thresholds.ts';

export type PressureCondition = 'MemoryPressure' | 'DiskPressure' | 'PIDPressure';

export interface EvictionState {
  /** Thresholds that held at the last pass (they hold until minReclaim is reclaimed too). */
  readonly thresholdsMet: readonly Threshold[];
  /** When each signal's threshold was first seen holding, for soft grace periods (ms). */
  readonly firstObservedAt: Readonly<Partial<Record<Signal, number>>>;
  /** When each pressure condition last held (ms). */
  readonly conditionLastObservedAt: Readonly<Partial<Record<PressureCondition, number>>>;
  /** The pressure conditions the node reports now. */
  readonly conditions: readonly PressureCondition[];
}

export interface EvictionConfig {
  readonly thresholds: readonly Threshold[];
  /** evictionPressureTransitionPeriod; 5 min by default. */
  readonly pressureTransitionPeriodMs?: number;
  /** evictionMaxPodGracePeriod, for soft thresholds; 0 by default. */
  readonly maxPodGracePeriodSeconds?: number;
}

export const INITIAL_EVICTION_STATE: EvictionState = { thresholdsMet: [], firstObservedAt: {}, conditionLastObservedAt: {}, conditions: [] };

/** The hard-eviction grace period the kubelet gives an evicted pod. */
export const IMMEDIATE_EVICTION_GRACE_PERIOD_SECONDS = 1;

export interface EvictedPod {
  readonly pod: Pod;
  readonly gracePeriodSeconds: number;
  /** What the kubelet writes into the pod's status as it kills it. */
  readonly status: {
    readonly phase: 'Failed';
    readonly reason: 'Evicted';
    readonly message: string;
    readonly condition: { readonly type: 'DisruptionTarget'; readonly status: 'True'; readonly reason: 'TerminationByKubelet'; readonly message: string };
  };
  /** The Warning event on the pod, with its annotations. */
  readonly event: { readonly type: 'Warning'; readonly reason: 'Evicted'; readonly message: string; readonly annotations: Readonly<Record<string, string>> };
}

export interface EvictionPass {
  readonly state: EvictionState;
  /** Set when a threshold with a ranking holds: the node's Warning event "Attempting to reclaim memory". */
  readonly nodeEvent?: { readonly type: 'Warning'; readonly reason: 'EvictionThresholdMet'; readonly message: string };
  readonly evicted?: EvictedPod;
}

const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/** synchronize: one pass over the observations and the node's active pods. */
export function evictionPass(
  state: EvictionState,
  config: EvictionConfig,
  observations: Observations,
  activePods: readonly Pod[],
  stats: StatsFunc,
  now: number,
): EvictionPass {
  let met = thresholdsMet(config.thresholds, observations, false);
  if (state.thresholdsMet.length > 0) {
    const notYetResolved = thresholdsMet(state.thresholdsMet, observations, true);
    met = [...met, ...notYetResolved.filter((t) => !met.some((m) => m.signal === t.signal && m.gracePeriodMs === t.gracePeriodMs))];
  }
  const firstObservedAt: Partial<Record<Signal, number>> = {};
  for (const t of met) firstObservedAt[t.signal] = state.firstObservedAt[t.signal] ?? now;
  const conditionLastObservedAt = { ...state.conditionLastObservedAt };
  for (const c of unique(met.map((t) => signalCondition(t.signal)))) conditionLastObservedAt[c] = now;
  const period = config.pressureTransitionPeriodMs ?? PRESSURE_TRANSITION_PERIOD_MS;
  const conditions = (Object.entries(conditionLastObservedAt) as [PressureCondition, number][]).filter(([, at]) => now - at < period).map(([c]) => c);
  const actionable = met.filter((t) => now - (firstObservedAt[t.signal] ?? now) >= t.gracePeriodMs);
  const next: EvictionState = { thresholdsMet: actionable, firstObservedAt, conditionLastObservedAt, conditions };

  const memory = actionable.find((t) => t.signal === 'memory.available');
  if (!memory) return { state: next };
  const nodeEvent = { type: 'Warning', reason: 'EvictionThresholdMet', message: 'Attempting to reclaim memory' } as const;
  for (const pod of rankMemoryPressure(activePods, stats)) {
    // A critical pod is never evicted; the kubelet moves on to the next one.
    if (isCriticalPod(pod)) continue;
    const { message, annotations } = evictionMessage('memory', pod, stats, actionable, observations);
    const maxGrace = config.maxPodGracePeriodSeconds ?? 0;
    const podGrace = pod.spec?.terminationGracePeriodSeconds;
    const gracePeriodSeconds = isHardThreshold(memory) ? IMMEDIATE_EVICTION_GRACE_PERIOD_SECONDS : podGrace === undefined ? maxGrace : Math.min(maxGrace, podGrace);
    return {
      state: next,
      nodeEvent,
      evicted: {
        pod,
        gracePeriodSeconds,
        status: { phase: 'Failed', reason: 'Evicted', message, condition: { type: 'DisruptionTarget', status: 'True', reason: 'TerminationByKubelet', message } },
        event: { type: 'Warning', reason: 'Evicted', message, annotations },
      },
    };
  }
  return { state: next, nodeEvent };
}

/** The annotations the kubelet puts on an eviction event. */
export const OFFENDING_CONTAINERS_KEY = 'offending_containers';
export const OFFENDING_CONTAINERS_USAGE_KEY = 'offending_containers_usage';
export const STARVED_RESOURCE_KEY = 'starved_resource';

/**
 * evictionMessage: "The node was low on resource: memory. Threshold quantity: 100Mi, available:
 * 51200Ki. Container big was using 300Mi, request is 0, has larger consumption of memory. " — one
 * sentence per container using more than it requested, each with the trailing space the kubelet
 * leaves.
 */
export function evictionMessage(resource: 'memory', pod: Pod, stats: StatsFunc, thresholds: readonly Threshold[], observations: Observations): { message: string; annotations: Record<string, string> } {
  let message = `The node was low on resource: ${resource}. `;
  const t = thresholds.find((x) => signalResource(x.signal) === resource);
  const info = t && thresholdMetInfo(t, observations);
  if (info) message += `Threshold quantity: ${info.quantity}, available: ${info.available}. `;
  const podStats = stats(pod);
  if (!podStats) return { message, annotations: {} };
  const containers: string[] = [];
  const usages: string[] = [];
  for (const cs of podStats.containers) {
    // Init containers count too: a running sidecar uses memory like any container.
    const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === cs.name);
    if (!spec) continue;
    const requestText = effectiveRequests(spec).memory;
    const request = requestText === undefined ? wholeQuantity(0) : parseQuantity(requestText);
    const usage = wholeQuantity(cs.workingSetBytes, 'BinarySI');
    if (usage.nanos > request.nanos) {
      message += `Container ${cs.name} was using ${formatQuantity(usage)}, request is ${formatQuantity(request)}, has larger consumption of ${resource}. `;
      containers.push(cs.name);
      usages.push(formatQuantity(usage));
    }
  }
  return { message, annotations: { [OFFENDING_CONTAINERS_KEY]: containers.join(','), [OFFENDING_CONTAINERS_USAGE_KEY]: usages.join(','), [STARVED_RESOURCE_KEY]: resource } };
}

/**
 * The eviction manager's admission check: under memory pressure alone only BestEffort pods are
 * refused (critical pods always pass); under any other pressure every non-critical pod is.
 */
export function admitUnderPressure(pod: Pod, conditions: readonly PressureCondition[]): { admit: true } | { admit: false; reason: 'Evicted'; message: string } {
  if (conditions.length === 0 || isCriticalPod(pod)) return { admit: true };
  if (conditions.every((c) => c === 'MemoryPressure')) {
    const tolerates = (pod.spec?.tolerations ?? []).some(
      (t) => (t.key === 'node.kubernetes.io/memory-pressure' || (t.key ?? '') === '' && t.operator === 'Exists') && (t.effect === undefined || t.effect === '' || t.effect === 'NoSchedule'),
    );
    if (getPodQOS(pod) !== 'BestEffort' || tolerates) return { admit: true };
  }
  return { admit: false, reason: 'Evicted', message: `The node had condition: [${conditions.join(' ')}]. ` };
}
