// The plain-data result of a pod sync decision (kuberuntime's podActions), and the reasons the
// kubelet kills a single container with.

export type KillReason = 'LivenessProbe' | 'StartupProbe' | 'Unknown' | '';

export interface ContainerToKill {
  readonly containerId: string;
  readonly name: string;
  /** Picks the grace period: a failed probe may carry its own terminationGracePeriodSeconds. */
  readonly reason: KillReason;
  /** The Killing event's message, e.g. "Container nginx failed liveness probe, will be restarted". */
  readonly message: string;
  /** The StopContainer timeout budget, before preStop time is taken off (at least 2 s stays). */
  readonly gracePeriodSeconds: number;
}

export interface BackedOff {
  readonly name: string;
  readonly init: boolean;
  readonly index: number;
}

export interface PodActions {
  /** Stop every container and the sandbox. */
  readonly killPod: boolean;
  readonly createSandbox: boolean;
  /** The sandbox to kill (when recreating) or to create containers in; '' when there is none. */
  readonly sandboxId: string;
  readonly attempt: number;
  /** Why the sandbox is recreated; the kubelet records SandboxChanged when an old one existed. */
  readonly sandboxChanged?: 'NoSandbox' | 'MultipleReady' | 'NotReady' | 'NoIP';
  /** Indexes into spec.initContainers, in start order. */
  readonly initContainersToStart: readonly number[];
  /** Indexes into spec.containers, in start order. */
  readonly containersToStart: readonly number[];
  readonly containersToKill: readonly ContainerToKill[];
  /** Containers the decision would start but whose restart back-off has not run out (CrashLoopBackOff). */
  readonly backingOff: readonly BackedOff[];
}
