// The node Lease (kube-node-lease/<node>) and the kubelet's lease controller as a pure state
// machine. The controller renews every 10 s (a quarter of the 40 s duration) plus up to 4 %
// jitter, counted from the end of the previous round. A round first updates the lease it last
// wrote; an update is retried at once up to 5 times, a conflict re-reading the lease first. If
// that fails it falls back to ensuring the lease exists (get, create if missing), retrying with
// backoff 200 ms, 400 ms, ... capped at 7 s, and then updates once more. The Node owns its
// Lease; while the Node's uid is unknown the lease can be neither created nor renewed.

import type { Lease } from 'kubernetes-types/coordination/v1.d.ts';
import { rfc3339Micro } from '../../../protocols/kube/time.ts';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const NODE_LEASE_DURATION_SECONDS = 40;
export const RENEW_INTERVAL_MS = (NODE_LEASE_DURATION_SECONDS * 1000) / 4;
export const RENEW_JITTER_FACTOR = 0.04;
export const MAX_UPDATE_RETRIES = 5;
export const ENSURE_INITIAL_SLEEP_MS = 100;
export const ENSURE_MAX_BACKOFF_MS = 7_000;

/** The lease as newLease makes it: a copy of `base` (or a fresh one) renewed at `nowMs`; undefined when it needs an owner and none is known. */
export function nodeLease(nodeName: string, nowMs: number, nodeUid: string | undefined, base?: Lease): Lease | undefined {
  const lease: Lease = base
    ? { ...base, metadata: { ...base.metadata }, spec: { ...base.spec } }
    : { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: nodeName, namespace: NODE_LEASE_NAMESPACE }, spec: { holderIdentity: nodeName } };
  lease.spec = { ...lease.spec, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS, renewTime: rfc3339Micro(nowMs) };
  if (!lease.metadata?.ownerReferences?.length) {
    if (nodeUid === undefined) return undefined;
    lease.metadata = { ...lease.metadata, ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid }] };
  }
  return lease;
}

/** What the controller is waiting for. */
type Waiting =
  | { readonly on: 'tick' }
  | { readonly on: 'update'; readonly attempt: number; readonly base: Lease; readonly final: boolean }
  | { readonly on: 'get' | 'create' | 'backoff'; readonly sleepMs: number; readonly then: EnsureThen };

/** Where an ensure leads: the end of a round, or back into an update retry loop. */
type EnsureThen = { readonly to: 'round' } | { readonly to: 'retry'; readonly attempt: number; readonly final: boolean };

export interface LeaseControllerState {
  readonly nodeName: string;
  readonly latest?: Lease;
  readonly waiting: Waiting;
}

export type LeaseInput =
  | { readonly kind: 'tick' }
  | { readonly kind: 'updated'; readonly lease: Lease }
  | { readonly kind: 'updateFailed'; readonly conflict: boolean }
  | { readonly kind: 'got'; readonly lease: Lease }
  | { readonly kind: 'notFound' }
  | { readonly kind: 'getFailed' }
  | { readonly kind: 'created'; readonly lease: Lease }
  | { readonly kind: 'createFailed' }
  | { readonly kind: 'backoffElapsed' };

export type LeaseEffect =
  | { readonly kind: 'update'; readonly lease: Lease }
  | { readonly kind: 'get' }
  | { readonly kind: 'create'; readonly lease: Lease }
  | { readonly kind: 'sleep'; readonly ms: number }
  | { readonly kind: 'scheduleTick'; readonly ms: number }
  | { readonly kind: 'repeatedHeartbeatFailure' };

export interface LeaseEnv {
  readonly nowMs: number;
  readonly nodeUid: string | undefined;
  /** The actor's seeded stream, in [0, 1). */
  readonly random: () => number;
}

export interface LeaseStep {
  readonly state: LeaseControllerState;
  readonly effects: LeaseEffect[];
}

/** The first round runs at once, as JitterUntil's does: call step with a tick right after this. */
export const initialLeaseState = (nodeName: string): LeaseControllerState => ({ nodeName, waiting: { on: 'tick' } });

