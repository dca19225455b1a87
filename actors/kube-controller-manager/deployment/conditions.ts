// Deployment conditions as deploymentutil keeps them: a condition whose status and reason are
// unchanged is left alone; one whose status is unchanged keeps its lastTransitionTime; a changed
// condition moves to the end of the list.

import { parseRfc3339, rfc3339 } from '../../../protocols/kube/time.ts';
import type { DeploymentCondition, DeploymentStatus, ReplicaSetCondition } from './types.ts';

export function newCondition(type: string, status: string, reason: string, message: string, nowMs: number): DeploymentCondition {
  const t = rfc3339(nowMs);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

export const getCondition = (s: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined => (s?.conditions ?? []).find((c) => c.type === type);

export function setCondition(s: DeploymentStatus, c: DeploymentCondition): void {
  const current = getCondition(s, c.type);
  if (current !== undefined && current.status === c.status && current.reason === c.reason) return;
  const next = current !== undefined && current.status === c.status ? { ...c, lastTransitionTime: current.lastTransitionTime! } : c;
  s.conditions = [...(s.conditions ?? []).filter((x) => x.type !== c.type), next];
}

export function removeCondition(s: DeploymentStatus, type: string): void {
  if (s.conditions === undefined) return;
  s.conditions = s.conditions.filter((x) => x.type !== type);
  if (s.conditions.length === 0) delete s.conditions;
}

/** ReplicaSetToDeploymentCondition: a ReplicaSet's failure surfaced on its Deployment. */
export function fromReplicaSetCondition(c: ReplicaSetCondition): DeploymentCondition {
  return {
    type: c.type,
    status: c.status,
    lastTransitionTime: c.lastTransitionTime!,
    lastUpdateTime: c.lastTransitionTime!,
    ...(c.reason === undefined ? {} : { reason: c.reason }),
    ...(c.message === undefined ? {} : { message: c.message }),
  };
}

/** A condition timestamp as ms since the Unix epoch (the time it was written). */
export const conditionTimeMs = (t: string | undefined): number | undefined => (t === undefined ? undefined : parseRfc3339(t));
