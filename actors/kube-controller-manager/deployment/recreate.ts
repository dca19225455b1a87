// Recreate: every old ReplicaSet goes to zero; only when none of their pods is left (terminal
// pods aside) is the new ReplicaSet created and scaled to the full count.

import type { Pod } from '../../../protocols/kube/objects.ts';
import { cleanupDeployment } from './scale.ts';
import { actualReplicas, filterActive } from './replica-sets.ts';
import { scaleAndRecord } from './scaling.ts';
import { deploymentComplete, syncRolloutStatus } from './progress.ts';
import { type ReplicaSet, replicasOf } from './types.ts';
import type { Work } from './work.ts';

/** oldPodsRunning: old ReplicaSets still report pods, or a pod of theirs is not Succeeded/Failed. */
export function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[], podsByRS: ReadonlyMap<string, readonly Pod[]>): boolean {
  if (actualReplicas(oldRSs) > 0) return true;
  for (const [uid, pods] of podsByRS) {
    if (newRS !== undefined && newRS.metadata?.uid === uid) continue;
    if (pods.some((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded')) return true;
  }
  return false;
}

export interface RecreateInput {
  readonly newRS: ReplicaSet | undefined;
  readonly oldRSs: readonly ReplicaSet[];
  readonly podsByRS: ReadonlyMap<string, readonly Pod[]>;
  /** getAllReplicaSetsAndSyncRevision with creation allowed: the new ReplicaSet, or none after a hash collision. */
  readonly createNew: () => ReplicaSet | undefined;
}

export function rolloutRecreate(w: Work, { newRS, oldRSs, podsByRS, createNew }: RecreateInput): void {
  const all = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of filterActive(oldRSs)) if (scaleAndRecord(w, rs, 0).scaled) scaledDown = true;
  if (scaledDown || oldPodsRunning(newRS, oldRSs, podsByRS)) {
    syncRolloutStatus(w, all, newRS);
    return;
  }
  let fresh = newRS;
  if (fresh === undefined) {
    fresh = createNew();
    if (fresh === undefined) return;
  }
  scaleAndRecord(w, fresh, replicasOf(w.d));
  if (deploymentComplete(w.d, w.d.status)) cleanupDeployment(w, oldRSs);
  syncRolloutStatus(w, [...oldRSs, fresh], fresh);
}
