// What the runtime and the actors under it tell each other. The runtime keeps the records; a
// pod-sandbox actor (the pod's shim) owns the pause container and the containers; the pause
// container holds the network namespace; a container actor runs a process model.

import type { ActorRef, AnyRef } from '../../runtime/index.ts';
import type { PodNetworkRequest } from '../../protocols/kube/pod-network.ts';
import type { ProcessNote } from '../../protocols/kube/cri.ts';
import type { ExecResult, ProcessSpec } from './workload/process.ts';
import type { CniReply } from './cni-messages.ts';
import type { LogLine } from './log-store.ts';

/** Reports to the runtime from below. */
export type RuntimeReport =
  | { readonly type: 'NetworkUp'; readonly sandboxId: string; readonly ips: readonly string[] }
  | { readonly type: 'NetworkFailed'; readonly sandboxId: string; readonly message: string }
  | { readonly type: 'ContainerOutput'; readonly containerId: string; readonly lines: readonly LogLine[] }
  | { readonly type: 'ContainerExited'; readonly containerId: string; readonly exitCode: number; readonly reason: string; readonly message: string; readonly at: number }
  /** 'timeout' when the command outlived the exec's timeout; 'gone' when the container could not run it. */
  | { readonly type: 'ExecDone'; readonly execId: number; readonly result: ExecResult | 'timeout' | 'gone' }
  /** The workload model said something about the process, for the kubelet's Events. */
  | { readonly type: 'ContainerNote'; readonly containerId: string; readonly note: ProcessNote }
  /** The process wrote a file (the model's `write` output); a volume's file when under a volume mount. */
  | { readonly type: 'ContainerWrote'; readonly containerId: string; readonly path: string; readonly content: string }
  | { readonly type: 'ContainerStatsReport'; readonly statsId: number; readonly containerId: string; readonly workingSetBytes: number }
  /** From the event monitor: an actor under the runtime failed. */
  | { readonly type: 'ActorDied'; readonly what: Watched; readonly uid: number }
  | { readonly type: 'MonitorRestarted' };

/** What the event monitor watches, and what its death means. */
export type Watched =
  /** Its process died with it, as a process does when its shim dies. */
  | { readonly kind: 'container'; readonly containerId: string }
  /** The sandbox's namespaces are gone. */
  | { readonly kind: 'pause'; readonly sandboxId: string }
  /** The pod's shim: every process of the pod with it. */
  | { readonly kind: 'sandbox'; readonly sandboxId: string };

/** To a container actor (through its sandbox). */
export type ContainerMsg =
  | { readonly type: 'Start' }
  /** SIGTERM, then SIGKILL after graceMs (0: SIGKILL at once). */
  | { readonly type: 'Stop'; readonly graceMs: number }
  | { readonly type: 'Exec'; readonly execId: number; readonly cmd: readonly string[]; readonly timeoutMs: number }
  /** A connection for the first container that listens on its port; the rest of `next` after it. */
  | { readonly type: 'Connect'; readonly request: PodNetworkRequest; readonly next: readonly ActorRef<ContainerMsg>[] }
  | { readonly type: 'Wake' }
  /** Mounted files changed under the running process. */
  | { readonly type: 'UpdateFiles'; readonly set: Readonly<Record<string, string>>; readonly remove: readonly string[] }
  /** The process's memory working set, for ListContainerStats. */
  | { readonly type: 'Stats'; readonly statsId: number }
  | { readonly type: 'KillNow' }
  | { readonly type: 'Answer'; readonly key: string };

/** To a pod-sandbox actor from the runtime. */
export type SandboxCommand =
  | { readonly type: 'CreateIn'; readonly containerId: string; readonly actorName: string; readonly spec: ProcessSpec }
  | { readonly type: 'ToContainer'; readonly containerId: string; readonly msg: ContainerMsg }
  | { readonly type: 'RemoveIn'; readonly containerId: string }
  /** Kill every container at once and the pause container after them (StopPodSandbox). */
  | { readonly type: 'StopAll' }
  /** The pause container died: the pod's processes go with its namespaces. */
  | { readonly type: 'KillContainers' }
  /** The event monitor restarted: register the pause container and the containers with it again. */
  | { readonly type: 'Rewatch' }
  | { readonly type: 'ConnectIn'; readonly request: PodNetworkRequest };

export type SandboxMsg = SandboxCommand;

/** Where pod-sandbox actors register what the event monitor should watch. */
export type WatchRequest = { readonly type: 'Watch'; readonly ref: AnyRef; readonly what: Watched };

export type PauseMsg = { readonly type: 'PauseStarted' } | { readonly type: 'CniAdded'; readonly reply: CniReply | null; readonly error: string };
