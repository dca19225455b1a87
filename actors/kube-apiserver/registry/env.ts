// What the registry needs from the replica running it: the time, a seeded stream, the strategies
// and the resources it serves. Pure values and functions, so tests build one by hand.

import type { Target } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import type { ResourceInfo } from '../../../protocols/kube/resources.ts';
import type { FailureStatus } from '../../../protocols/kube/status.ts';
import type { Step } from './step.ts';
import type { AdmissionListers, UserInfo } from '../admission/index.ts';
import type { Allocators, Strategy } from '../strategies/types.ts';

export interface RegistryEnv {
  /** Unix milliseconds on the cluster's calendar (epoch + virtual time). */
  readonly nowMs: number;
  /** An integer in [0, n) from the replica's seeded stream. */
  readonly pick: (n: number) => number;
  /** The resource a target names, or why it is not served. */
  readonly resolve: (target: Target) => ResourceInfo | FailureStatus;
  readonly strategyFor: (r: ResourceInfo) => Strategy;
  readonly allocators?: Allocators;
  /** The objects of a resource in a namespace ('' for all), from the replica's watch cache. */
  readonly list?: (group: string, resource: string, namespace: string) => readonly KubeObject[];
  /**
   * The watch cache's copy of one object, if the replica has one: an update starts from it and
   * writes with a compare-and-swap on its revision, reading etcd only when that loses (as
   * GuaranteedUpdate does with the cacher's cachedExistingObject). Callers must not modify it.
   */
  readonly cached?: (r: ResourceInfo, namespace: string, name: string) => KubeObject | undefined;
  /** The admission chain's view of the caches; without it no admission plugin runs. */
  readonly admission?: AdmissionListers;
  /** Who is asking, as authentication found; absent: an administrator. */
  readonly user?: UserInfo;
  /**
   * The etcd lease a write of `r`'s object attaches to (0: none), handed to `then`, with the steps
   * it takes to get one: the registry's TTLFunc and the storage's lease manager. `update`: the
   * write replaces a stored object (Kubernetes' TTLFunc is told, Events' ignores it). Absent: no
   * write has a TTL. `granted`: `then` runs on a grant's answer, not at once.
   */
  readonly leaseFor?: (r: ResourceInfo, nowMs: number, update: boolean, then: (lease: number, granted: boolean) => Step) => Step;
}
