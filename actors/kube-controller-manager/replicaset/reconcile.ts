// syncReplicaSet: one ReplicaSet brought toward spec.replicas. Its active pods (not terminating,
// not Succeeded or Failed) are claimed; if its expectations are met and it is not being deleted,
// missing pods are created or surplus ones deleted; then its status is written if it changed.
//
// Creates go in slow-start batches (1, 2, 4, ...), at most burstReplicas (500) per sync, as
// slowStartBatch does; a batch here is one reconcile's writes, and the next batch follows once the
// previous one has been answered without failure and seen by the informer (its pods' arrival is
// what wakes the ReplicaSet again). A failed create ends the run: the ReplicaSet retries after the
// rate-limited requeue, starting again at 1.

import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { KubeObject, Pod, ReplicaSet } from '../../../protocols/kube/objects.ts';
import { labelSelectorAsSelector, type LabelSelector } from '../../../protocols/kube/validation/index.ts';
import { createCall, deleteCall, type Listers, type ReconcileResult, referenceTo, splitKey, updateCall } from '../../client/index.ts';
import { claimPods, controllerOf, controllerRef } from './claim.ts';
import { deleteExpectations, expectCreations, expectDeletions, satisfied } from './expectations.ts';
import type { ReplicaSetMemory } from './memory.ts';
import { isPodActive } from './pod-conditions.ts';
import { calculateStatus, statusUpdate, untilNextAvailable } from './status.ts';
import { podsToDelete } from './victims.ts';

export const BURST_REPLICAS = 500;
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

type Selectorish = Parameters<typeof labelSelectorAsSelector>[0];

/** GetPodFromTemplate: the template's labels, annotations, finalizers and spec, named `<rs>-` plus the apiserver's suffix. */
export function podFromTemplate(rs: ReplicaSet): Pod {
  const t = rs.spec?.template ?? {};
  const meta = t.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${rs.metadata!.name}-`,
      namespace: rs.metadata!.namespace!,
      ...(meta.labels && Object.keys(meta.labels).length > 0 ? { labels: { ...meta.labels } } : {}),
      ...(meta.annotations && Object.keys(meta.annotations).length > 0 ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers && meta.finalizers.length > 0 ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [controllerRef(rs)],
    },
    spec: structuredClone(t.spec!),
  };
}

/** getIndirectlyRelatedPods: pods of every ReplicaSet sharing this one's controller (none when it has no controller). */
function relatedPods(rs: ReplicaSet, listers: Listers): Pod[] {
  const owner = controllerOf(rs);
  if (owner === undefined) return [];
  const seen = new Set<string>();
  const out: Pod[] = [];
  for (const other of listers.replicasets!.namespace(rs.metadata!.namespace!).list() as ReplicaSet[]) {
    if (controllerOf(other)?.uid !== owner.uid) continue;
    const sel = labelSelectorAsSelector(other.spec?.selector as Selectorish);
    if (!sel.ok) continue;
    for (const p of listers.pods!.namespace(rs.metadata!.namespace!).list(sel.value) as Pod[]) {
      if (seen.has(p.metadata!.uid!)) continue;
      seen.add(p.metadata!.uid!);
      out.push(p);
    }
  }
  return out;
}

function manageReplicas(rs: ReplicaSet, key: string, pods: readonly Pod[], listers: Listers, m: ReplicaSetMemory, now: number, nowMs: number): ApiCall[] {
  const diff = pods.length - (rs.spec?.replicas ?? 1);
  if (diff >= 0) delete m.slowStart[key];
  if (diff < 0) {
    const run = (m.slowStart[key] ??= { remaining: Math.min(-diff, BURST_REPLICAS), batch: SLOW_START_INITIAL_BATCH_SIZE });
    const batch = Math.min(run.batch, run.remaining, -diff);
    expectCreations(m.expectations, key, batch, now);
    run.remaining -= batch;
    run.batch = batch * 2;
    if (run.remaining <= 0) delete m.slowStart[key];
    return Array.from({ length: batch }, () => createCall(podFromTemplate(rs) as KubeObject));
  }
  if (diff === 0) return [];
  const victims = podsToDelete(pods, relatedPods(rs, listers), Math.min(diff, BURST_REPLICAS), nowMs);
  expectDeletions(m.expectations, key, victims.map((p) => `${p.metadata!.namespace}/${p.metadata!.name}`), now);
  return victims.map((p) => deleteCall('pods', p.metadata!.name!, { namespace: p.metadata!.namespace! }));
}

function drainEvents(m: ReplicaSetMemory, key: string): NonNullable<ReconcileResult['events']> {
  const events = m.events[key] ?? [];
  delete m.events[key];
  return events;
}

export function reconcileReplicaSet(key: string, listers: Listers, now: number, m: ReplicaSetMemory, epochMs: number): ReconcileResult {
  const nowMs = epochMs + now;
  const events = drainEvents(m, key);
  const err = m.errors[key];
  delete m.errors[key];
  const { namespace, name } = splitKey(key);
  const rs = listers.replicasets!.namespace(namespace).get(name) as ReplicaSet | undefined;
  if (rs === undefined) {
    deleteExpectations(m.expectations, key);
    delete m.slowStart[key];
    delete m.refs[key];
    return { writes: [], events };
  }
  m.refs[key] = referenceTo({ ...rs, apiVersion: 'apps/v1', kind: 'ReplicaSet' } as Parameters<typeof referenceTo>[0]);
  const needsSync = satisfied(m.expectations, key, now);
  const parsed = labelSelectorAsSelector(rs.spec?.selector as Selectorish);
  if (!parsed.ok) return { writes: [], events };
  const selector: LabelSelector = parsed.value;
  const active = (listers.pods!.namespace(namespace).list() as Pod[]).filter(isPodActive);
  const { claimed, patches } = claimPods(rs, selector, active);
  const manage = needsSync && rs.metadata?.deletionTimestamp === undefined ? manageReplicas(rs, key, claimed, listers, m, now, nowMs) : [];
  const updated = statusUpdate(rs, calculateStatus(rs, claimed, err, nowMs));
  const writes = [...patches, ...manage, ...(updated ? [updateCall(updated as Parameters<typeof updateCall>[0], { subresource: 'status' })] : [])];
  const wait = untilNextAvailable(rs, claimed, nowMs);
  return { writes, events, ...(wait === undefined ? {} : { requeueAfter: wait }) };
}
