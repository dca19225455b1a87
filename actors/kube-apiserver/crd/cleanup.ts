// Deleting a CustomResourceDefinition deletes its custom resources first (apiextensions-apiserver's
// REST Delete and its CRDFinalizer controller). The first DELETE only marks the CRD: deletionTimestamp,
// the customresourcecleanup.apiextensions.k8s.io finalizer, and a Terminating condition; from then
// on no new custom resource may be created. The controller then says the deletion is in progress,
// deletes the resources namespace by namespace, and once none is left sets Terminating False and
// drops the finalizer through a status write, which removes the CRD.

import type { CustomResourceDefinition, KubeObject } from '../../../protocols/kube/objects.ts';
import { rfc3339 } from '../../../protocols/kube/time.ts';

export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

export interface CrdCondition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly lastTransitionTime?: string;
  readonly reason?: string;
  readonly message?: string;
}

type Conditioned = KubeObject & { status?: { conditions?: CrdCondition[] } };

/**
 * SetCRDCondition: replaces the condition of its type; the transition time moves only when the
 * status does. Returns a new object.
 */
export function withCondition<T extends KubeObject>(obj: T, cond: CrdCondition, now: string): T {
  const o = obj as Conditioned;
  const conditions = [...(o.status?.conditions ?? [])];
  const i = conditions.findIndex((c) => c.type === cond.type);
  const was = i < 0 ? undefined : conditions[i];
  const next: CrdCondition = { ...cond, lastTransitionTime: was !== undefined && was.status === cond.status ? (was.lastTransitionTime ?? now) : now };
  if (i < 0) conditions.push(next);
  else conditions[i] = next;
  return { ...obj, status: { ...(o.status ?? {}), conditions } };
}

export const isTerminating = (crd: CustomResourceDefinition | KubeObject): boolean =>
  ((crd as Conditioned).status?.conditions ?? []).some((c) => c.type === 'Terminating' && c.status === 'True');

export const needsCleanup = (crd: KubeObject): boolean => crd.metadata.deletionTimestamp !== undefined && (crd.metadata.finalizers ?? []).includes(CLEANUP_FINALIZER);

/** What the first DELETE of a CRD stores instead of deleting it; undefined once it is marked. */
export function markForCleanup(crd: KubeObject, nowMs: number): KubeObject | undefined {
  if (crd.metadata.deletionTimestamp !== undefined) return undefined;
  const now = rfc3339(nowMs);
  const finalizers = crd.metadata.finalizers ?? [];
  const marked: KubeObject = {
    ...crd,
    metadata: { ...crd.metadata, deletionTimestamp: now, finalizers: finalizers.includes(CLEANUP_FINALIZER) ? finalizers : [...finalizers, CLEANUP_FINALIZER] },
  };
  return withCondition(marked, { type: 'Terminating', status: 'True', reason: 'InstanceDeletionPending', message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon' }, now);
}

export const IN_PROGRESS: CrdCondition = { type: 'Terminating', status: 'True', reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress' };
export const NEVER_ESTABLISHED: CrdCondition = { type: 'Terminating', status: 'False', reason: 'NeverEstablished', message: 'resource was never established' };
export const DELETION_DONE: CrdCondition = { type: 'Terminating', status: 'False' };

/** How long the finalizer polls for the custom resources to be gone before it says so (and starts over). */
export const DELETION_CHECK_MS = 60_000;
/** What wait.PollImmediate's timeout leaves in the condition. */
export const CHECK_TIMED_OUT: CrdCondition = { type: 'Terminating', status: 'True', reason: 'InstanceDeletionCheck', message: 'could not confirm zero CustomResources remaining: timed out waiting for the condition' };
export const deleteFailed = (why: string): CrdCondition => ({ type: 'Terminating', status: 'True', reason: 'InstanceDeletionFailed', message: `could not issue all deletes: ${why}` });

/** The CRD with its cleanup done: Terminating as `cond` and the finalizer gone. */
export function finished(crd: KubeObject, cond: CrdCondition, now: string): KubeObject {
  const next = withCondition(crd, cond, now);
  return { ...next, metadata: { ...next.metadata, finalizers: (next.metadata.finalizers ?? []).filter((f) => f !== CLEANUP_FINALIZER) } };
}

/** The namespaces to delete custom resources in, each once, in the order the list gives them. */
export const namespacesOf = (items: readonly KubeObject[]): string[] => [...new Set(items.map((o) => o.metadata.namespace ?? ''))];
