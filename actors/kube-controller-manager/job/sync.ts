// syncJob, the Job controller's reconcile core: from a Job and the pods it controls (one cache
// snapshot) to the writes that move it on. A failure criterion (a podFailurePolicy FailJob rule,
// more failures than backoffLimit, activeDeadlineSeconds passed) first stores the interim
// FailureTarget condition and deletes the active pods; success (completions reached) stores
// SuccessCriteriaMet; the terminal Failed or Complete condition (same reason and message) follows
// once every finished pod is counted and none is terminating, as 1.32 does.

import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { Job, KubeObject, Pod } from '../../../protocols/kube/objects.ts';
import { parseRfc3339, rfc3339 } from '../../../protocols/kube/time.ts';
import { updateCall } from '../../client/index.ts';
import { type BackoffRecord, nextBackoffRecord } from './backoff.ts';
import { BACKOFF_LIMIT_EXCEEDED, COMPLETIONS_REACHED, DEADLINE_EXCEEDED, FAILED_INDEXES, MAX_FAILED_INDEXES_EXCEEDED, ensureCondition, type Finish, findCondition, isJobFinished, type JobCondition } from './conditions.ts';
import { matchPodFailurePolicy } from './failure-policy.ts';
import { formatIndexes, parseIndexes } from './indexes.ts';
import { deleteActivePods, type ManageInput, manageJob } from './manage.ts';
import { delayedPerIndex, failedIndexes, hasBackoffLimitPerIndex } from './per-index.ts';
import { completionIndex, hasFinalizer, isActive, isPodFailed, isReady, isTerminating } from './pods.ts';
import { matchSuccessPolicy } from './success-policy.ts';
import { trackFinishedPods } from './tracking.ts';

export interface SyncInput {
  readonly job: Job;
  /** The pods whose controlling owner is this Job. */
  readonly pods: readonly Pod[];
  readonly now: number;
  readonly epochMs: number;
  readonly backoff: BackoffRecord;
  /** Every create and delete of earlier syncs has been seen in the cache. */
  readonly satisfied: boolean;
  readonly seq: number;
}

export interface JobEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
  /** The write it reports (a pod's create or delete, the status update): recorded once that write answered. */
  readonly on?: ApiCall;
}

export interface SyncOutput {
  readonly writes: readonly ApiCall[];
  readonly events: readonly JobEvent[];
  readonly requeueAfter?: number;
  /** The backoff record to keep once the status write succeeds. */
  readonly backoff: BackoffRecord;
  readonly statusWrite: boolean;
  readonly created: readonly string[];
  readonly deleted: readonly string[];
}

/** pastBackoffLimitOnFailure: restartPolicy OnFailure counts container restarts instead. */
function pastBackoffLimitOnFailure(job: Job, pods: readonly Pod[]): boolean {
  if (job.spec?.template.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const s of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) restarts += s.restartCount ?? 0;
  }
  const limit = job.spec.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/**
 * What the Job is ending as: a SuccessCriteriaMet or FailureTarget condition already stored, a
 * podFailurePolicy FailJob match, more counted failures than backoffLimit (or, for OnFailure,
 * restarts), activeDeadlineSeconds passed; else, with a deadline, when to look again.
 */
function finishCriteria(job: Job, status: NonNullable<Job['status']>, pods: readonly Pod[], failed: number, now: number, epochMs: number): { finish?: Finish; requeueAfter?: number } {
  const spec = job.spec!;
  const met = findCondition(status.conditions, 'SuccessCriteriaMet');
  if (met?.status === 'True') return { finish: { type: 'SuccessCriteriaMet', reason: met.reason ?? '', message: met.message ?? '' } };
  const target = findCondition(status.conditions, 'FailureTarget');
  if (target?.status === 'True') return { finish: { type: 'FailureTarget', reason: target.reason ?? '', message: target.message ?? '' } };
  const msg = pods.filter((p) => isPodFailed(p, job)).map((p) => matchPodFailurePolicy(job, p).failJobMessage).find((m) => m !== undefined);
  if (msg !== undefined) return { finish: { type: 'FailureTarget', reason: 'PodFailurePolicy', message: msg } };
  if (failed > (spec.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods)) return { finish: BACKOFF_LIMIT_EXCEEDED };
  const deadlineMs = spec.activeDeadlineSeconds === undefined ? undefined : spec.activeDeadlineSeconds * 1000;
  if (deadlineMs === undefined || status.startTime === undefined || spec.suspend === true) return {};
  const elapsed = now - (parseRfc3339(status.startTime)! - epochMs);
  return elapsed >= deadlineMs ? { finish: DEADLINE_EXCEEDED } : { requeueAfter: deadlineMs - elapsed };
}

