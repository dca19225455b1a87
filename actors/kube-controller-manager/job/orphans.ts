// Pods left with the job-tracking finalizer by a Job that no longer counts them: the Job was
// deleted (or replaced by another of the same name), finished, or the garbage collector took
// its owner reference away. Nothing else would ever remove that finalizer, so the pod could not
// be deleted; Kubernetes' orphan queue removes it, and so do these keys (`orphan:<ns>/<pod>`).

import type { Job, Pod } from '../../../protocols/kube/objects.ts';
import { keyOf, type Listers, type Notification, type ReconcileResult } from '../../client/index.ts';
import { isJobFinished } from './conditions.ts';
import { removeFinalizerCall } from './manage.ts';
import { hasFinalizer, managedElsewhere } from './pods.ts';

export const ORPHAN_PREFIX = 'orphan:';

/** Whether no live, unfinished Job of batch/v1 will count this pod. */
function orphaned(pod: Pod, listers: Listers): boolean {
  const ref = (pod.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
  if (ref === undefined) return true;
  if (ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1') return false;
  const job = listers.jobs!.get(`${pod.metadata!.namespace}/${ref.name}`) as Job | undefined;
  if (job !== undefined && job.metadata?.uid === ref.uid && managedElsewhere(job)) return false;
  return job === undefined || job.metadata?.uid !== ref.uid || isJobFinished(job);
}

/** The orphan key of a pod that still has the finalizer and no Job to count it. */
export function orphanKeys(n: Notification, listers: Listers): string[] {
  if (n.type === 'delete') return [];
  const pod = n.obj as Pod;
  return hasFinalizer(pod) && orphaned(pod, listers) ? [ORPHAN_PREFIX + keyOf(n.obj)] : [];
}

/** syncOrphanPod: the finalizer off if the pod is still an orphan. */
export function reconcileOrphanPod(podKey: string, listers: Listers): ReconcileResult {
  const pod = listers.pods!.get(podKey) as Pod | undefined;
  if (pod === undefined || !hasFinalizer(pod) || !orphaned(pod, listers)) return { writes: [] };
  return { writes: [removeFinalizerCall(pod)] };
}
