// Grace periods: how long the kubelet lets a container stop before SIGKILL.
// kuberuntime's setTerminationGracePeriod and killContainer, and the pod workers' effective period.

import type { Pod } from '../../../protocols/kube/objects.ts';
import type { KillReason } from './actions.ts';
import type { Container } from './pod-types.ts';

/** The kubelet never gives a container less than this between SIGTERM and SIGKILL. */
export const MINIMUM_GRACE_PERIOD_SECONDS = 2;

/** The period for killing one container of a live pod (a probe failure or a spec change). */
export function containerGracePeriod(pod: Pod, c: Container | undefined, reason: KillReason): number {
  const deletion = pod.metadata?.deletionGracePeriodSeconds;
  if (deletion != null) return deletion;
  const spec = pod.spec?.terminationGracePeriodSeconds;
  if (spec == null) return MINIMUM_GRACE_PERIOD_SECONDS;
  // A failed probe may say how long its container gets (probe-level terminationGracePeriodSeconds).
  if (reason === 'LivenessProbe' && c?.livenessProbe?.terminationGracePeriodSeconds != null) return c.livenessProbe.terminationGracePeriodSeconds;
  if (reason === 'StartupProbe' && c?.startupProbe?.terminationGracePeriodSeconds != null) return c.startupProbe.terminationGracePeriodSeconds;
  return spec;
}

/**
 * The period for stopping the whole pod: the apiserver's deletionGracePeriodSeconds, else the
 * spec's terminationGracePeriodSeconds (30 by default), lowered by an override such as an
 * eviction's, and never below 1.
 */
export function podGracePeriod(pod: Pod, override?: number): number {
  let grace = 0;
  const deletion = pod.metadata?.deletionGracePeriodSeconds;
  if (deletion != null) grace = deletion;
  if (override != null && (grace === 0 || override < grace)) grace = override;
  if (grace === 0 && pod.spec?.terminationGracePeriodSeconds != null) grace = pod.spec.terminationGracePeriodSeconds;
  return Math.max(1, grace);
}

/**
 * StopContainer's timeout once a preStop hook and the wait for earlier containers took `spentSeconds`
 * of the budget: what is left, but never under the minimum.
 */
export function stopTimeout(budgetSeconds: number, spentSeconds: number): number {
  return Math.max(MINIMUM_GRACE_PERIOD_SECONDS, budgetSeconds - Math.floor(spentSeconds));
}
