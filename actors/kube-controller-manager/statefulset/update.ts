// updateStatefulSet as Kubernetes 1.32 runs it, made pure: given the set, its pods and the two
// revisions, what to create, update and delete this round, the Events those writes earn, and the
// status to record. Ordinals in range are replicas (missing ones are made at the revision their
// ordinal calls for), the rest are condemned. OrderedReady ("monotonic") stops at the first pod
// that is not Running, Ready and available, creates one pod at a time and deletes one at a time,
// highest ordinal first; Parallel acts on every ordinal at once. A rolling update then deletes the
// highest-ordinal pod not at the update revision, down to the partition, one at a time, waiting
// for each replacement to be available. Claims are created before the pod that mounts them.
// The Events these writes earn are worded when they are answered (events.ts); only a refusal
// decided here (a claim still being deleted) is an Event of this round.

import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { ControllerRevision, KubeObject, PersistentVolumeClaim, Pod, StatefulSet } from '../../../protocols/kube/objects.ts';

export type StatefulSetStatus = NonNullable<StatefulSet['status']>;
import { createCall, deleteCall, type EventType, type ObjectReference, referenceTo, updateCall } from '../../client/index.ts';
import { isPodAvailable, isPodReady, isTerminating } from '../history/pods.ts';
import { revisionTemplate } from '../history/revisions.ts';
import { claimsFor, identityMatches, inOrdinalRange, newStatefulSetPod, ordinalOf, podRevision, replicasOf, retentionOwnerRefs, sameRefs, staleRef, startOrdinal, withIdentity } from './identity.ts';

export interface SetEvent {
  readonly ref: ObjectReference;
  readonly type: EventType;
  readonly reason: string;
  readonly message: string;
}

export interface SetSync {
  readonly writes: ApiCall[];
  readonly events: SetEvent[];
  readonly status: StatefulSetStatus;
}

export interface SetInputs {
  readonly set: StatefulSet;
  /** Pods the set controls, ordinal names only. */
  readonly pods: readonly Pod[];
  readonly claim: (name: string) => PersistentVolumeClaim | undefined;
  readonly current: ControllerRevision;
  readonly update: ControllerRevision;
  readonly collisionCount: number;
  /** Wall-clock ms (epoch + virtual now), for minReadySeconds. */
  readonly wallMs: number;
}

const phase = (p: Pod) => p.status?.phase ?? '';
const isCreated = (p: Pod) => phase(p) !== '';
const isRunningAndReady = (p: Pod) => phase(p) === 'Running' && isPodReady(p);

class Round {
  readonly writes: ApiCall[] = [];
  readonly events: SetEvent[] = [];
  readonly minReady: number;
  readonly ref: ObjectReference;

  constructor(
    readonly i: SetInputs,
  ) {
    this.minReady = i.set.spec?.minReadySeconds ?? 0;
    this.ref = referenceTo(i.set as KubeObject);
  }

  available = (p: Pod) => isPodAvailable(p, this.minReady, this.i.wallMs);
  unavailable = (p: Pod) => !(isRunningAndReady(p) && !isTerminating(p as KubeObject)) || !this.available(p);

  deletePod(p: Pod) {
    this.writes.push(deleteCall('pods', p.metadata!.name!, { namespace: p.metadata!.namespace! }));
  }

  /**
   * createPersistentVolumeClaims: each missing claim is created (without owners: the retention
   * policy's references come once the pod is up); false when one is being deleted, which fails the
   * pod's creation as Kubernetes reports it.
   */
  createClaims(p: Pod, creating: boolean): boolean {
    for (const { claim } of claimsFor(this.i.set, ordinalOf(p as KubeObject))) {
      const existing = this.i.claim(claim.metadata!.name!);
      if (existing === undefined) {
        this.writes.push(createCall(claim as KubeObject));
      } else if (isTerminating(existing as KubeObject)) {
        const why = `pvc ${claim.metadata!.name} is being deleted`;
        if (creating) this.events.push({ ref: this.ref, type: 'Warning', reason: 'FailedCreate', message: `create Pod ${p.metadata!.name} in StatefulSet ${this.i.set.metadata!.name} failed error: ${why}` });
        return false;
      }
    }
    return true;
  }

  /** PodClaimIsStale: with WhenScaled Delete, a claim still owned by an earlier pod of this name waits for the garbage collector. */
  claimIsStale(p: Pod): boolean {
    if ((this.i.set.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled ?? 'Retain') === 'Retain') return false;
    return claimsFor(this.i.set, ordinalOf(p as KubeObject)).some(({ claim }) => {
      const c = this.i.claim(claim.metadata!.name!);
      return c !== undefined && staleRef(c.metadata?.ownerReferences ?? [], 'Pod', p);
    });
  }

  /** Claims whose owner references the retention policy wants otherwise get them rewritten. */
  fixClaims(p: Pod, condemned: boolean) {
    for (const { claim } of claimsFor(this.i.set, ordinalOf(p as KubeObject))) {
      const c = this.i.claim(claim.metadata!.name!);
      if (c === undefined) continue;
      const refs = retentionOwnerRefs(this.i.set, c, p, condemned);
      if (sameRefs(c.metadata?.ownerReferences, refs)) continue;
      const { ownerReferences: _drop, ...meta } = c.metadata!;
      this.writes.push(updateCall({ ...c, metadata: { ...meta, ...(refs.length > 0 ? { ownerReferences: refs } : {}) } } as KubeObject));
    }
  }
}

