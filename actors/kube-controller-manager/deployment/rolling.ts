// RollingUpdate: grow the new ReplicaSet while the pods in all stay within replicas + maxSurge;
// otherwise shrink the old ones while the available pods stay at replicas - maxUnavailable or
// more, first by their unhealthy replicas (which costs no availability), oldest first.

import { availableReplicas, byCreation, specReplicas } from './replica-sets.ts';
import { maxUnavailable, newRSNewReplicas } from './rollout-math.ts';
import { scaleAndRecord } from './scaling.ts';
import { type ReplicaSet, replicasOf } from './types.ts';
import { current, type Work } from './work.ts';

/** reconcileNewReplicaSet: whether the new ReplicaSet was resized. */
export function reconcileNewReplicaSet(w: Work, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): boolean {
  const want = replicasOf(w.d);
  if (replicasOf(newRS) === want) return false;
  if (replicasOf(newRS) > want) return scaleAndRecord(w, newRS, want).scaled;
  return scaleAndRecord(w, newRS, newRSNewReplicas(w.d, allRSs, newRS)).scaled;
}

/** cleanupUnhealthyReplicas: old ReplicaSets lose their unavailable replicas, up to `maxCleanup` in all. */
function cleanupUnhealthyReplicas(w: Work, oldRSs: ReplicaSet[], maxCleanup: number): number {
  oldRSs.sort(byCreation);
  let total = 0;
  oldRSs.forEach((given, i) => {
    const rs = current(w, given);
    if (total >= maxCleanup || replicasOf(rs) === 0) return;
    const unhealthy = replicasOf(rs) - (rs.status?.availableReplicas ?? 0);
    if (unhealthy <= 0) return;
    const down = Math.min(maxCleanup - total, unhealthy);
    oldRSs[i] = scaleAndRecord(w, rs, replicasOf(rs) - down).rs;
    total += down;
  });
  return total;
}

/** scaleDownOldReplicaSetsForRollingUpdate: as many old replicas as availability above the minimum allows, oldest first. */
function scaleDownOldForRollingUpdate(w: Work, allRSs: readonly ReplicaSet[], oldRSs: ReplicaSet[]): number {
  const minAvailable = replicasOf(w.d) - maxUnavailable(w.d);
  const available = availableReplicas(allRSs);
  if (available <= minAvailable) return 0;
  oldRSs.sort(byCreation);
  const count = available - minAvailable;
  let total = 0;
  for (const given of oldRSs) {
    if (total >= count) break;
    const rs = current(w, given);
    if (replicasOf(rs) === 0) continue;
    const down = Math.min(replicasOf(rs), count - total);
    scaleAndRecord(w, rs, replicasOf(rs) - down);
    total += down;
  }
  return total;
}

/** reconcileOldReplicaSets: whether any old ReplicaSet was shrunk. */
export function reconcileOldReplicaSets(w: Work, allRSs: readonly ReplicaSet[], activeOld: readonly ReplicaSet[], newRS: ReplicaSet): boolean {
  if (specReplicas(activeOld) === 0) return false;
  const minAvailable = replicasOf(w.d) - maxUnavailable(w.d);
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  // The new ReplicaSet's unavailable pods count against what may go, so that a broken template
  // does not eat into the old pods' availability.
  const maxScaledDown = specReplicas(allRSs) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const old = [...activeOld];
  const cleaned = cleanupUnhealthyReplicas(w, old, maxScaledDown);
  const scaledDown = scaleDownOldForRollingUpdate(w, [...old, newRS], old);
  return cleaned + scaledDown > 0;
}

