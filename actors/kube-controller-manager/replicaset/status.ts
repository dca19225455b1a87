// A ReplicaSet's status from the pods it owns (calculateStatus): replicas, fullyLabeledReplicas
// (pods carrying every label of the template), readyReplicas, availableReplicas (ready for longer
// than minReadySeconds), observedGeneration, and the ReplicaFailure condition while creating or
// deleting pods fails. Written through the status subresource only when something changed.

import type { Pod, ReplicaSet } from '../../../protocols/kube/objects.ts';
import { rfc3339 } from '../../../protocols/kube/time.ts';
import { isPodAvailable, isPodReady, readySinceMs } from './pod-conditions.ts';

type Status = NonNullable<ReplicaSet['status']>;
type Condition = NonNullable<Status['conditions']>[number];

export const REPLICA_FAILURE = 'ReplicaFailure';

/** The error of the last attempt to manage replicas, if it failed: FailedCreate or FailedDelete. */
export interface ManageError {
  readonly reason: 'FailedCreate' | 'FailedDelete';
  readonly message: string;
}

export function calculateStatus(rs: ReplicaSet, pods: readonly Pod[], err: ManageError | undefined, nowMs: number): Status {
  const template = rs.spec?.template?.metadata?.labels ?? {};
  const minReady = rs.spec?.minReadySeconds ?? 0;
  let fully = 0;
  let ready = 0;
  let available = 0;
  for (const p of pods) {
    const labels = p.metadata?.labels ?? {};
    if (Object.entries(template).every(([k, v]) => labels[k] === v)) fully++;
    if (isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, minReady, nowMs)) available++;
    }
  }
  const old = rs.status?.conditions ?? [];
  const failure = old.find((c) => c.type === REPLICA_FAILURE);
  let conditions: Condition[] = [...old];
  if (err !== undefined && failure === undefined) {
    conditions = [...old, { type: REPLICA_FAILURE, status: 'True', lastTransitionTime: rfc3339(nowMs), reason: err.reason, message: err.message }];
  } else if (err === undefined && failure !== undefined) {
    conditions = old.filter((c) => c.type !== REPLICA_FAILURE);
  }
  const status: Status = { ...rs.status, replicas: pods.length, fullyLabeledReplicas: fully, readyReplicas: ready, availableReplicas: available };
  if (conditions.length > 0) status.conditions = conditions;
  else delete status.conditions;
  return status;
}

const same = (a: Status | undefined, b: Status, generation: number | undefined): boolean =>
  (a?.replicas ?? 0) === (b.replicas ?? 0) &&
  (a?.fullyLabeledReplicas ?? 0) === (b.fullyLabeledReplicas ?? 0) &&
  (a?.readyReplicas ?? 0) === (b.readyReplicas ?? 0) &&
  (a?.availableReplicas ?? 0) === (b.availableReplicas ?? 0) &&
  (generation ?? 0) === (a?.observedGeneration ?? 0) &&
  JSON.stringify(a?.conditions ?? []) === JSON.stringify(b.conditions ?? []);

/** The ReplicaSet with its new status and observedGeneration, or undefined when nothing changed. */
export function statusUpdate(rs: ReplicaSet, status: Status): ReplicaSet | undefined {
  if (same(rs.status, status, rs.metadata?.generation)) return undefined;
  return { ...rs, apiVersion: 'apps/v1', kind: 'ReplicaSet', status: { ...status, observedGeneration: rs.metadata?.generation ?? 0 } };
}

/**
 * How long until the next owned pod that is ready but not yet available becomes available, plus
 * the second Kubernetes adds against clock skew; undefined when none is waiting.
 */
export function untilNextAvailable(rs: ReplicaSet, pods: readonly Pod[], nowMs: number): number | undefined {
  const minReady = rs.spec?.minReadySeconds ?? 0;
  if (minReady === 0) return undefined;
  let next: number | undefined;
  for (const p of pods) {
    const since = readySinceMs(p);
    if (since === undefined || isPodAvailable(p, minReady, nowMs)) continue;
    const wait = since + minReady * 1000 + 1000 - nowMs;
    next = Math.min(next ?? Infinity, Math.max(1, wait));
  }
  return next;
}
