// manageJob: bring the number of active pods to what the Job wants. A suspended Job loses all
// its active pods; otherwise the wanted number is parallelism, bounded by the completions still
// to go (a Job without completions keeps what runs once one pod succeeded). Too many pods (or an
// Indexed Job's pods with a duplicate or out-of-range index) are deleted, the least advanced
// first, and nothing is created in the same sync; too few are created once the pod-failure
// backoff has passed, an Indexed Job's for its lowest pending indexes.

import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { Job, Pod } from '../../../protocols/kube/objects.ts';
import { createCall, deleteCall, patchCall } from '../../client/index.ts';
import { type BackoffRecord, remainingBackoff } from './backoff.ts';
import { firstPendingIndexes } from './indexes.ts';
import { remainingForIndex, replacementAnnotations } from './per-index.ts';
import { nameSuffix, podForJob, podNamePrefix } from './pod-template.ts';
import { completionIndex, deletionOrder, hasFinalizer, isReady, onlyReplaceFailedPods, TRACKING_FINALIZER } from './pods.ts';

/** Kubernetes' MaxPodCreateDeletePerSync. */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

export interface ManageInput {
  readonly job: Job;
  readonly active: readonly Pod[];
  readonly succeeded: number;
  readonly succeededIndexes: ReadonlySet<number>;
  readonly terminating: number;
  readonly backoff: BackoffRecord;
  /** backoffLimitPerIndex: the failed indexes (never run again) and each index's last failed pod. */
  readonly perIndex?: { readonly failed: ReadonlySet<number>; readonly delayed: ReadonlyMap<number, Pod>; readonly epochMs: number };
  readonly now: number;
  /** A number no earlier create of this controller used, for pod names. */
  readonly seq: number;
}

export interface ManageResult {
  readonly active: number;
  readonly readyDeleted: number;
  readonly deleted: readonly string[];
  readonly created: readonly string[];
  readonly writes: readonly ApiCall[];
  /** Each reports the write `on`, and is recorded once that write has answered. */
  readonly events: readonly { readonly type: 'Normal' | 'Warning'; readonly reason: string; readonly message: string; readonly on: ApiCall }[];
  readonly requeueAfter?: number;
}

const removeFinalizerPatch = JSON.stringify({ metadata: { [`$deleteFromPrimitiveList/finalizers`]: [TRACKING_FINALIZER] } });

export const removeFinalizerCall = (p: Pod): ApiCall => patchCall('pods', p.metadata!.name!, 'strategic', removeFinalizerPatch, { namespace: p.metadata!.namespace! });

