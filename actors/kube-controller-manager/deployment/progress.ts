// The Deployment's status: counts summed over its ReplicaSets, the Available condition, and the
// Progressing condition that tells a rollout which made progress (ReplicaSetUpdated), finished
// (NewReplicaSetAvailable) or made none within progressDeadlineSeconds (ProgressDeadlineExceeded).
// A rollout without progress is looked at again when its deadline would pass.

import { conditionTimeMs, fromReplicaSetCondition, getCondition, newCondition, removeCondition, setCondition } from './conditions.ts';
import { hasProgressDeadline } from './new-replica-set.ts';
import { actualReplicas, availableReplicas, readyReplicas, specReplicas } from './replica-sets.ts';
import { maxUnavailable } from './rollout-math.ts';
import { type Deployment, type DeploymentCondition, type DeploymentStatus, REASONS, type ReplicaSet, replicasOf } from './types.ts';
import { sameStatus, type Work } from './work.ts';

const q = (s: string) => JSON.stringify(s);

/** calculateStatus: counts from the ReplicaSets, conditions carried over, Available recomputed. */
export function calculateStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, nowMs: number): DeploymentStatus {
  const available = availableReplicas(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata?.generation ?? 0,
    replicas: actualReplicas(allRSs),
    updatedReplicas: actualReplicas([newRS]),
    readyReplicas: readyReplicas(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, specReplicas(allRSs) - available),
    ...(d.status?.collisionCount === undefined ? {} : { collisionCount: d.status.collisionCount }),
    ...(d.status?.conditions === undefined ? {} : { conditions: d.status.conditions.map((c) => ({ ...c })) }),
  };
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', REASONS.minimumReplicasAvailable, 'Deployment has minimum availability.', nowMs));
  } else {
    setCondition(status, newCondition('Available', 'False', REASONS.minimumReplicasUnavailable, 'Deployment does not have minimum availability.', nowMs));
  }
  return status;
}

/** DeploymentComplete: every replica updated and available, and the latest spec observed. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus | undefined): boolean {
  const r = replicasOf(d);
  return (s?.updatedReplicas ?? 0) === r && (s?.replicas ?? 0) === r && (s?.availableReplicas ?? 0) === r && (s?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0);
}

/** DeploymentProgressing: more updated, ready or available replicas, or fewer old ones, than last written. */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld || (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

/** DeploymentTimedOut: the Progressing condition was last updated longer than the deadline ago. */
export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, 'Progressing');
  if (c === undefined || c.reason === REASONS.newRSAvailable) return false;
  if (c.reason === REASONS.timedOut) return true;
  const from = conditionTimeMs(c.lastUpdateTime);
  return from !== undefined && from + d.spec!.progressDeadlineSeconds! * 1000 < nowMs;
}

/** getReplicaFailures: the new ReplicaSet's ReplicaFailure conditions, else any old one's. */
function replicaFailures(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): DeploymentCondition[] {
  const of = (rs: ReplicaSet | undefined) => (rs?.status?.conditions ?? []).filter((c) => c.type === 'ReplicaFailure').map(fromReplicaSetCondition);
  const fromNew = of(newRS);
  return fromNew.length > 0 ? fromNew : allRSs.flatMap(of);
}

/**
 * requeueStuckDeployment: when the deadline of a rollout still in progress will pass. Under a
 * second Kubernetes requeues rate-limited (5 ms first); so does this.
 */
function requeueStuck(w: Work, s: DeploymentStatus): void {
  const d = w.d;
  const c = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || c === undefined) return;
  if (deploymentComplete(d, s) || c.reason === REASONS.timedOut) return;
  const from = conditionTimeMs(c.lastUpdateTime);
  if (from === undefined) return;
  const after = from + d.spec!.progressDeadlineSeconds! * 1000 - w.nowMs;
  w.requeueAfter = Math.min(w.requeueAfter ?? Infinity, after < 1000 ? 5 : after);
}

/** syncRolloutStatus: the status with the Progressing condition estimated, put on the working copy. */
export function syncRolloutStatus(w: Work, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): void {
  const d = w.d;
  const s = calculateStatus(allRSs, newRS, d, w.nowMs);
  if (!hasProgressDeadline(d)) removeCondition(s, 'Progressing');
  const cur = getCondition(d.status, 'Progressing');
  const isComplete = (s.replicas ?? 0) === (s.updatedReplicas ?? 0) && cur?.reason === REASONS.newRSAvailable;
  if (hasProgressDeadline(d) && !isComplete) {
    const subject = newRS ? `ReplicaSet ${q(newRS.metadata!.name!)}` : `Deployment ${q(d.metadata!.name!)}`;
    if (deploymentComplete(d, s)) {
      setCondition(s, newCondition('Progressing', 'True', REASONS.newRSAvailable, `${subject} has successfully progressed.`, w.nowMs));
    } else if (deploymentProgressing(d, s)) {
      // Progress refreshes lastUpdateTime even with an unchanged reason: remove, then set.
      let c = newCondition('Progressing', 'True', REASONS.replicaSetUpdated, `${subject} is progressing.`, w.nowMs);
      if (cur !== undefined) {
        if (cur.status === 'True') c = { ...c, lastTransitionTime: cur.lastTransitionTime! };
        removeCondition(s, 'Progressing');
      }
      setCondition(s, c);
    } else if (deploymentTimedOut(d, s, w.nowMs)) {
      setCondition(s, newCondition('Progressing', 'False', REASONS.timedOut, `${subject} has timed out progressing.`, w.nowMs));
    }
  }
  const failures = replicaFailures(allRSs, newRS);
  if (failures.length > 0) setCondition(s, failures[0]!);
  else removeCondition(s, 'ReplicaFailure');
  if (sameStatus(d.status, s)) {
    requeueStuck(w, s);
    return;
  }
  d.status = s;
}

/** syncDeploymentStatus: counts and Available only (scaling and paused syncs estimate no progress). */
export function syncDeploymentStatus(w: Work, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): void {
  const s = calculateStatus(allRSs, newRS, w.d, w.nowMs);
  if (!sameStatus(w.d.status, s)) w.d.status = s;
}
