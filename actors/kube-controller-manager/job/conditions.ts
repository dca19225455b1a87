// Job conditions as the controller writes them: ensureJobConditionStatus (a condition changes
// only when its status, reason or message does; a False one is never added from nothing) and the
// reasons and messages of Kubernetes 1.32.

import type { Job } from '../../../protocols/kube/objects.ts';

export type JobCondition = NonNullable<NonNullable<Job['status']>['conditions']>[number];

export interface Finish {
  readonly type: 'SuccessCriteriaMet' | 'FailureTarget' | 'Complete' | 'Failed';
  readonly reason: string;
  readonly message: string;
}

export const COMPLETIONS_REACHED: Finish = { type: 'SuccessCriteriaMet', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' };
export const BACKOFF_LIMIT_EXCEEDED: Finish = { type: 'FailureTarget', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
export const MAX_FAILED_INDEXES_EXCEEDED: Finish = { type: 'FailureTarget', reason: 'MaxFailedIndexesExceeded', message: 'Job has exceeded the specified maximal number of failed indexes' };
export const FAILED_INDEXES: Finish = { type: 'FailureTarget', reason: 'FailedIndexes', message: 'Job has failed indexes' };
export const DEADLINE_EXCEEDED: Finish = { type: 'FailureTarget', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };

export const findCondition = (conds: readonly JobCondition[] | undefined, type: string): JobCondition | undefined => (conds ?? []).find((c) => c.type === type);

const isTrue = (job: Job, type: string) => findCondition(job.status?.conditions, type)?.status === 'True';

/** IsJobFinished: a Complete or Failed condition that is True. */
export const isJobFinished = (job: Job): boolean => isTrue(job, 'Complete') || isTrue(job, 'Failed');

/** The finished condition's transition time (the TTL controller's clock start), if finished. */
export function finishedTime(job: Job): string | undefined {
  const c = (job.status?.conditions ?? []).find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c?.lastTransitionTime;
}

export function newCondition(type: string, status: string, reason: string, message: string, ts: string): JobCondition {
  return { type, status, lastProbeTime: ts, lastTransitionTime: ts, reason, message };
}

/** Returns the list and whether it changed. */
export function ensureCondition(conds: JobCondition[], type: string, status: string, reason: string, message: string, ts: string): [JobCondition[], boolean] {
  const i = conds.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = conds[i]!;
    if (c.status === status && c.reason === reason && c.message === message) return [conds, false];
    const next = [...conds];
    next[i] = newCondition(type, status, reason, message, ts);
    return [next, true];
  }
  if (status === 'False') return [conds, false];
  return [[...conds, newCondition(type, status, reason, message, ts)], true];
}
