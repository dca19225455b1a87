// The prober's worker for one (pod, container, kind) as plain state: when it runs, whether a run
// probes, how a result moves its counters and what it reports. The shell keeps a timer at
// `nextRunAt`, calls `probeTick` when it fires, executes the returned action against the
// container model and feeds the verdict to `probeRecord`.
//
// As on a real node the worker ticks every periodSeconds from its own start (not from the
// container's), skips ticks inside initialDelaySeconds, and holds liveness and readiness until the
// startup probe has passed. A failed liveness or startup probe puts the worker on hold until it
// sees a new container, so a container being killed is not probed again.

import { INITIAL_RESULT, probeTimings, type ProbeKind, type ProbeResult, type ProbeTimings } from './spec.ts';
import type { ProbeVerdict } from './outcome.ts';

export interface ProbeWorker {
  readonly podUid: string;
  readonly containerName: string;
  readonly kind: ProbeKind;
  readonly timings: ProbeTimings;
  /** The container instance the reported result belongs to. */
  readonly containerId?: string;
  /** What the results manager holds for containerId (undefined before the first container). */
  readonly reported?: ProbeResult;
  readonly lastResult?: ProbeResult;
  /** How many probes in a row gave lastResult. */
  readonly resultRun: number;
  readonly onHold: boolean;
  /** The next tick (virtual ms). */
  readonly nextRunAt: number;
  readonly stopped: boolean;
}

export interface NewWorker {
  readonly podUid: string;
  readonly containerName: string;
  readonly kind: ProbeKind;
  readonly probe: Parameters<typeof probeTimings>[0];
  readonly now: number;
  /**
   * Delay before the first tick. A kubelet that started less than one period ago spreads its
   * workers by a random fraction of the period (pass random() × period); otherwise 0.
   */
  readonly firstRunDelayMs?: number;
}

export function newProbeWorker(w: NewWorker): ProbeWorker {
  return {
    podUid: w.podUid,
    containerName: w.containerName,
    kind: w.kind,
    timings: probeTimings(w.probe),
    resultRun: 0,
    onHold: false,
    nextRunAt: w.now + (w.firstRunDelayMs ?? 0),
    stopped: false,
  };
}

/** What the worker sees of its pod and container when it ticks (the kubelet's status cache). */
export interface ProbeView {
  readonly podPhase: string;
  readonly restartPolicy: 'Always' | 'OnFailure' | 'Never';
  /** The pod has a deletionTimestamp. */
  readonly deleting: boolean;
  /** Undefined while the container has no ID yet. */
  readonly container?: {
    readonly id: string;
    readonly state: 'running' | 'waiting' | 'terminated';
    /** state.running.startedAt (virtual ms). */
    readonly startedAt?: number;
    /** status.started, as containerStarted computes it. */
    readonly started: boolean;
  };
}

export type TickDecision = 'probe' | 'skip' | 'stop';

export interface Tick {
  readonly worker: ProbeWorker;
  /** Run the probe now ('probe'), wait for the next tick ('skip'), or end the worker ('stop'). */
  readonly decision: TickDecision;
}

const periodMs = (w: ProbeWorker) => w.timings.periodSeconds * 1000;

/** The tick after `now` on the worker's grid (a ticker drops ticks it could not deliver). */
function advance(w: ProbeWorker, now: number): number {
  const p = periodMs(w);
  if (w.nextRunAt > now) return w.nextRunAt;
  return w.nextRunAt + (Math.floor((now - w.nextRunAt) / p) + 1) * p;
}

/** One tick of the worker's loop, up to the point where it would call the prober. */
export function probeTick(w0: ProbeWorker, view: ProbeView, now: number): Tick {
  if (w0.stopped) return { worker: w0, decision: 'stop' };
  let w: ProbeWorker = { ...w0, nextRunAt: advance(w0, now) };
  const stop = (worker: ProbeWorker): Tick => ({ worker: { ...worker, stopped: true }, decision: 'stop' });
  if (view.podPhase === 'Failed' || view.podPhase === 'Succeeded') return stop(w);
  const c = view.container;
  if (!c) return { worker: w, decision: 'skip' };
  if (w.containerId !== c.id) {
    // A new container instance: report the initial result again and resume probing.
    w = { ...w, containerId: c.id, reported: INITIAL_RESULT[w.kind], onHold: false };
  }
  if (w.onHold) return { worker: w, decision: 'skip' };
  if (c.state !== 'running') {
    w = { ...w, reported: 'Failure' };
    // A terminated container of a pod that never restarts will not come back.
    return c.state === 'terminated' && view.restartPolicy === 'Never' ? stop(w) : { worker: w, decision: 'skip' };
  }
  if (view.deleting && (w.kind === 'liveness' || w.kind === 'startup')) {
    // A pod being deleted is not killed by its own probes while it shuts down.
    return stop({ ...w, reported: 'Success' });
  }
  if (c.startedAt !== undefined && Math.trunc((now - c.startedAt) / 1000) < w.timings.initialDelaySeconds) return { worker: w, decision: 'skip' };
  // Startup probes stop once the container started; the others wait until it has.
  if (c.started ? w.kind === 'startup' : w.kind !== 'startup') return { worker: w, decision: 'skip' };
  return { worker: w, decision: 'probe' };
}

export interface Recorded {
  readonly worker: ProbeWorker;
  /** The reported result changed (the shell republishes it). */
  readonly changed: boolean;
  /** A liveness or startup probe crossed its failure threshold: the container is to be killed. */
  readonly kill: boolean;
}

/** A probe's verdict: count it, and report once a threshold is reached. Errored probes count nothing. */
export function probeRecord(w: ProbeWorker, v: ProbeVerdict): Recorded {
  if (v.error !== undefined || v.result === 'Unknown' || w.stopped) return { worker: w, changed: false, kill: false };
  const result = v.result;
  const resultRun = w.lastResult === result ? w.resultRun + 1 : 1;
  let next: ProbeWorker = { ...w, lastResult: result, resultRun };
  const threshold = result === 'Failure' ? w.timings.failureThreshold : w.timings.successThreshold;
  if (resultRun < threshold) return { worker: next, changed: false, kill: false };
  const changed = next.reported !== result;
  next = { ...next, reported: result };
  if ((w.kind === 'liveness' || w.kind === 'startup') && result === 'Failure') {
    return { worker: { ...next, onHold: true, resultRun: 0 }, changed, kill: true };
  }
  return { worker: next, changed, kill: false };
}

/**
 * A manual trigger (the status manager asks for a readiness probe when a running container is
 * not yet ready): the worker runs at `now` instead of waiting for its tick.
 */
export const triggerNow = (w: ProbeWorker, now: number): ProbeWorker => (w.stopped || w.nextRunAt <= now ? w : { ...w, nextRunAt: now });

/**
 * status.started of a running container: with a startup probe, once it reported Success; without
 * one, as soon as it runs. `startup` is the startup worker, if the container has one.
 */
export function containerStarted(running: boolean, containerId: string, startup: ProbeWorker | undefined): boolean {
  if (!running) return false;
  if (!startup) return true;
  return startup.containerId === containerId && startup.reported === 'Success';
}

/** status.ready: started, running, and readiness reported Success (or no readiness probe). */
export function containerReady(running: boolean, started: boolean, containerId: string, readiness: ProbeWorker | undefined): boolean {
  if (!running || !started) return false;
  if (!readiness) return true;
  return readiness.containerId === containerId && readiness.reported === 'Success';
}