/** deleteJobPods: the finalizer off (the pod is not a failure to count), then the delete. */
export function deleteJobPods(pods: readonly Pod[]): Pick<ManageResult, 'writes' | 'events' | 'deleted' | 'readyDeleted'> {
  const writes: ApiCall[] = [];
  const events: ManageResult['events'][number][] = [];
  for (const p of pods) {
    if (hasFinalizer(p)) writes.push(removeFinalizerCall(p));
    const del = deleteCall('pods', p.metadata!.name!, { namespace: p.metadata!.namespace! });
    writes.push(del);
    events.push({ type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${p.metadata!.name}`, on: del });
  }
  return {
    writes,
    events,
    deleted: pods.map((p) => p.metadata!.name!),
    readyDeleted: pods.filter(isReady).length,
  };
}

/** deleteActivePods: a failing or succeeded Job's pods are deleted with their finalizers kept, to be counted. */
export function deleteActivePods(pods: readonly Pod[]): Pick<ManageResult, 'writes' | 'events' | 'deleted' | 'readyDeleted'> {
  const writes = pods.map((p) => deleteCall('pods', p.metadata!.name!, { namespace: p.metadata!.namespace! }));
  return {
    writes,
    events: pods.map((p, i) => ({ type: 'Normal' as const, reason: 'SuccessfulDelete', message: `Deleted pod: ${p.metadata!.name}`, on: writes[i]! })),
    deleted: pods.map((p) => p.metadata!.name!),
    readyDeleted: pods.filter(isReady).length,
  };
}

/** activePodsForRemoval: an Indexed Job's invalid and duplicate indexes, then the least advanced pods. */
function podsForRemoval(job: Job, active: readonly Pod[], atLeast: number): Pod[] {
  const rm: Pod[] = [];
  let left = [...active];
  if (job.spec?.completionMode === 'Indexed') {
    const completions = job.spec.completions ?? 0;
    const seen = new Set<number>();
    left = [];
    // Of duplicates the ready, running, older pod stays.
    for (const p of [...active].sort((a, b) => deletionOrder(b, a))) {
      const ix = completionIndex(p);
      if (ix < 0 || ix >= completions || seen.has(ix)) rm.push(p);
      else {
        seen.add(ix);
        left.push(p);
      }
    }
  }
  if (rm.length < atLeast) rm.push(...left.sort(deletionOrder).slice(0, atLeast - rm.length));
  return rm;
}

export function manageJob(m: ManageInput): ManageResult {
  const { job } = m;
  const spec = job.spec!;
  let active = m.active.length;
  if (spec.suspend === true) {
    const d = deleteJobPods(m.active);
    return { ...d, active: active - d.deleted.length, created: [] };
  }
  const parallelism = spec.parallelism ?? 1;
  const completions = spec.completions ?? undefined;
  let want: number;
  if (completions === undefined || completions === null) want = m.succeeded > 0 ? active : parallelism;
  else want = Math.max(0, Math.min(completions - m.succeeded, parallelism));
  const toDelete = podsForRemoval(job, m.active, Math.max(0, active - want)).slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (toDelete.length > 0) {
    const d = deleteJobPods(toDelete);
    return { ...d, active: active - d.deleted.length, created: [] };
  }
  const none = { readyDeleted: 0, deleted: [], created: [], writes: [], events: [] };
  let diff = want - (onlyReplaceFailedPods(job) ? m.terminating : 0) - active;
  if (diff <= 0) return { ...none, active };
  const wait = m.perIndex === undefined ? remainingBackoff(m.backoff, m.now) : 0;
  if (wait > 0) return { ...none, active, requeueAfter: wait };
  diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
  let indexes: (number | undefined)[] = Array.from({ length: diff }, () => undefined);
  if (spec.completionMode === 'Indexed') {
    const nonPending = new Set([...m.succeededIndexes, ...m.active.map(completionIndex), ...(m.perIndex?.failed ?? [])]);
    indexes = firstPendingIndexes(diff, completions ?? 0, nonPending);
  }
  if (m.perIndex !== undefined) {
    // Each index waits out its own backoff; if none may start yet, look again when the first may.
    const { delayed, epochMs } = m.perIndex;
    const waits = indexes.map((ix) => remainingForIndex(delayed.get(ix!), m.now, epochMs));
    const ready = indexes.filter((_ix, i) => waits[i] === 0);
    if (ready.length === 0 && indexes.length > 0) return { ...none, active, requeueAfter: Math.min(...waits) };
    indexes = ready;
  }
  const writes: ApiCall[] = [];
  const events: ManageResult['events'][number][] = [];
  const created: string[] = [];
  indexes.forEach((ix, i) => {
    const name = podNamePrefix(job, ix) + nameSuffix(`${job.metadata!.uid}/${m.now}/${m.seq + i}`);
    const extra = m.perIndex === undefined ? {} : replacementAnnotations(job, m.perIndex.delayed.get(ix!));
    const create = createCall(podForJob(job, name, ix, extra));
    writes.push(create);
    events.push({ type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${name}`, on: create });
    created.push(name);
  });
  active += created.length;
  return { active, readyDeleted: 0, deleted: [], created, writes, events };
}
