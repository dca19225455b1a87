// The Kubernetes objects the cluster stores and serves, in their JSON shapes exactly.
//
// The shapes come from the npm package `kubernetes-types` rather than `kubernetes-models`: it is
// type-only (declaration files, no JavaScript), so protocols/ can import it with `import type`
// and nothing of it runs; `kubernetes-models` ships runtime classes with their own validation and
// defaulting, which would put logic we do not own on the wire and into the pure cores. Its
// version is pinned to the API the cluster speaks (1.30).

import type { ObjectMeta } from 'kubernetes-types/meta/v1.d.ts';

export type { ListMeta, ObjectMeta, OwnerReference, Status, StatusCause, StatusDetails } from 'kubernetes-types/meta/v1.d.ts';
export type {
  Binding,
  ConfigMap,
  Container,
  Endpoints,
  Event,
  LimitRange,
  Namespace,
  Node,
  NodeStatus,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  PodStatus,
  Probe,
  ReplicationController,
  ResourceQuota,
  Secret,
  Service,
  ServiceAccount,
} from 'kubernetes-types/core/v1.d.ts';
export type { ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.d.ts';
export type { CronJob, Job } from 'kubernetes-types/batch/v1.d.ts';
export type { Lease } from 'kubernetes-types/coordination/v1.d.ts';
export type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
export type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2.d.ts';
export type { Scale } from 'kubernetes-types/autoscaling/v1.d.ts';
export type { CSINode, StorageClass } from 'kubernetes-types/storage/v1.d.ts';
export type { Eviction, PodDisruptionBudget } from 'kubernetes-types/policy/v1.d.ts';
export type { PriorityClass } from 'kubernetes-types/scheduling/v1.d.ts';
export type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1.d.ts';
export type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.d.ts';

/**
 * Any object as it crosses the API: a manifest's document, a stored value, a custom resource.
 * apiVersion and kind are required here (the API's types leave them optional because a typed
 * client may omit them); what else it holds is the kind's business.
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}
