// The statefulset-controller: watches StatefulSets, their pods, ControllerRevisions and claims;
// each reconcile works out the revisions, runs one round of updateStatefulSet and records the
// status when it changed (completing a rolling update when every replica is updated and ready),
// then trims the revision history. Orphaned pods and revisions the selector matches are adopted,
// owned ones it no longer matches released.

import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { ControllerRevision, KubeObject, PersistentVolumeClaim, Pod, StatefulSet } from '../../../protocols/kube/objects.ts';
import { controllerKeys, DEFAULT_EPOCH_MS, type InformerSpec, keyOf, type Listers, type Notification, type ReconcileResult, referenceTo, updateCall } from '../../client/index.ts';
import type { ControllerDef } from '../context.ts';
import { claim, orphanKeys, selectorMatcher } from '../history/claim.ts';
import { sortRevisions } from '../history/revisions.ts';
import { drain } from '../history/pending-events.ts';
import { type StatefulSetMemory, statefulSetMemory, statefulSetWritten } from './events.ts';
import { parentAndOrdinal } from './identity.ts';
import { setRevisions, truncateHistory } from './revisions.ts';
import { type StatefulSetStatus, syncStatefulSet } from './update.ts';

export const STATEFULSET_CONTROLLER = 'statefulset-controller';

export const statefulSetInformers: readonly InformerSpec[] = [
  { name: 'statefulsets', resource: 'statefulsets' },
  { name: 'pods', resource: 'pods' },
  { name: 'controllerrevisions', resource: 'controllerrevisions' },
  { name: 'persistentvolumeclaims', resource: 'persistentvolumeclaims' },
];

/** A claim named `<template>-<set>-<ordinal>` wakes that set (a stale claim it waits on may have gone). */
function claimKeys(claim: KubeObject, listers: Listers): string[] {
  const ns = claim.metadata.namespace!;
  const { parent } = parentAndOrdinal(claim.metadata.name ?? '');
  return (listers.statefulsets!.namespace(ns).list() as StatefulSet[])
    .filter((s) => (s.spec?.volumeClaimTemplates ?? []).some((t) => parent === `${t.metadata?.name}-${s.metadata!.name}`))
    .map((s) => keyOf(s as KubeObject));
}

export function statefulSetKeys(informer: string, n: Notification, listers: Listers): readonly string[] {
  if (informer === 'statefulsets') return [keyOf(n.obj)];
  if (informer === 'persistentvolumeclaims') return claimKeys(n.obj, listers);
  const orphans = n.type === 'delete' ? [] : orphanKeys(n.obj, listers.statefulsets!.namespace(n.obj.metadata.namespace ?? '').list());
  return [...new Set([...controllerKeys(n, 'StatefulSet'), ...orphans])];
}

const changed = (old: StatefulSetStatus | undefined, s: StatefulSetStatus): boolean =>
  (s.observedGeneration ?? 0) > (old?.observedGeneration ?? 0) ||
  (['replicas', 'readyReplicas', 'availableReplicas', 'currentReplicas', 'updatedReplicas', 'currentRevision', 'updateRevision', 'collisionCount'] as const).some(
    (f) => (old?.[f] ?? (f.endsWith('Revision') ? '' : 0)) !== (s[f] ?? (f.endsWith('Revision') ? '' : 0)),
  );

const statusWrite = (set: StatefulSet, status: StatefulSetStatus): ApiCall =>
  updateCall({ ...(set as KubeObject), status: { ...set.status, ...status } } as KubeObject, { subresource: 'status' });

export function reconcileStatefulSet(key: string, listers: Listers, now: number, m: StatefulSetMemory, epochMs = DEFAULT_EPOCH_MS): ReconcileResult {
  const answered = drain(m, key);
  const set = listers.statefulsets!.get(key) as StatefulSet | undefined;
  if (set === undefined) {
    delete m.refs[key];
    return { writes: [], events: answered };
  }
  m.refs[key] = referenceTo(set as KubeObject);
  const ns = set.metadata!.namespace!;
  const selects = selectorMatcher(set.spec?.selector);
  const member = (p: KubeObject) => parentAndOrdinal(p.metadata.name ?? '').parent === set.metadata!.name;
  const revClaim = claim(listers.controllerrevisions!.namespace(ns).list(), set as KubeObject, 'StatefulSet', selects);
  const podClaim = claim(listers.pods!.namespace(ns).list(), set as KubeObject, 'StatefulSet', (p) => selects(p) && member(p));
  const pods = podClaim.owned as Pod[];
  const revisions = sortRevisions(revClaim.owned as unknown as ControllerRevision[]);
  const revs = setRevisions(set, revisions);
  if (revs.collision) return { writes: [statusWrite(set, { ...set.status!, collisionCount: revs.collisionCount })], events: answered };
  const claims = listers.persistentvolumeclaims!.namespace(ns);
  const sync = syncStatefulSet({
    set,
    pods,
    claim: (name) => claims.get(name) as PersistentVolumeClaim | undefined,
    current: revs.current,
    update: revs.update,
    collisionCount: revs.collisionCount,
    wallMs: epochMs + now,
  });
  let status = sync.status;
  // completeRollingUpdate: every replica updated and ready makes the update revision current.
  if ((set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && status.updatedReplicas === status.replicas && status.readyReplicas === status.replicas) {
    status = { ...status, currentReplicas: status.updatedReplicas ?? 0, currentRevision: status.updateRevision ?? '' };
  }
  const writes = [...revClaim.writes, ...podClaim.writes, ...revs.writes, ...sync.writes];
  if (changed(set.status, status)) writes.push(statusWrite(set, status));
  writes.push(...truncateHistory(set, pods, revisions, revs.current.metadata!.name!, revs.update.metadata!.name!));
  const minReady = set.spec?.minReadySeconds ?? 0;
  return {
    writes,
    events: [...answered, ...sync.events],
    ...(minReady > 0 && status.readyReplicas !== status.availableReplicas ? { requeueAfter: minReady * 1000 } : {}),
  };
}

export const statefulSetController: ControllerDef<StatefulSetMemory> = {
  name: STATEFULSET_CONTROLLER,
  spec: (c) => ({
    client: c.client(STATEFULSET_CONTROLLER),
    informers: statefulSetInformers,
    keysFor: statefulSetKeys,
    reconcile: (key, listers, now, m) => reconcileStatefulSet(key, listers, now, m, c.epochMs),
    written: statefulSetWritten,
    memory: statefulSetMemory,
    component: STATEFULSET_CONTROLLER,
    epochMs: c.epochMs,
  }),
};
