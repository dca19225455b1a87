// Scaling without rolling out (a changed replica count, or any sync of a paused Deployment):
// one active ReplicaSet takes the whole count; a saturated new one lets the old ones go to zero;
// otherwise, mid-rollout, the change (up to replicas + maxSurge in all) is shared among the
// active ReplicaSets in proportion to their size, the rounding leftover to the largest.
// Also the revision history clean-up, which keeps revisionHistoryLimit old ReplicaSets.

import { getProportion, isRollingUpdate, isSaturated, maxSurge, desiredReplicasAnnotation } from './rollout-math.ts';
import { bySizeNewer, bySizeOlder, byRevision, filterActive, findActiveOrLatest, specReplicas } from './replica-sets.ts';
import { scaleAndRecord, scaleReplicaSet } from './scaling.ts';
import { type ReplicaSet, replicasOf } from './types.ts';
import type { Work } from './work.ts';

export function scale(w: Work, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): void {
  const d = w.d;
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest !== undefined) {
    if (replicasOf(activeOrLatest) !== replicasOf(d)) scaleAndRecord(w, activeOrLatest, replicasOf(d));
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) scaleAndRecord(w, old, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = filterActive([...oldRSs, newRS]);
  const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowed - specReplicas(all);
  const op = toAdd > 0 ? 'up' : toAdd < 0 ? 'down' : '';
  if (toAdd > 0) all.sort(bySizeNewer);
  else if (toAdd < 0) all.sort(bySizeOlder);
  let added = 0;
  const sizes = new Map<string, number>();
  for (const rs of all) {
    const p = toAdd !== 0 ? getProportion(rs, d, toAdd, added) : 0;
    sizes.set(rs.metadata!.name!, replicasOf(rs) + p);
    added += p;
  }
  all.forEach((rs, i) => {
    const name = rs.metadata!.name!;
    if (i === 0 && toAdd !== 0) sizes.set(name, Math.max(0, sizes.get(name)! + toAdd - added));
    scaleReplicaSet(w, rs, sizes.get(name)!, op);
  });
}

/** isScalingEvent: an active ReplicaSet was sized for another replica count than the Deployment's. */
export function isScalingEvent(w: Work, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): boolean {
  return filterActive([...oldRSs, newRS]).some((rs) => {
    const desired = desiredReplicasAnnotation(rs);
    return desired !== undefined && desired !== replicasOf(w.d);
  });
}

/** cleanupDeployment: the oldest old ReplicaSets beyond revisionHistoryLimit, once empty and observed, are deleted. */
export function cleanupDeployment(w: Work, oldRSs: readonly ReplicaSet[]): void {
  const limit = w.d.spec?.revisionHistoryLimit;
  if (limit === undefined || limit === 2147483647) return;
  // The ReplicaSets as read, as Kubernetes' sync passes them; one this sync resizes stays.
  const cleanable = oldRSs.filter((rs) => rs.metadata?.deletionTimestamp === undefined);
  const diff = cleanable.length - limit;
  if (diff <= 0) return;
  cleanable.sort(byRevision);
  for (const rs of cleanable.slice(0, diff)) {
    if (w.touched.has(rs.metadata!.name!) || (rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0 || (rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    w.deleted.push(rs.metadata!.name!);
  }
}
