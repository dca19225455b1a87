// backoffLimitPerIndex (beta and on in 1.32): an Indexed Job counts failures per index, carried
// from a failed pod to its replacement in the batch.kubernetes.io/job-index-failure-count
// annotation (failures a podFailurePolicy ignores in ...-ignored-failure-count). An index whose
// failure count reaches the limit, or whose pod matched a FailIndex rule, is failed for good and
// not run again. Until its replacement exists, the last failed pod of an index keeps its
// tracking finalizer, so that its count is not lost; the replacement waits the pod-failure
// backoff of that index alone.

import type { Job, Pod } from '../../../protocols/kube/objects.ts';
import { remainingBackoff } from './backoff.ts';
import { matchPodFailurePolicy } from './failure-policy.ts';
import { completionIndex, finishedAt, hasFinalizer, isPodFailed } from './pods.ts';

export const INDEX_FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';
export const INDEX_IGNORED_FAILURE_COUNT = 'batch.kubernetes.io/job-index-ignored-failure-count';

export const hasBackoffLimitPerIndex = (job: Job): boolean => job.spec?.completionMode === 'Indexed' && job.spec.backoffLimitPerIndex !== undefined && job.spec.backoffLimitPerIndex !== null;

function count(p: Pod, annotation: string): number {
  const v = p.metadata?.annotations?.[annotation];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : 0;
}

const absoluteCount = (p: Pod) => count(p, INDEX_FAILURE_COUNT) + count(p, INDEX_IGNORED_FAILURE_COUNT);
const validIndex = (job: Job, p: Pod) => completionIndex(p) >= 0 && completionIndex(p) < (job.spec?.completions ?? 0);

/** isIndexFailed: a FailIndex match, or a counted failure that reaches backoffLimitPerIndex. */
function isIndexFailed(job: Job, p: Pod): boolean {
  if (!isPodFailed(p, job)) return false;
  const m = matchPodFailurePolicy(job, p);
  if (m.action === 'FailIndex') return true;
  return m.countFailed && count(p, INDEX_FAILURE_COUNT) >= job.spec!.backoffLimitPerIndex!;
}

/** The stored failed indexes and those the pods still tracked add. */
export function failedIndexes(job: Job, pods: readonly Pod[], stored: readonly number[]): Set<number> {
  const out = new Set(stored);
  for (const p of pods) if (hasFinalizer(p) && validIndex(job, p) && isIndexFailed(job, p)) out.add(completionIndex(p));
  return out;
}

/**
 * getPodsWithDelayedDeletionPerIndex: per index still to run and not running, its latest failed
 * pod (the one whose count the replacement continues).
 */
export function delayedPerIndex(job: Job, pods: readonly Pod[], active: readonly Pod[], done: ReadonlySet<number>, failed: ReadonlySet<number>, epochMs: number): Map<number, Pod> {
  const activeIndexes = new Set(active.map(completionIndex));
  const out = new Map<number, Pod>();
  for (const p of pods) {
    if (!hasFinalizer(p) || !validIndex(job, p) || !isPodFailed(p, job)) continue;
    const ix = completionIndex(p);
    if (done.has(ix) || failed.has(ix) || activeIndexes.has(ix)) continue;
    const last = out.get(ix);
    if (last === undefined || (absoluteCount(last) <= absoluteCount(p) && finishedAt(p, epochMs) >= finishedAt(last, epochMs))) out.set(ix, p);
  }
  return out;
}

/** The failure-count annotations of the pod replacing `replaced`. */
export function replacementAnnotations(job: Job, replaced: Pod | undefined): Record<string, string> {
  if (replaced === undefined) return { [INDEX_FAILURE_COUNT]: '0' };
  let failures = count(replaced, INDEX_FAILURE_COUNT);
  let ignored = count(replaced, INDEX_IGNORED_FAILURE_COUNT);
  if (matchPodFailurePolicy(job, replaced).countFailed) failures++;
  else ignored++;
  return { [INDEX_FAILURE_COUNT]: String(failures), ...(ignored > 0 ? { [INDEX_IGNORED_FAILURE_COUNT]: String(ignored) } : {}) };
}

/** getRemainingTimePerIndex: the backoff of the index whose last failed pod is `last`. */
export function remainingForIndex(last: Pod | undefined, now: number, epochMs: number): number {
  if (last === undefined) return 0;
  return remainingBackoff({ failuresAfterLastSuccess: absoluteCount(last) + 1, lastFailureAt: finishedAt(last, epochMs) }, now);
}
