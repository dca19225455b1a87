// client-go's LeaderElector on a coordination.k8s.io/v1 Lease, as a pure state machine. Every
// retry period a candidate reads the Lease; it takes it (or renews it) with an update carrying
// the resourceVersion it read, so of two racing writers one gets 409 Conflict. A Lease held by
// another is left alone until the candidate has seen it unchanged for a whole lease duration,
// measured on the candidate's own clock from when it first saw that record (client-go's
// observedTime), never from the times written in the Lease.
//
// A leader believes it leads until `renewDeadline` after it *sent* its last successful write
// (client-go measures from the start of its renew round; measuring from the send makes the bound
// hold whatever the latency): that write committed no earlier, another candidate saw it no
// earlier, and waits leaseDuration > renewDeadline more before taking over. Hence two candidates
// never both believe they lead at one instant (leader-election.test.ts checks it under random
// delays and losses). A leader whose observed record is still valid renews without reading first,
// updating from the Lease its last write returned (client-go's fast path since 1.27); only if
// that update fails does the try read the Lease and go the slow way. As in client-go, one try
// (an optimistic update, or a read then maybe a write) runs to its end before
// the next begins: ticks that find a call under way pass, unless it has been under way for
// renewDeadline, when it is abandoned and its late answer ignored (an abandoned write that commits
// anyway only delays the others).

import type { ApiCall, ApiResult } from '../../protocols/kube/api.ts';
import type { KubeObject } from '../../protocols/kube/objects.ts';
import { createCall, getCall, updateCall } from './requests.ts';
import { DEFAULT_EPOCH_MS, rfc3339Micro } from '../../protocols/kube/time.ts';

export interface LeaderElectionConfig {
  readonly namespace: string;
  readonly name: string;
  readonly identity: string;
  /** kube-controller-manager's defaults: 15 s, 10 s, 2 s. */
  readonly leaseDurationMs?: number;
  readonly renewDeadlineMs?: number;
  readonly retryPeriodMs?: number;
  /** Where virtual time 0 falls, for the Lease's timestamps. */
  readonly epochMs?: number;
}

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface ElectorState {
  /** 'renewing': the leader's optimistic update, which falls back to a read if refused. */
  phase: 'idle' | 'renewing' | 'getting' | 'writing';
  /** Numbers calls, so an abandoned call's answer is told apart. */
  attempt: number;
  sentAt: number;
  observed: { spec: LeaseSpec; resourceVersion: string } | null;
  observedAt: number;
  leading: boolean;
  /** While leading: the instant it stops believing so unless it renews first. */
  leadUntil: number;
  /** Times it started leading, and times it stopped. */
  started: number;
  stopped: number;
}

export type ElectorOutput =
  | { readonly type: 'call'; readonly attempt: number; readonly call: ApiCall }
  | { readonly type: 'startedLeading' }
  | { readonly type: 'stoppedLeading' }
  /** The leader should hear a tick by then, to step down on time. */
  | { readonly type: 'deadline'; readonly at: number };

export const electorState = (): ElectorState => ({ phase: 'idle', attempt: 0, sentAt: 0, observed: null, observedAt: 0, leading: false, leadUntil: 0, started: 0, stopped: 0 });

const durations = (c: LeaderElectionConfig) => ({ lease: c.leaseDurationMs ?? 15_000, renew: c.renewDeadlineMs ?? 10_000, retry: c.retryPeriodMs ?? 2000 });

/** IsLeader at `now`. */
export const isLeader = (s: ElectorState, now: number): boolean => s.leading && now < s.leadUntil;

function stepDown(s: ElectorState, out: ElectorOutput[]): void {
  if (!s.leading) return;
  s.leading = false;
  s.stopped++;
  out.push({ type: 'stoppedLeading' });
}

function leaseObject(c: LeaderElectionConfig, spec: LeaseSpec, resourceVersion?: string): KubeObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: c.name, namespace: c.namespace, ...(resourceVersion === undefined ? {} : { resourceVersion }) },
    spec,
  };
}

const call = (s: ElectorState, phase: 'renewing' | 'getting' | 'writing', now: number, apiCall: ApiCall): ElectorOutput => {
  s.phase = phase;
  s.sentAt = now;
  return { type: 'call', attempt: ++s.attempt, call: apiCall };
};

