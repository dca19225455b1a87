// The pod-spec shapes the kubelet's cores read, taken from the Pod type so no second copy of the
// API types exists, and the runtime state a sync decides from.

import type { Container, Pod, PodStatus } from '../../../protocols/kube/objects.ts';
import type { ContainerStatus as CriContainerStatus, PodSandboxStatus } from '../../../protocols/kube/cri.ts';

export type PodSpec = NonNullable<Pod['spec']>;
export type { Container, PodStatus };
export type ApiContainerStatus = NonNullable<PodStatus['containerStatuses']>[number];
export type ApiContainerState = NonNullable<ApiContainerStatus['state']>;
export type PodCondition = NonNullable<PodStatus['conditions']>[number];
export type LifecycleHandler = NonNullable<NonNullable<Container['lifecycle']>['preStop']>;

/** What the runtime reports of one pod: its sandboxes and containers, in any order. */
export interface RuntimePodStatus {
  readonly sandboxes: readonly PodSandboxStatus[];
  readonly containers: readonly CriContainerStatus[];
}

/** A probe worker's last result for a container; absent when the probe has not run yet. */
export type { ProbeResult } from '../probes/spec.ts';
