// syncDeployment: one Deployment brought a step closer to its spec. In Kubernetes' order: a
// Deployment selecting everything is refused; its ReplicaSets are claimed; one being deleted only
// has its status written; the paused condition is kept; a paused Deployment or a changed replica
// count only scales; otherwise its strategy rolls out.

import type { Pod } from '../../../protocols/kube/objects.ts';
import type { ReconcileResult } from '../../client/index.ts';
import { claimReplicaSets, controllerRefOf, selectorOfDeployment } from './claim.ts';
import { getCondition, newCondition, setCondition } from './conditions.ts';
import { type FailedCreate, getNewReplicaSet, hasProgressDeadline } from './new-replica-set.ts';
import { syncDeploymentStatus, syncRolloutStatus, deploymentComplete } from './progress.ts';
import { rolloutRecreate } from './recreate.ts';
import { filterActive, findOldReplicaSets } from './replica-sets.ts';
import { reconcileNewReplicaSet, reconcileOldReplicaSets } from './rolling.ts';
import { cleanupDeployment, isScalingEvent, scale } from './scale.ts';
import { type Deployment, REASONS, type ReplicaSet } from './types.ts';
import { event, finish, newWork, type Work } from './work.ts';

export interface SyncInput {
  readonly deployment: Deployment;
  /** Every ReplicaSet in the Deployment's namespace. */
  readonly replicaSets: readonly ReplicaSet[];
  /** The pods of the namespace matching the Deployment's selector. */
  readonly pods: readonly Pod[];
  readonly now: number;
  readonly epochMs: number;
  readonly failedCreate?: FailedCreate;
}

/** checkPausedConditions: Progressing Unknown while paused, and once more on resume (unless timed out). */
function checkPausedConditions(w: Work): void {
  const d = w.d;
  if (!hasProgressDeadline(d)) return;
  const c = getCondition(d.status, 'Progressing');
  if (c?.reason === REASONS.timedOut) return;
  const pausedShown = c?.reason === REASONS.paused;
  d.status ??= {};
  if (d.spec?.paused === true && !pausedShown) setCondition(d.status, newCondition('Progressing', 'Unknown', REASONS.paused, 'Deployment is paused', w.nowMs));
  else if (d.spec?.paused !== true && pausedShown) setCondition(d.status, newCondition('Progressing', 'Unknown', REASONS.resumed, 'Deployment is resumed', w.nowMs));
}

function podsByReplicaSet(rsList: readonly ReplicaSet[], pods: readonly Pod[]): Map<string, Pod[]> {
  const m = new Map<string, Pod[]>(rsList.map((rs) => [rs.metadata!.uid!, []]));
  for (const p of pods) {
    const ref = controllerRefOf(p);
    if (ref !== undefined) m.get(ref.uid)?.push(p);
  }
  return m;
}

export function syncDeployment(input: SyncInput): ReconcileResult {
  const w = newWork(input.deployment, input.now, input.epochMs);
  const d = w.d;
  const sel = d.spec?.selector;
  if (sel !== undefined && Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
    event(w, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
    if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) d.status = { ...d.status, observedGeneration: d.metadata!.generation! };
    return finish(w);
  }
  const selector = selectorOfDeployment(d);
  if (selector === undefined) return { writes: [] };
  const claimed = claimReplicaSets(d, selector, input.replicaSets);
  if (claimed.patches.length > 0) return { writes: claimed.patches };
  const rsList = claimed.owned;
  const inNamespace = (name: string) => input.replicaSets.find((rs) => rs.metadata?.name === name);

  const oldRSs = findOldReplicaSets(d, rsList);
  const revisionSync = (create: boolean) => getNewReplicaSet(w, rsList, oldRSs, create, inNamespace, input.failedCreate);

  if (d.metadata?.deletionTimestamp !== undefined) {
    const n = revisionSync(false);
    syncDeploymentStatus(w, [...oldRSs, n.rs], n.rs);
    return finish(w);
  }
  checkPausedConditions(w);
  const scaling = () => {
    const n = revisionSync(false);
    scale(w, n.rs, oldRSs);
    if (d.spec?.paused === true) cleanupDeployment(w, oldRSs);
    syncDeploymentStatus(w, [...oldRSs, n.rs], n.rs);
    return finish(w);
  };
  if (d.spec?.paused === true) return scaling();
  {
    // isScalingEvent reads the ReplicaSets without creating; its revision writes are the next step's too.
    const probe = newWork(input.deployment, input.now, input.epochMs);
    const n = getNewReplicaSet(probe, rsList, oldRSs, false, inNamespace);
    if (isScalingEvent(probe, n.rs, oldRSs)) return scaling();
  }
  if (d.spec?.strategy?.type === 'Recreate') {
    const n = revisionSync(false);
    rolloutRecreate(w, {
      newRS: n.rs,
      oldRSs,
      podsByRS: podsByReplicaSet(rsList, input.pods),
      createNew: () => revisionSync(true).rs,
    });
    return finish(w);
  }
  const n = revisionSync(true);
  if (n.rs === undefined) return finish(w);
  const newRS = n.rs;
  const all = [...oldRSs, newRS];
  if (reconcileNewReplicaSet(w, all, newRS)) {
    syncRolloutStatus(w, all, newRS);
    return finish(w);
  }
  if (reconcileOldReplicaSets(w, all, filterActive(oldRSs), newRS)) {
    syncRolloutStatus(w, all, newRS);
    return finish(w);
  }
  if (deploymentComplete(d, d.status)) cleanupDeployment(w, oldRSs);
  syncRolloutStatus(w, all, newRS);
  return finish(w);
}