/** Every retry period, and at the leader's deadline. */
export function tick(s: ElectorState, c: LeaderElectionConfig, now: number): ElectorOutput[] {
  const out: ElectorOutput[] = [];
  if (s.leading && now >= s.leadUntil) stepDown(s, out);
  const d = durations(c);
  if (s.phase !== 'idle' && now - s.sentAt < d.renew) return out;
  const o = s.observed;
  if (s.leading && o !== null && now < s.observedAt + (o.spec.leaseDurationSeconds ?? 0) * 1000) {
    const time = rfc3339Micro((c.epochMs ?? DEFAULT_EPOCH_MS) + now);
    const next: LeaseSpec = { ...leaseSpec(c, time), acquireTime: o.spec.acquireTime ?? time, leaseTransitions: o.spec.leaseTransitions ?? 0 };
    out.push(call(s, 'renewing', now, updateCall(leaseObject(c, next, o.resourceVersion))));
  } else out.push(read(s, c, now));
  return out;
}

const read = (s: ElectorState, c: LeaderElectionConfig, now: number) => call(s, 'getting', now, getCall('leases.coordination.k8s.io', c.name, { namespace: c.namespace }));

const leaseSpec = (c: LeaderElectionConfig, time: string): LeaseSpec => ({ holderIdentity: c.identity, leaseDurationSeconds: durations(c).lease / 1000, acquireTime: time, renewTime: time });

/** The answer to a call output. */
export function answered(s: ElectorState, c: LeaderElectionConfig, now: number, attempt: number, r: ApiResult): ElectorOutput[] {
  if (attempt !== s.attempt || s.phase === 'idle') return [];
  const out: ElectorOutput[] = [];
  const d = durations(c);
  const time = rfc3339Micro((c.epochMs ?? DEFAULT_EPOCH_MS) + now);
  if (s.phase === 'renewing' && !r.ok) return [read(s, c, now)];
  if (s.phase === 'writing' || s.phase === 'renewing') {
    s.phase = 'idle';
    if (!r.ok) return out;
    const lease = r.body as KubeObject;
    s.observed = { spec: lease.spec as LeaseSpec, resourceVersion: lease.metadata.resourceVersion ?? '' };
    s.observedAt = now;
    s.leadUntil = s.sentAt + d.renew;
    if (!s.leading) {
      s.leading = true;
      s.started++;
      out.push({ type: 'startedLeading' });
    }
    out.push({ type: 'deadline', at: s.leadUntil });
    return out;
  }
  s.phase = 'idle';
  if (!r.ok) {
    if (r.code !== 404) return out;
    const spec: LeaseSpec = { holderIdentity: c.identity, leaseDurationSeconds: d.lease / 1000, acquireTime: time, renewTime: time, leaseTransitions: 0 };
    out.push(call(s, 'writing', now, createCall(leaseObject(c, spec))));
    return out;
  }
  const lease = r.body as KubeObject;
  const spec = (lease.spec ?? {}) as LeaseSpec;
  const rv = lease.metadata.resourceVersion ?? '';
  if (s.observed === null || JSON.stringify(s.observed.spec) !== JSON.stringify(spec)) {
    s.observed = { spec, resourceVersion: rv };
    s.observedAt = now;
  } else s.observed.resourceVersion = rv;
  const holder = spec.holderIdentity ?? '';
  const mine = holder === c.identity;
  if (holder !== '' && !mine && s.observedAt + d.lease > now) {
    stepDown(s, out);
    return out;
  }
  const next: LeaseSpec = {
    holderIdentity: c.identity,
    leaseDurationSeconds: d.lease / 1000,
    acquireTime: mine && spec.acquireTime ? spec.acquireTime : time,
    renewTime: time,
    leaseTransitions: mine ? (spec.leaseTransitions ?? 0) : (spec.leaseTransitions ?? 0) + 1,
  };
  out.push(call(s, 'writing', now, updateCall(leaseObject(c, next, rv))));
  return out;
}

export const leaderElectionDefaults = durations;

/** At the `deadline` output's time: steps down if no renewal came in between. */
export function deadlinePassed(s: ElectorState, now: number): ElectorOutput[] {
  const out: ElectorOutput[] = [];
  if (s.leading && now >= s.leadUntil) stepDown(s, out);
  return out;
}

/**
 * The wait before the next tick: a leader renews every retry period (client-go's renew loop); a
 * candidate waits a retry period plus up to 1.2 more, drawn from `pick` (its acquire loop's
 * JitterUntil with factor 1.2), so candidates that started together drift apart.
 */
export function nextTickMs(s: ElectorState, c: LeaderElectionConfig, pick: (n: number) => number): number {
  const retry = durations(c).retry;
  return s.leading ? retry : retry + pick(Math.floor(1.2 * retry) + 1);
}
