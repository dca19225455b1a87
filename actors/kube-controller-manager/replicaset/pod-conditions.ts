// Pod readiness and availability as pkg/api/v1/pod and pkg/controller read them. It imports only
// protocols/, so that it can move there once a second controller (Deployment, DaemonSet,
// StatefulSet, EndpointSlice) needs the same answers.

import type { Pod } from '../../../protocols/kube/objects.ts';
import { parseRfc3339 } from '../../../protocols/kube/time.ts';

type Condition = NonNullable<NonNullable<Pod['status']>['conditions']>[number];

export function podReadyCondition(pod: Pod): Condition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

/** IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/** ms since the Unix epoch of a metav1.Time; undefined for a missing or unreadable one (Go's zero time). */
export function timeMs(t: string | undefined): number | undefined {
  return t === undefined ? undefined : parseRfc3339(t);
}

/** When the pod last became ready (Unix ms), if it is ready and says when. */
export function readySinceMs(pod: Pod): number | undefined {
  const c = podReadyCondition(pod);
  return c?.status === 'True' ? timeMs(c.lastTransitionTime) : undefined;
}

/**
 * IsPodAvailable: ready, and ready for strictly longer than minReadySeconds at `nowMs` (Unix ms).
 * A ready pod whose condition has no transition time is available only when minReadySeconds is 0.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = readySinceMs(pod);
  return since !== undefined && since + minReadySeconds * 1000 < nowMs;
}

/** IsPodActive: neither Succeeded nor Failed, and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && pod.metadata?.deletionTimestamp === undefined;
}

/** IsPodTerminal: Succeeded or Failed. */
export function isPodTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}
