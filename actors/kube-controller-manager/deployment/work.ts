// One sync of one Deployment, as the writes it decides on. Kubernetes' controller writes as it
// goes and reads each answer back; a pure reconcile returns its writes at once, so the sync keeps
// the latest copy of every ReplicaSet it changed (later steps read those copies, as Go reads
// the answers), sends one write per object, and one status write for the Deployment carrying
// everything it changed (the revision annotation travels with the status, as in Kubernetes).

import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { createCall, deleteCall, type ReconcileResult, referenceTo, updateCall } from '../../client/index.ts';
import { canonicalJson } from './hash.ts';
import type { Deployment, DeploymentStatus, ReplicaSet } from './types.ts';

export interface SyncEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

export interface Work {
  /** The Deployment as read: what the status write is compared with. */
  readonly listed: Deployment;
  /** A copy whose annotations and status the sync changes. */
  readonly d: Deployment;
  /** Virtual ms (requeue delays) and calendar ms (timestamps written). */
  readonly now: number;
  readonly nowMs: number;
  readonly touched: Map<string, { readonly created: boolean; cur: ReplicaSet }>;
  readonly deleted: string[];
  readonly writesFirst: ApiCall[];
  readonly events: SyncEvent[];
  requeueAfter?: number;
}

const asKube = (o: Deployment | ReplicaSet, kind: string): KubeObject => ({ ...(o as KubeObject), apiVersion: 'apps/v1', kind });

export function newWork(d: Deployment, now: number, epochMs: number): Work {
  const listed = asKube(d, 'Deployment') as Deployment;
  return { listed, d: structuredClone(listed), now, nowMs: epochMs + now, touched: new Map(), deleted: [], writesFirst: [], events: [] };
}

/** The latest copy of `rs` this sync holds (a fresh copy the first time). */
export function current(w: Work, rs: ReplicaSet): ReplicaSet {
  return w.touched.get(rs.metadata!.name!)?.cur ?? rs;
}

/** Records `rs` (a copy) as written: created or updated at the end of the sync. */
export function write(w: Work, rs: ReplicaSet, created = false): ReplicaSet {
  const name = rs.metadata!.name!;
  const prev = w.touched.get(name);
  w.touched.set(name, { created: prev?.created ?? created, cur: rs });
  return rs;
}

export function event(w: Work, type: SyncEvent['type'], reason: string, message: string): void {
  w.events.push({ type, reason, message });
}

/** A ReplicaSet counter Kubernetes omits when zero (omitempty), so that equal statuses compare equal. */
const COUNTERS = ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'] as const;

export function normalStatus(s: DeploymentStatus | undefined): DeploymentStatus {
  const out: Record<string, unknown> = { ...(s ?? {}) };
  for (const k of COUNTERS) if (!out[k]) delete out[k];
  if (Array.isArray(out.conditions) && out.conditions.length === 0) delete out.conditions;
  if (out.collisionCount === undefined) delete out.collisionCount;
  return out as DeploymentStatus;
}

export const sameStatus = (a: DeploymentStatus | undefined, b: DeploymentStatus | undefined): boolean => canonicalJson(normalStatus(a)) === canonicalJson(normalStatus(b));

/** The writes: adoption patches, ReplicaSet creates and updates, deletions, then the Deployment's status. */
export function finish(w: Work): ReconcileResult {
  const writes: ApiCall[] = [...w.writesFirst];
  for (const { created, cur } of w.touched.values()) writes.push(created ? createCall(asKube(cur, 'ReplicaSet')) : updateCall(asKube(cur, 'ReplicaSet')));
  const ns = w.d.metadata!.namespace!;
  for (const name of w.deleted) writes.push(deleteCall('replicasets', name, { namespace: ns }));
  const annotationsChanged = canonicalJson(w.d.metadata?.annotations ?? {}) !== canonicalJson(w.listed.metadata?.annotations ?? {});
  if (annotationsChanged || !sameStatus(w.d.status, w.listed.status)) {
    writes.push(updateCall({ ...(w.d as KubeObject), status: normalStatus(w.d.status) }, { subresource: 'status' }));
  }
  const ref = referenceTo(w.listed as KubeObject);
  return {
    writes,
    ...(w.requeueAfter === undefined ? {} : { requeueAfter: w.requeueAfter }),
    ...(w.events.length === 0 ? {} : { events: w.events.map((e) => ({ ref, ...e })) }),
  };
}
