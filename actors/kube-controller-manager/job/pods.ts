// What the Job controller reads off its pods: the names Kubernetes gives the tracking finalizer,
// labels and annotations, and the pod states syncJob sorts pods into (active, terminating,
// failed, ready), with the moment a pod finished as the pod-failure backoff measures it.

import type { Job, Pod } from '../../../protocols/kube/objects.ts';
import { parseRfc3339 } from '../../../protocols/kube/time.ts';

export const TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
export const LEGACY_JOB_NAME_LABEL = 'job-name';
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
export const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';

export const hasFinalizer = (p: Pod): boolean => (p.metadata?.finalizers ?? []).includes(TRACKING_FINALIZER);
export const isTerminal = (p: Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
/** controller.FilterActivePods: neither finished nor being deleted. */
export const isActive = (p: Pod): boolean => !isTerminal(p) && p.metadata?.deletionTimestamp === undefined;
/** controller.CountTerminatingPods' test. */
export const isTerminating = (p: Pod): boolean => p.metadata?.deletionTimestamp !== undefined && !isTerminal(p);
export const isReady = (p: Pod): boolean => (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** spec.managedBy naming this controller (or absent); any other value leaves the Job to its own controller. */
export const JOB_CONTROLLER_MANAGER = 'kubernetes.io/job-controller';

export const managedElsewhere = (job: Job): boolean => job.spec?.managedBy !== undefined && job.spec.managedBy !== JOB_CONTROLLER_MANAGER;

/** podReplacementPolicy Failed (always so with a podFailurePolicy): only Failed pods are replaced. */
export const onlyReplaceFailedPods = (job: Job): boolean => job.spec?.podReplacementPolicy === 'Failed' || job.spec?.podFailurePolicy !== undefined;

/** isPodFailed: Failed, or (unless only failed pods are replaced) deleted before it succeeded. */
export function isPodFailed(p: Pod, job: Job): boolean {
  if (p.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return p.metadata?.deletionTimestamp !== undefined && p.status?.phase !== 'Succeeded';
}

/** The pod's completion index, or -1 when it has none that parses. */
export function completionIndex(p: Pod): number {
  const v = p.metadata?.annotations?.[COMPLETION_INDEX];
  if (v === undefined || !/^(0|[1-9][0-9]*)$/.test(v)) return -1;
  return Number(v);
}

/**
 * When the pod finished, in virtual ms: its containers' latest finishedAt when all finished, else
 * Ready=False's transition, else deletionTimestamp less the grace period, else its creation.
 */
export function finishedAt(p: Pod, epochMs: number): number {
  const at = (t: string | undefined) => (t === undefined ? undefined : parseRfc3339(t)! - epochMs);
  const statuses = p.status?.containerStatuses ?? [];
  if (statuses.length > 0 && statuses.every((s) => s.state?.terminated?.finishedAt !== undefined)) {
    return Math.max(...statuses.map((s) => at(s.state!.terminated!.finishedAt)!));
  }
  const ready = (p.status?.conditions ?? []).find((c) => c.type === 'Ready');
  if (ready?.status === 'False' && ready.lastTransitionTime !== undefined) return at(ready.lastTransitionTime)!;
  if (p.metadata?.deletionTimestamp !== undefined) return at(p.metadata.deletionTimestamp)! - (p.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return at(p.metadata?.creationTimestamp) ?? 0;
}

/** controller.ActivePods' order, the pods to delete first: unscheduled, pending, not ready, newest. */
export function deletionOrder(a: Pod, b: Pod): number {
  const rank = (p: Pod) => [p.spec?.nodeName ? 1 : 0, p.status?.phase === 'Running' ? 1 : 0, isReady(p) ? 1 : 0];
  const ra = rank(a);
  const rb = rank(b);
  for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
  const ca = a.metadata?.creationTimestamp ?? '';
  const cb = b.metadata?.creationTimestamp ?? '';
  if (ca !== cb) return ca > cb ? -1 : 1;
  return (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}
