// Counting finished pods without losing or repeating one (Kubernetes' job-tracking protocol,
// trackJobStatusAndRemoveFinalizers), spread over syncs since a reconcile's writes go out
// together: a finished pod that still has the batch.kubernetes.io/job-tracking finalizer is first
// written into status.uncountedTerminatedPods (an Indexed Job's succeeded pod into
// completedIndexes); once that status is stored (the cached Job shows it), the finalizer is
// removed; once the pod shows no finalizer (or is gone), its uid moves from the uncounted lists
// into succeeded/failed. Pods never to be counted (ignored by the podFailurePolicy, deleted by the
// controller, out of range) lose the finalizer at once.

import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { Job, Pod } from '../../../protocols/kube/objects.ts';
import { type Finish } from './conditions.ts';
import { matchPodFailurePolicy } from './failure-policy.ts';
import { removeFinalizerCall } from './manage.ts';
import { completionIndex, hasFinalizer, isPodFailed } from './pods.ts';

type Status = NonNullable<Job['status']>;

export interface TrackInput {
  readonly job: Job;
  readonly pods: readonly Pod[];
  /** The status being built (active, ready, ... already set); changed in place. */
  readonly status: Status;
  /** What the Job will end as, if it is ending. */
  readonly finish: Finish | undefined;
  /** Indexed Jobs: the indexes stored as completed, and all completed ones now. */
  readonly prevIndexes: ReadonlySet<number>;
  readonly indexes: ReadonlySet<number>;
  /** backoffLimitPerIndex: failed pods whose finalizer stays until their index's replacement exists. */
  readonly delayed: ReadonlySet<string>;
}

/** Kubernetes' MaxUncountedPods: the uncounted lists stay under about 20 KB; the rest waits a sync. */
export const MAX_UNCOUNTED_PODS = 500;

export interface Tracked {
  /** The finalizer removals now safe. */
  readonly removals: readonly ApiCall[];
  /** Pods were left for a later sync: the Job cannot be declared finished yet. */
  readonly reachedMax: boolean;
}

/** Fills the status's counters and uncounted lists. */
export function trackFinishedPods(t: TrackInput): Tracked {
  const { job, status } = t;
  const indexed = job.spec?.completionMode === 'Indexed';
  const completions = job.spec?.completions ?? 0;
  const stored = job.status?.uncountedTerminatedPods ?? {};
  const storedSucceeded = new Set(stored.succeeded ?? []);
  const storedFailed = new Set(stored.failed ?? []);
  const withFinalizer = new Set(t.pods.filter(hasFinalizer).map((p) => p.metadata!.uid!));

  // cleanUncountedPodsWithoutFinalizers: the finalizer is gone, so the count is final.
  const keptSucceeded = [...storedSucceeded].filter((u) => withFinalizer.has(u));
  const keptFailed = [...storedFailed].filter((u) => withFinalizer.has(u));
  status.succeeded = (status.succeeded ?? 0) + storedSucceeded.size - keptSucceeded.length;
  status.failed = (status.failed ?? 0) + storedFailed.size - keptFailed.length;
  const succeeded = [...keptSucceeded];
  const failed = [...keptFailed];

  const removals: ApiCall[] = [];
  let newIndexes = 0;
  let reachedMax = false;
  const pods = indexed ? [...t.pods].sort((a, b) => completionIndex(a) - completionIndex(b)) : t.pods;
  for (const pod of pods) {
    if (!hasFinalizer(pod)) continue;
    const uid = pod.metadata!.uid!;
    const consideredFailed = isPodFailed(pod, job);
    const canRemove =
      job.metadata?.deletionTimestamp !== undefined || t.finish !== undefined || pod.status?.phase === 'Succeeded' || (consideredFailed && !t.delayed.has(uid));
    if (!canRemove) continue;
    const ix = completionIndex(pod);
    const validIndex = !indexed || (ix >= 0 && ix < completions);
    let countedAlready = true;
    if (pod.status?.phase === 'Succeeded' && !storedFailed.has(uid)) {
      if (indexed) {
        countedAlready = !validIndex || t.prevIndexes.has(ix);
        if (!countedAlready) newIndexes++;
      }
      else if (!storedSucceeded.has(uid)) {
        succeeded.push(uid);
        countedAlready = false;
      }
    } else if (consideredFailed || (t.finish !== undefined && t.finish.type !== 'SuccessCriteriaMet')) {
      // Once the Job is ending, every pod not finished counts as failed.
      if (!storedFailed.has(uid) && validIndex && matchPodFailurePolicy(job, pod).countFailed) {
        failed.push(uid);
        countedAlready = false;
      }
    }
    if (countedAlready) removals.push(removeFinalizerCall(pod));
    if (newIndexes + succeeded.length + failed.length >= MAX_UNCOUNTED_PODS) {
      reachedMax = true;
      break;
    }
  }
  status.uncountedTerminatedPods = { ...(succeeded.length > 0 ? { succeeded } : {}), ...(failed.length > 0 ? { failed } : {}) };
  if (indexed) {
    status.succeeded = t.indexes.size;
  }
  return { removals, reachedMax };
}