function countStatus(r: Round, pods: readonly Pod[]): Pick<StatefulSetStatus, 'replicas' | 'readyReplicas' | 'availableReplicas' | 'currentReplicas' | 'updatedReplicas'> {
  const s = { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 };
  for (const p of pods) {
    if (isCreated(p)) s.replicas++;
    if (isRunningAndReady(p)) {
      s.readyReplicas++;
      if (r.available(p)) s.availableReplicas++;
    }
    if (isCreated(p) && !isTerminating(p as KubeObject)) {
      if (podRevision(p as KubeObject) === r.i.current.metadata!.name) s.currentReplicas++;
      if (podRevision(p as KubeObject) === r.i.update.metadata!.name) s.updatedReplicas++;
    }
  }
  return s;
}

export function syncStatefulSet(i: SetInputs): SetSync {
  const r = new Round(i);
  const { set } = i;
  const start = startOrdinal(set);
  const count = replicasOf(set);
  const base: StatefulSetStatus = {
    ...(set.metadata!.generation === undefined ? {} : { observedGeneration: set.metadata!.generation }),
    currentRevision: i.current.metadata!.name!,
    updateRevision: i.update.metadata!.name!,
    collisionCount: i.collisionCount,
    replicas: 0,
  };
  const done = (extra: Partial<StatefulSetStatus> = {}): SetSync => ({ writes: r.writes, events: r.events, status: { ...base, ...countStatus(r, i.pods), ...extra } });

  const replicas: Pod[] = new Array<Pod>(count);
  const condemned: Pod[] = [];
  for (const p of i.pods) {
    const o = ordinalOf(p as KubeObject);
    if (inOrdinalRange(set, o)) replicas[o - start] = p;
    else if (o >= 0) condemned.push(p);
  }
  const partition = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  const rolling = (set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  for (let k = 0; k < count; k++) {
    if (replicas[k] !== undefined) continue;
    const ord = start + k;
    // newVersionedStatefulSetPod: below the partition (or, with no rollingUpdate block, below the
    // count still at the current revision) a missing pod comes back at the current revision.
    const ru = set.spec?.updateStrategy?.rollingUpdate;
    const atCurrent = ru !== undefined ? ord < start + partition : rolling && ord < start + (set.status?.currentReplicas ?? 0);
    const rev = atCurrent ? i.current : i.update;
    replicas[k] = newStatefulSetPod(set, revisionTemplate(rev), ord, rev.metadata!.name!);
  }
  condemned.sort((a, b) => ordinalOf(b as KubeObject) - ordinalOf(a as KubeObject));
  const firstUnavailable = replicas.find((p) => r.unavailable(p)) ?? [...condemned].reverse().find((p) => r.unavailable(p));

  if (isTerminating(set as KubeObject)) return done();
  const monotonic = (set.spec?.podManagementPolicy ?? 'OrderedReady') !== 'Parallel';

  // processReplica: true means "stop here" in OrderedReady; Parallel goes on with the next ordinal.
  const processReplica = (p: Pod): boolean => {
    if (phase(p) === 'Failed' || phase(p) === 'Succeeded') {
      if (!isTerminating(p as KubeObject)) r.deletePod(p);
      return true;
    }
    if (!isCreated(p)) {
      if (r.claimIsStale(p)) return true;
      if (!r.createClaims(p, true)) return true;
      r.writes.push(createCall(p as KubeObject));
      if (monotonic) return true;
      return false;
    }
    if (phase(p) === 'Pending' && !r.createClaims(p, false)) return monotonic;
    if (monotonic && (isTerminating(p as KubeObject) || !isRunningAndReady(p) || !r.available(p))) return true;
    r.fixClaims(p, false);
    if (!identityMatches(set, p)) r.writes.push(updateCall(withIdentity(p) as KubeObject));
    return false;
  };
  for (const p of replicas) if (processReplica(p) && monotonic) return done();

  for (const p of condemned) r.fixClaims(p, true);

  for (const p of condemned) {
    if (isTerminating(p as KubeObject)) {
      if (monotonic) return done();
      continue;
    }
    if (monotonic && p !== firstUnavailable && (!isRunningAndReady(p) || !r.available(p))) return done();
    r.deletePod(p);
    if (monotonic) return done();
  }

  if (!rolling) return done();
  const updateName = i.update.metadata!.name!;
  for (let k = replicas.length - 1; k >= partition; k--) {
    const p = replicas[k]!;
    if (podRevision(p as KubeObject) !== updateName && !isTerminating(p as KubeObject)) {
      r.deletePod(p);
      const s = countStatus(r, i.pods);
      return done({ currentReplicas: (s.currentReplicas ?? 0) - 1 });
    }
    if (r.unavailable(p)) return done();
  }
  return done();
}
