// How preemption ranks pods: by priority (spec.priority, which the apiserver's Priority admission
// fills from the PriorityClass; a pod without one counts as 0), then by how long they have run.

import type { Pod } from '../../../../protocols/kube/objects.ts';
import { parseRfc3339 } from '../../../../protocols/kube/time.ts';

export const podPriority = (pod: Pod): number => pod.spec?.priority ?? 0;

/**
 * When the pod started (status.startTime), in ms. Kubernetes takes "now" for a pod not started
 * yet; every started pod began before now, so +Infinity orders the same without a clock.
 */
export function podStartTime(pod: Pod): number {
  const t = pod.status?.startTime;
  const ms = typeof t === 'string' ? parseRfc3339(t) : undefined;
  return ms ?? Infinity;
}

/** util.MoreImportantPod: higher priority first; among equals, the one running longer. */
export function moreImportant(a: Pod, b: Pod): boolean {
  const pa = podPriority(a);
  const pb = podPriority(b);
  if (pa !== pb) return pa > pb;
  return podStartTime(a) < podStartTime(b);
}

/** A sort comparator from moreImportant: the most important first. */
export function byImportance(a: Pod, b: Pod): number {
  if (moreImportant(a, b)) return -1;
  if (moreImportant(b, a)) return 1;
  return 0;
}

/** util.GetEarliestPodStartTime: the earliest start among the victims of the highest priority. */
export function earliestStartOfHighest(victims: readonly Pod[]): number | undefined {
  if (victims.length === 0) return undefined;
  let max = podPriority(victims[0]!);
  let earliest = podStartTime(victims[0]!);
  for (const v of victims) {
    const p = podPriority(v);
    if (p === max) earliest = Math.min(earliest, podStartTime(v));
    else if (p > max) { max = p; earliest = podStartTime(v); }
  }
  return earliest;
}
