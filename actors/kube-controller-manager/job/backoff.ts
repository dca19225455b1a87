// The pod-failure backoff: after consecutive failures since the last success the controller waits
// 10 s, doubling per failure, capped (MaxJobPodFailureBackOff, 10 min in the controller; the docs
// say six minutes), from the last failure before it creates a replacement. The record lives in
// the controller's memory, as Kubernetes keeps it in an in-memory store: a restart forgets it.

import type { Pod } from '../../../protocols/kube/objects.ts';
import { finishedAt } from './pods.ts';

export const DEFAULT_POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 600_000;

export interface BackoffRecord {
  readonly failuresAfterLastSuccess: number;
  /** Virtual ms of the latest counted failure. */
  readonly lastFailureAt?: number;
}

export const NO_BACKOFF: BackoffRecord = { failuresAfterLastSuccess: 0 };

/** newBackoffRecord: the record after the pods that finished since the last sync. */
export function nextBackoffRecord(old: BackoffRecord, succeeded: readonly Pod[], failed: readonly Pod[], epochMs: number): BackoffRecord {
  const failTimes = failed.map((p) => finishedAt(p, epochMs)).sort((a, b) => a - b);
  if (succeeded.length === 0) {
    if (failTimes.length === 0) return old;
    return { failuresAfterLastSuccess: old.failuresAfterLastSuccess + failTimes.length, lastFailureAt: failTimes[failTimes.length - 1]! };
  }
  const lastSuccess = Math.max(...succeeded.map((p) => finishedAt(p, epochMs)));
  const after = failTimes.filter((t) => t > lastSuccess);
  return after.length === 0 ? NO_BACKOFF : { failuresAfterLastSuccess: after.length, lastFailureAt: after[after.length - 1]! };
}

/** How long before a pod may be created again (0: now). */
export function remainingBackoff(r: BackoffRecord, now: number, base = DEFAULT_POD_FAILURE_BACKOFF_MS, max = MAX_POD_FAILURE_BACKOFF_MS): number {
  if (r.failuresAfterLastSuccess === 0 || r.lastFailureAt === undefined) return 0;
  let d = base;
  for (let i = 1; i < r.failuresAfterLastSuccess; i++) {
    d *= 2;
    if (d >= max) {
      d = max;
      break;
    }
  }
  const elapsed = now - r.lastFailureAt;
  return d < elapsed ? 0 : d - elapsed;
}
