// The admission chain's data: what a plugin sees of a write (its attributes, as k8s.io/apiserver's
// admission.Attributes carries them) and what it may read of the cluster (its context).
//
// Attributes
//   operation    CREATE | UPDATE | DELETE | CONNECT.
//   resource     group, version, resource (plural), subresource ('' for the main resource) and
//                the kind of the object the request carries (a pods/eviction POST carries an
//                Eviction, so `kind` is the request's kind, not always the resource's).
//   namespace    '' for cluster-scoped resources.
//   name         the request's name; '' on a create whose object has only generateName.
//   object       the incoming object: a copy the chain owns, which mutating plugins change in
//                place. Absent for DELETE and CONNECT.
//   oldObject    the stored object, on UPDATE and DELETE.
//   user         the authenticated user's name and groups.
//   dryRun       dryRun=All: checks run, but nothing the chain asks to write is written.
//   options      the request's CreateOptions/UpdateOptions/DeleteOptions, as sent.
//
// Context
//   listers      read-only views of the apiserver's watch caches. Plugins never write: what they
//                need written (a ResourceQuota's status.used) comes back as effects.
//   now          virtual time, RFC 3339.
//   pick(n)      an integer in [0, n) from the apiserver's seeded stream (generated names).
//
// A plugin has a name and an `admit` (mutating phase) and/or a `validate` (validating phase). Each
// returns undefined to let the request through, a FailureStatus to reject it, or effects.

import type { KubeObject, LimitRange, Namespace, Node, Pod, PriorityClass, ResourceQuota, ServiceAccount, StorageClass } from '../../../protocols/kube/objects.ts';
import type { FailureStatus } from '../../../protocols/kube/status.ts';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface AdmissionResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  /** '' for the main resource. */
  readonly subresource: string;
  /** The kind of the object the request carries. */
  readonly kind: string;
}

export interface UserInfo {
  readonly name: string;
  readonly groups: readonly string[];
}

export interface AdmissionAttributes {
  readonly operation: Operation;
  readonly resource: AdmissionResource;
  readonly namespace: string;
  readonly name: string;
  /** Mutating plugins change this in place; absent for DELETE and CONNECT. */
  object?: KubeObject;
  readonly oldObject?: KubeObject;
  readonly user: UserInfo;
  readonly dryRun: boolean;
  readonly options?: Readonly<Record<string, unknown>>;
}

/** Read-only views of the watch caches; each returns what the cache holds now. */
export interface AdmissionListers {
  namespace(name: string): Namespace | undefined;
  limitRanges(namespace: string): readonly LimitRange[];
  resourceQuotas(namespace: string): readonly ResourceQuota[];
  serviceAccount(namespace: string, name: string): ServiceAccount | undefined;
  storageClasses(): readonly StorageClass[];
  priorityClasses(): readonly PriorityClass[];
  pod(namespace: string, name: string): Pod | undefined;
  node(name: string): Node | undefined;
  /**
   * The objects of a resource in a namespace, for quota usage a quota's status does not yet hold
   * (the quota controller computes it the same way). Optional: without it such usage counts as 0.
   */
  objects?(group: string, resource: string, namespace: string): readonly KubeObject[];
}

export interface AdmissionContext {
  readonly listers: AdmissionListers;
  /** Virtual time now, RFC 3339 ("2026-01-01T00:00:00Z"). */
  readonly now: string;
  /** An integer in [0, n) from the apiserver's seeded stream. */
  readonly pick: (n: number) => number;
}

/**
 * A write the chain asks the pipeline to make when the request is admitted: ResourceQuota's new
 * status.used, to be written with the quota's resourceVersion as precondition (a conflict means
 * another write raced: re-run admission). Quantities are canonical strings.
 */
export interface QuotaStatusUpdate {
  readonly type: 'quota-status';
  readonly namespace: string;
  readonly name: string;
  readonly resourceVersion: string | undefined;
  readonly used: Readonly<Record<string, string>>;
}

export type AdmissionEffect = QuotaStatusUpdate;

/** undefined: admitted. A FailureStatus: rejected. Effects: admitted, with writes to make. */
export type Verdict = FailureStatus | { readonly effects: readonly AdmissionEffect[] } | undefined;

export interface AdmissionPlugin {
  readonly name: string;
  /** The mutating phase: may change attrs.object. */
  admit?(attrs: AdmissionAttributes, ctx: AdmissionContext): Verdict;
  /** The validating phase: must not change anything. */
  validate?(attrs: AdmissionAttributes, ctx: AdmissionContext): Verdict;
}

export const isFailure = (v: Verdict): v is FailureStatus => v !== undefined && 'status' in v && v.status === 'Failure';