export function leaseStep(s: LeaseControllerState, input: LeaseInput, env: LeaseEnv): LeaseStep {
  const effects: LeaseEffect[] = [];
  let latest = s.latest;

  const endRound = (): LeaseControllerState => {
    effects.push({ kind: 'scheduleTick', ms: RENEW_INTERVAL_MS + env.random() * RENEW_JITTER_FACTOR * RENEW_INTERVAL_MS });
    return { nodeName: s.nodeName, latest, waiting: { on: 'tick' } };
  };

  /** Attempt `attempt` (0-based) of retryUpdateLease; a lease that cannot be prepared counts as a failure. */
  const tryUpdate = (base: Lease, attempt: number, final: boolean): LeaseControllerState => {
    for (let i = attempt; i < MAX_UPDATE_RETRIES; i++) {
      const lease = nodeLease(s.nodeName, env.nowMs, env.nodeUid, base);
      if (lease) {
        effects.push({ kind: 'update', lease });
        return { nodeName: s.nodeName, latest, waiting: { on: 'update', attempt: i, base, final } };
      }
      if (i > 0) effects.push({ kind: 'repeatedHeartbeatFailure' });
    }
    return updatesExhausted(final);
  };

  const updatesExhausted = (final: boolean): LeaseControllerState => (final ? endRound() : ensure(ENSURE_INITIAL_SLEEP_MS, { to: 'round' }));

  const ensure = (sleepMs: number, then: EnsureThen): LeaseControllerState => {
    effects.push({ kind: 'get' });
    return { nodeName: s.nodeName, latest, waiting: { on: 'get', sleepMs, then } };
  };

  const ensureFailed = (sleepMs: number, then: EnsureThen): LeaseControllerState => {
    const next = Math.min(2 * sleepMs, ENSURE_MAX_BACKOFF_MS);
    effects.push({ kind: 'sleep', ms: next });
    return { nodeName: s.nodeName, latest, waiting: { on: 'backoff', sleepMs: next, then } };
  };

  const ensured = (lease: Lease | undefined, created: boolean, then: EnsureThen): LeaseControllerState => {
    if (then.to === 'retry') {
      // A conflict's re-read: the retry loop goes on from the fresh lease, without counting a failure.
      return lease ? tryUpdate(lease, then.attempt + 1, then.final) : tryUpdateFromNothing(then.attempt + 1, then.final);
    }
    latest = lease;
    if (!created && lease) return tryUpdate(lease, 0, true);
    return endRound();
  };

  const tryUpdateFromNothing = (attempt: number, final: boolean): LeaseControllerState =>
    attempt < MAX_UPDATE_RETRIES ? ensure(ENSURE_INITIAL_SLEEP_MS, { to: 'retry', attempt, final }) : updatesExhausted(final);

  const w = s.waiting;
  let state: LeaseControllerState = s;
  if (input.kind === 'tick' && w.on === 'tick') {
    state = latest ? tryUpdate(latest, 0, false) : ensure(ENSURE_INITIAL_SLEEP_MS, { to: 'round' });
  } else if (w.on === 'update' && input.kind === 'updated') {
    latest = input.lease;
    state = endRound();
  } else if (w.on === 'update' && input.kind === 'updateFailed') {
    if (input.conflict) {
      state = ensure(ENSURE_INITIAL_SLEEP_MS, { to: 'retry', attempt: w.attempt, final: w.final });
    } else {
      if (w.attempt > 0) effects.push({ kind: 'repeatedHeartbeatFailure' });
      state = w.attempt + 1 < MAX_UPDATE_RETRIES ? tryUpdate(w.base, w.attempt + 1, w.final) : updatesExhausted(w.final);
    }
  } else if (w.on === 'get' && input.kind === 'got') {
    state = ensured(input.lease, false, w.then);
  } else if (w.on === 'get' && input.kind === 'notFound') {
    const lease = nodeLease(s.nodeName, env.nowMs, env.nodeUid);
    if (lease) {
      effects.push({ kind: 'create', lease });
      state = { nodeName: s.nodeName, latest, waiting: { on: 'create', sleepMs: w.sleepMs, then: w.then } };
    } else {
      // No owner yet: the create is skipped without an error, and the round ends without a lease.
      state = ensured(undefined, false, w.then);
    }
  } else if (w.on === 'create' && input.kind === 'created') {
    state = ensured(input.lease, true, w.then);
  } else if ((w.on === 'get' && input.kind === 'getFailed') || (w.on === 'create' && input.kind === 'createFailed')) {
    state = ensureFailed(w.sleepMs, w.then);
  } else if (w.on === 'backoff' && input.kind === 'backoffElapsed') {
    state = ensure(w.sleepMs, w.then);
  }
  return { state, effects };
}
