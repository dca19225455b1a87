// Conditions as podutil.UpdatePodCondition and apimeta.SetStatusCondition keep them: a condition's
// lastTransitionTime moves only when its status changes.

import { type J, list, rec } from './json.ts';

/** UpdatePodCondition on `status.conditions` (of a pod or anything shaped alike). Mutates `status`. */
export function setCondition(status: J, condition: J, now: string): void {
  const conditions = list(status.conditions);
  const i = conditions.findIndex((c) => c.type === condition.type);
  const old = i >= 0 ? conditions[i]! : undefined;
  const next = { ...condition, lastTransitionTime: old !== undefined && old.status === condition.status ? old.lastTransitionTime : now };
  if (i >= 0) conditions[i] = next;
  else conditions.push(next);
  status.conditions = conditions;
}

/**
 * A pod condition as the API writes it: PodCondition's lastProbeTime is a metav1.Time, whose zero
 * value serializes as null, so it is always present (metav1.Condition, as PDBs use, has none).
 */
export const podCondition = (c: J): J => ({ type: c.type, status: c.status, lastProbeTime: c.lastProbeTime ?? null, ...c });

/** podutil.IsPodReady: the Ready condition is True. */
export const isPodReady = (pod: J): boolean => list(rec(pod.status).conditions).some((c) => c.type === 'Ready' && c.status === 'True');