const jsonEqual = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function syncJob(s: SyncInput): SyncOutput {
  const empty: SyncOutput = { writes: [], events: [], backoff: s.backoff, statusWrite: false, created: [], deleted: [] };
  if (isJobFinished(s.job)) return empty;
  const job = structuredClone(s.job);
  const spec = job.spec!;
  const status: NonNullable<Job['status']> = { ...structuredClone(job.status ?? {}) };
  const ts = rfc3339(s.epochMs + s.now);
  const suspended = spec.suspend === true;
  const indexed = spec.completionMode === 'Indexed';
  const completions = spec.completions ?? undefined;
  const uncounted = job.status?.uncountedTerminatedPods ?? {};
  const uncSucceeded = new Set(uncounted.succeeded ?? []);
  const uncFailed = new Set(uncounted.failed ?? []);
  const validIndex = (p: Pod) => !indexed || (completionIndex(p) >= 0 && completionIndex(p) < (completions ?? 0));
  const fresh = (p: Pod, seen: Set<string>) => hasFinalizer(p) && !seen.has(p.metadata!.uid!) && validIndex(p);

  const activePods = s.pods.filter(isActive);
  let active = activePods.length;
  let ready = activePods.filter(isReady).length;
  let terminating = s.pods.filter(isTerminating).length;
  const newSucceeded = s.pods.filter((p) => fresh(p, uncSucceeded) && p.status?.phase === 'Succeeded');
  const newFailed = s.pods.filter((p) => fresh(p, uncFailed) && isPodFailed(p, job));
  let succeeded = (status.succeeded ?? 0) + newSucceeded.length + uncSucceeded.size;
  const failed = (status.failed ?? 0) + newFailed.filter((p) => matchPodFailurePolicy(job, p).countFailed).length + uncFailed.size;
  if (status.startTime === undefined && !suspended) status.startTime = ts;
  const backoff = nextBackoffRecord(s.backoff, newSucceeded, newFailed, s.epochMs);

  const criteria = finishCriteria(job, status, s.pods, failed, s.now, s.epochMs);
  let finish = criteria.finish;
  let requeueAfter = criteria.requeueAfter;

  let prevIndexes = new Set<number>();
  let perIndex: ManageInput['perIndex'];
  let indexes = new Set<number>();
  if (indexed) {
    prevIndexes = new Set(parseIndexes(status.completedIndexes, completions ?? 0));
    const fresh = s.pods.filter((p) => p.status?.phase === 'Succeeded' && validIndex(p) && hasFinalizer(p)).map(completionIndex);
    indexes = new Set([...prevIndexes, ...fresh]);
    succeeded = indexes.size;
    if (hasBackoffLimitPerIndex(job)) {
      const failedIdx = failedIndexes(job, s.pods, parseIndexes(status.failedIndexes, completions ?? 0));
      const max = spec.maxFailedIndexes;
      if (finish === undefined && max !== undefined && max !== null && failedIdx.size > max) finish = MAX_FAILED_INDEXES_EXCEEDED;
      else if (finish === undefined && failedIdx.size > 0 && failedIdx.size + indexes.size >= (completions ?? 0)) finish = FAILED_INDEXES;
      perIndex = { failed: failedIdx, delayed: delayedPerIndex(job, s.pods, activePods, indexes, failedIdx, s.epochMs), epochMs: s.epochMs };
    }
    finish ??= matchSuccessPolicy(job, completions ?? 0, indexes);
  }

  const writes: ApiCall[] = [];
  const events: JobEvent[] = [];
  const statusEvents: Omit<JobEvent, 'on'>[] = [];
  let created: readonly string[] = [];
  let deleted: readonly string[] = [];
  let conditions: JobCondition[] = status.conditions ?? [];
  if (finish !== undefined) {
    // The active pods go; their finalizers stay until they are counted.
    const d = deleteActivePods(activePods);
    writes.push(...d.writes);
    events.push(...d.events);
    deleted = d.deleted;
    if (!s.satisfied) finish = undefined;
    terminating += active;
    ready -= activePods.filter(isReady).length;
    active = 0;
  } else {
    let managed = false;
    if (s.satisfied && job.metadata?.deletionTimestamp === undefined) {
      const m = manageJob({ job, active: activePods, succeeded, succeededIndexes: indexes, terminating, backoff, now: s.now, seq: s.seq, ...(perIndex === undefined ? {} : { perIndex }) });
      writes.push(...m.writes);
      events.push(...m.events);
      created = m.created;
      deleted = m.deleted;
      active = m.active;
      ready -= m.readyDeleted;
      terminating += m.deleted.length;
      if (m.requeueAfter !== undefined) requeueAfter = Math.min(requeueAfter ?? Infinity, m.requeueAfter);
      managed = true;
    }
    const complete = completions === undefined || completions === null ? succeeded > 0 && active === 0 : succeeded >= completions && active === 0;
    if (complete) finish = COMPLETIONS_REACHED;
    else if (managed) {
      const [next, changed] = suspended
        ? ensureCondition(conditions, 'Suspended', 'True', 'JobSuspended', 'Job suspended', ts)
        : ensureCondition(conditions, 'Suspended', 'False', 'JobResumed', 'Job resumed', ts);
      if (changed) {
        conditions = next;
        statusEvents.push(suspended ? { type: 'Normal', reason: 'Suspended', message: 'Job suspended' } : { type: 'Normal', reason: 'Resumed', message: 'Job resumed' });
        // activeDeadlineSeconds counts continuous activity: a resumed Job starts again.
        if (!suspended) status.startTime = ts;
      }
    }
  }

  status.active = active;
  status.ready = ready;
  status.terminating = terminating;
  status.conditions = conditions;
  const delayed = new Set([...(perIndex?.delayed.values() ?? [])].map((p) => p.metadata!.uid!));
  const tracked = trackFinishedPods({ job, pods: s.pods, status, finish, prevIndexes, indexes, delayed });
  writes.push(...tracked.removals);
  if (indexed) status.completedIndexes = formatIndexes(indexes);
  if (perIndex !== undefined) status.failedIndexes = formatIndexes(perIndex.failed);
  if (finish !== undefined && (finish.type === 'FailureTarget' || finish.type === 'SuccessCriteriaMet')) {
    if (findCondition(status.conditions, finish.type) === undefined) status.conditions = [...status.conditions, { type: finish.type, status: 'True', lastProbeTime: ts, lastTransitionTime: ts, reason: finish.reason, message: finish.message }];
    finish = { type: finish.type === 'FailureTarget' ? 'Failed' : 'Complete', reason: finish.reason, message: finish.message };
  }
  const unc = status.uncountedTerminatedPods ?? {};
  const allCounted = (unc.succeeded ?? []).length + (unc.failed ?? []).length === 0;
  if (finish !== undefined && allCounted && terminating === 0 && !tracked.reachedMax) {
    [status.conditions] = ensureCondition(status.conditions, finish.type, 'True', finish.reason, finish.message, ts);
    if (finish.type === 'Complete') {
      status.completionTime = ts;
      if (completions !== undefined && completions !== null && (status.succeeded ?? 0) > completions) {
        statusEvents.push({ type: 'Warning', reason: 'TooManySucceededPods', message: 'Too many succeeded pods running after completion count reached' });
      }
      statusEvents.push({ type: 'Normal', reason: 'Completed', message: 'Job completed' });
    } else statusEvents.push({ type: 'Warning', reason: finish.reason, message: finish.message });
  }
  // As Go's omitempty writes them: zero counters and no completed indexes are left out (ready and terminating are pointers, kept).
  if (status.conditions.length === 0) delete status.conditions;
  for (const f of ['active', 'succeeded', 'failed'] as const) if (status[f] === 0) delete status[f];
  if (status.completedIndexes === '') delete status.completedIndexes;
  const statusWrite = !jsonEqual(status, job.status ?? {});
  if (statusWrite) {
    const update = updateCall({ ...job, apiVersion: 'batch/v1', kind: 'Job', status } as unknown as KubeObject, { subresource: 'status' });
    writes.push(update);
    events.push(...statusEvents.map((e) => ({ ...e, on: update })));
  }
  return { writes, events, backoff, statusWrite, created, deleted, ...(requeueAfter === undefined ? {} : { requeueAfter }) };
}
