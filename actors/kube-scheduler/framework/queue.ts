// kube-scheduler's scheduling queue (internal/queue/scheduling_queue.go) as pure functions of
// (state, event, now): activeQ in PrioritySort order, backoffQ with per-pod exponential backoff,
// and the unschedulable pods that wait for a cluster event that may make them schedulable (or
// for the five-minute flush). PreEnqueue plugins (scheduling gates) keep a pod out of activeQ.

import type { Pod } from '../../../protocols/kube/objects.ts';
import type { PluginStatus } from './types.ts';

export const POD_INITIAL_BACKOFF_MS = 1_000;
export const POD_MAX_BACKOFF_MS = 10_000;
/** podMaxInUnschedulablePodsDuration. */
export const MAX_IN_UNSCHEDULABLE_MS = 5 * 60_000;
/** How often the leftover unschedulable pods are looked at (flushUnschedulablePodsLeftover). */
export const FLUSH_UNSCHEDULABLE_PERIOD_MS = 30_000;
/** How often completed backoffs move to activeQ (flushBackoffQCompleted). */
export const FLUSH_BACKOFF_PERIOD_MS = 1_000;

export interface QueuedPod {
  readonly key: string;
  readonly pod: Pod;
  /** When the pod first entered the queue: PrioritySort's tie-breaker. */
  readonly initialTimestamp: number;
  /** When it was last added or its attempt ended: backoff and the flush count from here. */
  readonly timestamp: number;
  readonly attempts: number;
  /** The plugins that rejected it in its last attempt (empty after an error). */
  readonly unschedulablePlugins: readonly string[];
  /** Set while a PreEnqueue plugin holds it back. */
  readonly gatedBy?: string;
}

export interface QueueState {
  readonly active: readonly QueuedPod[];
  readonly backoff: readonly QueuedPod[];
  readonly unschedulable: readonly QueuedPod[];
  /** Pods popped and being scheduled, with the scheduling cycle that took them. */
  readonly inFlight: Readonly<Record<string, number>>;
  readonly schedulingCycle: number;
  /** Cluster events seen while some pod was in flight, with the cycle current then: a pod that
   * fails afterwards is requeued at once if one of them may have made it schedulable. */
  readonly inFlightEvents: readonly { readonly cycle: number; readonly event: string }[];
}

export interface QueueConfig {
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /** PreEnqueue plugins: a non-Success status gates the pod. */
  readonly preEnqueue: readonly { readonly name: string; readonly preEnqueue: (pod: Pod) => PluginStatus }[];
  /** plugin name → the cluster events (e.g. "Node/Add", "Pod/Delete") that may make a pod it rejected schedulable. */
  readonly eventsToRegister: Readonly<Record<string, readonly string[]>>;
}

export const DEFAULT_QUEUE_CONFIG: QueueConfig = { initialBackoffMs: POD_INITIAL_BACKOFF_MS, maxBackoffMs: POD_MAX_BACKOFF_MS, preEnqueue: [], eventsToRegister: {} };

export const emptyQueue = (): QueueState => ({ active: [], backoff: [], unschedulable: [], inFlight: {}, schedulingCycle: 0, inFlightEvents: [] });

const priorityOf = (p: Pod): number => p.spec?.priority ?? 0;

/** PrioritySort: higher priority first, then the earlier arrival. */
export function lessPrioritySort(a: QueuedPod, b: QueuedPod): boolean {
  const pa = priorityOf(a.pod);
  const pb = priorityOf(b.pod);
  return pa > pb || (pa === pb && a.initialTimestamp < b.initialTimestamp);
}

function insertActive(active: readonly QueuedPod[], qp: QueuedPod): QueuedPod[] {
  const out = active.filter((p) => p.key !== qp.key);
  let i = 0;
  while (i < out.length && !lessPrioritySort(qp, out[i]!)) i++;
  out.splice(i, 0, qp);
  return out;
}

/** Backoff doubles from the initial value per attempt, capped at the max (calculateBackoffDuration). */
export function backoffDuration(attempts: number, config: QueueConfig = DEFAULT_QUEUE_CONFIG): number {
  let d = config.initialBackoffMs;
  for (let i = 1; i < attempts; i++) {
    if (d > config.maxBackoffMs - d) return config.maxBackoffMs;
    d += d;
  }
  return d;
}

export const backoffExpiry = (qp: QueuedPod, config: QueueConfig = DEFAULT_QUEUE_CONFIG): number => qp.timestamp + backoffDuration(qp.attempts, config);

const isBackingOff = (qp: QueuedPod, now: number, config: QueueConfig): boolean => qp.attempts > 0 && backoffExpiry(qp, config) > now;

function gate(qp: QueuedPod, config: QueueConfig): QueuedPod {
  for (const pl of config.preEnqueue) {
    if (pl.preEnqueue(qp.pod).code !== 'Success') return { ...qp, gatedBy: pl.name };
  }
  const { gatedBy: _ignored, ...rest } = qp;
  return rest;
}

const without = (list: readonly QueuedPod[], key: string): QueuedPod[] => list.filter((p) => p.key !== key);

/** A new pending pod (Add): to activeQ unless a PreEnqueue plugin gates it. */
export function addPod(q: QueueState, key: string, pod: Pod, now: number, config: QueueConfig = DEFAULT_QUEUE_CONFIG): QueueState {
  const qp = gate({ key, pod, initialTimestamp: now, timestamp: now, attempts: 0, unschedulablePlugins: [] }, config);
  if (qp.gatedBy !== undefined) return { ...q, unschedulable: [...without(q.unschedulable, key), qp] };
  return { ...q, active: insertActive(q.active, qp) };
}

