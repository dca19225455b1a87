// The TTL-after-finished controller (ttl-after-finished-controller): a finished Job (Complete or
// Failed True) with spec.ttlSecondsAfterFinished is deleted that many seconds after the finished
// condition's transition, with the Job's uid as precondition (a new Job of the same name is
// safe) and, as Kubernetes does, foreground propagation, so the garbage collector removes its
// pods before the Job. Earlier looks requeue the key for when the TTL runs out.

import type { Job } from '../../../protocols/kube/objects.ts';
import { parseRfc3339 } from '../../../protocols/kube/time.ts';
import { deleteCall, keyOf, type Listers, type Notification, type ReconcileResult } from '../../client/index.ts';
import type { ControllerDef } from '../context.ts';

export const TTL_AFTER_FINISHED_CONTROLLER = 'ttl-after-finished-controller';

export const TTL_INFORMERS = [{ name: 'jobs', resource: 'jobs.batch' }] as const;

/** When the Job finished (calendar ms), if it did: its Complete or Failed condition's transition. */
function finishedAt(job: Job): number | undefined {
  const c = (job.status?.conditions ?? []).find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c?.lastTransitionTime === undefined ? undefined : parseRfc3339(c.lastTransitionTime);
}

const needsCleanup = (job: Job) => job.metadata?.deletionTimestamp === undefined && job.spec?.ttlSecondsAfterFinished !== undefined && job.spec.ttlSecondsAfterFinished !== null && finishedAt(job) !== undefined;

/** Only Jobs that need cleaning up are worth a key. */
export function ttlKeys(_informer: string, n: Notification): string[] {
  return n.type !== 'delete' && needsCleanup(n.obj as Job) ? [keyOf(n.obj)] : [];
}

export function reconcileTTL(key: string, listers: Listers, now: number, epochMs: number): ReconcileResult {
  const job = listers.jobs!.get(key) as Job | undefined;
  if (job === undefined || !needsCleanup(job)) return { writes: [] };
  const expireAt = finishedAt(job)! + job.spec!.ttlSecondsAfterFinished! * 1000;
  const remaining = expireAt - (epochMs + now);
  if (remaining > 0) return { writes: [], requeueAfter: remaining };
  return {
    writes: [deleteCall('jobs', job.metadata!.name!, { namespace: job.metadata!.namespace! }, { propagationPolicy: 'Foreground', preconditions: { uid: job.metadata!.uid! } })],
  };
}

export const ttlAfterFinishedController: ControllerDef = {
  name: TTL_AFTER_FINISHED_CONTROLLER,
  spec: (c) => ({
    client: c.client(TTL_AFTER_FINISHED_CONTROLLER),
    informers: TTL_INFORMERS,
    keysFor: ttlKeys,
    reconcile: (key, listers, now) => reconcileTTL(key, listers, now, c.epochMs),
    component: TTL_AFTER_FINISHED_CONTROLLER,
    epochMs: c.epochMs,
  }),
};
