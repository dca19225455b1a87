// What the ReplicaSet controller remembers between reconciles, and what it learns from the
// answers to its writes. A pod's generated name, and whether a create or delete failed, are known
// only when the apiserver answers; Kubernetes' pod control records SuccessfulCreate, FailedCreate,
// SuccessfulDelete and FailedDelete at that moment. Here the answer is heard by `written`, which
// keeps the Event until the ReplicaSet's next reconcile (always soon: the created pod's arrival in
// the cache, or the rate-limited retry of a failed write) emits it.

import type { ApiCall, ApiResult } from '../../../protocols/kube/api.ts';
import type { ObjectReference } from '../../client/index.ts';
import { creationObserved, deletionObserved, type Expectations } from './expectations.ts';
import type { ManageError } from './status.ts';

export interface PendingEvent {
  readonly ref: ObjectReference;
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

/** A slow-start run of creates: how many more this sync may create, and the next batch's size. */
export interface SlowStart {
  remaining: number;
  batch: number;
}

export type ReplicaSetMemory = {
  expectations: Expectations;
  slowStart: Record<string, SlowStart>;
  /** The failure of the last attempt to manage replicas, for the ReplicaFailure condition. */
  errors: Record<string, ManageError>;
  events: Record<string, PendingEvent[]>;
  /** Each ReplicaSet's reference as last reconciled, for the Events its writes' answers raise. */
  refs: Record<string, ObjectReference>;
};

export const emptyMemory = (): ReplicaSetMemory => ({ expectations: {}, slowStart: {}, errors: {}, events: {}, refs: {} });

const NAMESPACE_TERMINATING_CAUSE = 'NamespaceTerminating';

function note(m: ReplicaSetMemory, key: string, type: PendingEvent['type'], reason: string, message: string): void {
  const ref = m.refs[key];
  if (ref !== undefined) (m.events[key] ??= []).push({ ref, type, reason, message });
}

/** The `written` hook: a create or delete of a pod for ReplicaSet `key` answered. */
export function replicaSetWritten(key: string, call: ApiCall, result: ApiResult, m: ReplicaSetMemory): void {
  if (call.target.resource !== 'pods' || call.target.subresource !== undefined) return;
  if (call.verb === 'create') {
    if (result.ok) {
      note(m, key, 'Normal', 'SuccessfulCreate', `Created pod: ${(result.body as { metadata: { name: string } }).metadata.name}`);
      return;
    }
    note(m, key, 'Warning', 'FailedCreate', `Error creating: ${result.body.message}`);
    // A namespace being deleted refuses every create: not a failure to retry or report.
    if ((result.body.details?.causes ?? []).some((c) => c.reason === NAMESPACE_TERMINATING_CAUSE)) return;
    creationObserved(m.expectations, key);
    delete m.slowStart[key];
    m.errors[key] = { reason: 'FailedCreate', message: result.body.message };
    return;
  }
  if (call.verb !== 'delete') return;
  const podKey = `${call.target.namespace}/${call.target.name}`;
  if (result.ok) {
    note(m, key, 'Normal', 'SuccessfulDelete', `Deleted pod: ${call.target.name}`);
    return;
  }
  deletionObserved(m.expectations, key, podKey);
  if (result.code === 404) return;
  note(m, key, 'Warning', 'FailedDelete', `Error deleting: ${result.body.message}`);
  m.errors[key] = { reason: 'FailedDelete', message: `unable to delete pods: ${result.body.message}` };
}