/** Pop: the head of activeQ starts a scheduling cycle. */
export function pop(q: QueueState): { readonly queue: QueueState; readonly pod?: QueuedPod } {
  const [head, ...rest] = q.active;
  if (head === undefined) return { queue: q };
  const cycle = q.schedulingCycle + 1;
  const popped = { ...head, attempts: head.attempts + 1 };
  return { queue: { ...q, active: rest, schedulingCycle: cycle, inFlight: { ...q.inFlight, [head.key]: cycle } }, pod: popped };
}

const wakes = (qp: QueuedPod, event: string, config: QueueConfig): boolean =>
  qp.unschedulablePlugins.some((pl) => (config.eventsToRegister[pl] ?? []).some((e) => e === event || e === '*'));

/** Events are kept only while a pod that was in flight when they came could still fail. */
function leaveFlight(q: QueueState, key: string): Pick<QueueState, 'inFlight' | 'inFlightEvents'> {
  const { [key]: _done, ...inFlight } = q.inFlight;
  const oldest = Math.min(...Object.values(inFlight));
  return { inFlight, inFlightEvents: q.inFlightEvents.filter((e) => e.cycle >= oldest) };
}

/**
 * The pod's attempt ended without a node. An error (no rejecting plugin) goes to backoffQ; an
 * unschedulable pod waits in the unschedulable pods unless an event that came in while it was being
 * scheduled may have helped it (the in-flight queueing hint), in which case it is requeued now.
 */
export function addUnschedulable(q: QueueState, qp: QueuedPod, unschedulablePlugins: readonly string[], now: number, config: QueueConfig = DEFAULT_QUEUE_CONFIG): QueueState {
  const cycle = q.inFlight[qp.key] ?? q.schedulingCycle;
  const next: QueuedPod = { ...qp, timestamp: now, unschedulablePlugins };
  const rest: QueueState = { ...q, ...leaveFlight(q, qp.key), active: without(q.active, qp.key), backoff: without(q.backoff, qp.key), unschedulable: without(q.unschedulable, qp.key) };
  if (unschedulablePlugins.length === 0) return { ...rest, backoff: [...rest.backoff, next] };
  const helped = q.inFlightEvents.some((e) => e.cycle >= cycle && wakes(next, e.event, config));
  if (helped) return moveToActiveOrBackoff(rest, next, now, config);
  return { ...rest, unschedulable: [...rest.unschedulable, next] };
}

/** The pod was bound (or deleted): it leaves every sub-queue. */
export function done(q: QueueState, key: string): QueueState {
  return { ...q, ...leaveFlight(q, key), active: without(q.active, key), backoff: without(q.backoff, key), unschedulable: without(q.unschedulable, key) };
}

function moveToActiveOrBackoff(q: QueueState, qp: QueuedPod, now: number, config: QueueConfig): QueueState {
  const gated = gate(qp, config);
  if (gated.gatedBy !== undefined) return { ...q, unschedulable: [...without(q.unschedulable, qp.key), gated] };
  const rest = { ...q, unschedulable: without(q.unschedulable, qp.key) };
  if (isBackingOff(gated, now, config)) return { ...rest, backoff: [...without(rest.backoff, qp.key), gated] };
  return { ...rest, active: insertActive(rest.active, gated) };
}

/**
 * A cluster event (e.g. "Node/Add"): the unschedulable pods that a plugin interested in it had
 * rejected move on, as do gated pods whose gates are gone; pods in flight remember it.
 */
export function onClusterEvent(q: QueueState, event: string, now: number, config: QueueConfig = DEFAULT_QUEUE_CONFIG): QueueState {
  const inFlightEvents = Object.keys(q.inFlight).length === 0 ? q.inFlightEvents : [...q.inFlightEvents, { cycle: q.schedulingCycle, event }];
  let out: QueueState = { ...q, inFlightEvents };
  for (const qp of q.unschedulable) {
    if (qp.gatedBy !== undefined || wakes(qp, event, config)) out = moveToActiveOrBackoff(out, qp, now, config);
  }
  return out;
}

/** The pod object changed (e.g. its gates were removed): PreEnqueue runs again. */
export function updatePod(q: QueueState, key: string, pod: Pod, now: number, config: QueueConfig = DEFAULT_QUEUE_CONFIG): QueueState {
  const inUnsched = q.unschedulable.find((p) => p.key === key);
  if (inUnsched !== undefined) return moveToActiveOrBackoff(q, { ...inUnsched, pod }, now, config);
  const swap = (l: readonly QueuedPod[]): QueuedPod[] => l.map((p) => (p.key === key ? { ...p, pod } : p));
  const active = q.active.find((p) => p.key === key);
  return { ...q, active: active === undefined ? q.active : insertActive(q.active, { ...active, pod }), backoff: swap(q.backoff) };
}

/** flushBackoffQCompleted: pods whose backoff has expired move to activeQ. */
export function flushBackoffCompleted(q: QueueState, now: number, config: QueueConfig = DEFAULT_QUEUE_CONFIG): QueueState {
  let active = [...q.active];
  const backoff: QueuedPod[] = [];
  for (const qp of q.backoff) {
    if (isBackingOff(qp, now, config)) backoff.push(qp);
    else active = insertActive(active, qp);
  }
  return { ...q, active, backoff };
}

/** flushUnschedulablePodsLeftover: non-gated pods unschedulable for longer than five minutes move on. */
export function flushUnschedulableLeftover(q: QueueState, now: number, config: QueueConfig = DEFAULT_QUEUE_CONFIG): QueueState {
  let out: QueueState = q;
  for (const qp of q.unschedulable) {
    if (qp.gatedBy === undefined && now - qp.timestamp > MAX_IN_UNSCHEDULABLE_MS) out = moveToActiveOrBackoff(out, qp, now, config);
  }
  return out;
}
