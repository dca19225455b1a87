// The Container Runtime Interface as messages: what the kubelet asks its node's container runtime
// and what it hears back. Requests are named as CRI's RPCs (runtime.v1 RuntimeService and
// ImageService), with their fields in protobuf's JSON spelling. Two departures, both for the
// simulation: times are virtual milliseconds (CRI: nanoseconds), and every reply is one
// `CriReply` carrying the RPC's response or a gRPC-style error.

import type { ActorRef } from '../../runtime/message.ts';
import { service } from '../../runtime/service.ts';
import type { PodNetworkRequest } from './pod-network.ts';

// ---- shared shapes ----

export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

export interface ImageSpec {
  readonly image: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface PodSandboxMetadata {
  readonly name: string;
  readonly uid: string;
  readonly namespace: string;
  /** How many sandboxes the kubelet made for this pod before this one. */
  readonly attempt: number;
}

export interface ContainerMetadata {
  readonly name: string;
  /** How many times the kubelet created this container before (restartCount). */
  readonly attempt: number;
}

export interface DNSConfig {
  readonly servers: readonly string[];
  readonly searches: readonly string[];
  readonly options: readonly string[];
}

export interface PortMapping {
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  readonly containerPort: number;
  readonly hostPort?: number;
  readonly hostIp?: string;
}

export interface PodSandboxConfig {
  readonly metadata: PodSandboxMetadata;
  readonly hostname: string;
  readonly logDirectory: string;
  readonly dnsConfig?: DNSConfig;
  readonly portMappings: readonly PortMapping[];
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The pod runs in the host's network namespace (no CNI call). */
  readonly hostNetwork?: boolean;
}

export type PodSandboxState = 'SANDBOX_READY' | 'SANDBOX_NOTREADY';

export interface PodSandboxNetworkStatus {
  /** The primary IP; '' for a host-network pod. */
  readonly ip: string;
  readonly additionalIps: readonly { readonly ip: string }[];
}

export interface PodSandboxStatus {
  readonly id: string;
  readonly metadata: PodSandboxMetadata;
  readonly state: PodSandboxState;
  readonly createdAt: number;
  readonly network?: PodSandboxNetworkStatus;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly runtimeHandler: string;
}

/** A sandbox as ListPodSandbox lists it. */
export interface PodSandbox {
  readonly id: string;
  readonly metadata: PodSandboxMetadata;
  readonly state: PodSandboxState;
  readonly createdAt: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly runtimeHandler: string;
}

export interface Mount {
  readonly containerPath: string;
  /** On the node: a volume's directory, as the kubelet laid it out. */
  readonly hostPath: string;
  readonly readonly: boolean;
}

/** The files a mount shows, keyed by path relative to the mount; the kubelet projects volumes. */
export type MountFiles = Readonly<Record<string, string>>;

export interface LinuxContainerResources {
  readonly cpuPeriod: number;
  readonly cpuQuota: number;
  readonly cpuShares: number;
  /** 0: no limit. */
  readonly memoryLimitInBytes: number;
  readonly oomScoreAdj: number;
}

export interface ContainerConfig {
  readonly metadata: ContainerMetadata;
  readonly image: ImageSpec;
  readonly command: readonly string[];
  readonly args: readonly string[];
  readonly workingDir: string;
  readonly envs: readonly KeyValue[];
  readonly mounts: readonly Mount[];
  /** What each mount holds when the container starts (a simulation extension; CRI binds directories). */
  readonly mountFiles?: Readonly<Record<string, MountFiles>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** Relative to the sandbox's logDirectory. */
  readonly logPath: string;
  readonly linux?: { readonly resources: LinuxContainerResources };
  /** The ports the container declares (the kubelet passes them as labels/annotations in real CRI). */
  readonly ports?: readonly PortMapping[];
}

export type ContainerState = 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';

export interface ContainerStatus {
  readonly id: string;
  readonly metadata: ContainerMetadata;
  readonly state: ContainerState;
  readonly createdAt: number;
  /** 0 until started. */
  readonly startedAt: number;
  /** 0 until exited. */
  readonly finishedAt: number;
  readonly exitCode: number;
  readonly image: ImageSpec;
  readonly imageRef: string;
  /** Why it exited: 'Completed', 'Error', 'OOMKilled', 'ContainerCannotRun', ... */
  readonly reason: string;
  readonly message: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly mounts: readonly Mount[];
  readonly logPath: string;
  /**
   * A simulation extension: what the workload model said about the process (an unknown image run
   * as a generic server, an unsupported command, a bad annotation), for the kubelet to record as
   * Events on the pod.
   */
  readonly notes?: readonly ProcessNote[];
}

export interface ProcessNote {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

/** A container as ListContainers lists it. */
export interface Container {
  readonly id: string;
  readonly podSandboxId: string;
  readonly metadata: ContainerMetadata;
  readonly image: ImageSpec;
  readonly imageRef: string;
  readonly state: ContainerState;
  readonly createdAt: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** A running container's resource usage, as ListContainerStats reports it (memory only, for now). */
export interface ContainerStats {
  readonly attributes: { readonly id: string; readonly metadata: ContainerMetadata; readonly labels: Readonly<Record<string, string>> };
  readonly memory: { readonly timestamp: number; readonly workingSetBytes: { readonly value: number } };
}

export interface Image {
  readonly id: string;
  readonly repoTags: readonly string[];
  readonly repoDigests: readonly string[];
  readonly size: number;
  readonly pinned: boolean;
}

export interface RuntimeCondition {
  readonly type: 'RuntimeReady' | 'NetworkReady';
  readonly status: boolean;
  readonly reason: string;
  readonly message: string;
}

// ---- requests (RuntimeService, then ImageService) ----

interface Req<T extends string> {
  readonly type: T;
  /** Echoed in the reply, so a caller can match replies to requests. */
  readonly reqId: number;
  readonly replyTo: ActorRef<CriReply>;
}

export interface Version extends Req<'Version'> {}
export interface Status extends Req<'Status'> {}
export interface UpdateRuntimeConfig extends Req<'UpdateRuntimeConfig'> {
  readonly runtimeConfig: { readonly networkConfig: { readonly podCidr: string } };
}
export interface RunPodSandbox extends Req<'RunPodSandbox'> {
  readonly config: PodSandboxConfig;
  readonly runtimeHandler: string;
}
export interface StopPodSandbox extends Req<'StopPodSandbox'> {
  readonly podSandboxId: string;
}
export interface RemovePodSandbox extends Req<'RemovePodSandbox'> {
  readonly podSandboxId: string;
}
export interface PodSandboxStatusRequest extends Req<'PodSandboxStatus'> {
  readonly podSandboxId: string;
}
export interface ListPodSandbox extends Req<'ListPodSandbox'> {
  readonly filter?: { readonly id?: string; readonly state?: PodSandboxState; readonly labelSelector?: Readonly<Record<string, string>> };
}
export interface CreateContainer extends Req<'CreateContainer'> {
  readonly podSandboxId: string;
  readonly config: ContainerConfig;
  readonly sandboxConfig: PodSandboxConfig;
}
export interface StartContainer extends Req<'StartContainer'> {
  readonly containerId: string;
}
export interface StopContainer extends Req<'StopContainer'> {
  readonly containerId: string;
  /** Seconds between SIGTERM and SIGKILL; 0 kills at once. */
  readonly timeout: number;
}
export interface RemoveContainer extends Req<'RemoveContainer'> {
  readonly containerId: string;
}
export interface ContainerStatusRequest extends Req<'ContainerStatus'> {
  readonly containerId: string;
}
export interface ListContainers extends Req<'ListContainers'> {
  readonly filter?: {
    readonly id?: string;
    readonly state?: ContainerState;
    readonly podSandboxId?: string;
    readonly labelSelector?: Readonly<Record<string, string>>;
  };
}
export interface ExecSync extends Req<'ExecSync'> {
  readonly containerId: string;
  readonly cmd: readonly string[];
  /** Seconds; 0 waits for ever. */
  readonly timeout: number;
}
export interface ListImages extends Req<'ListImages'> {
  readonly filter?: { readonly image?: ImageSpec };
}
export interface ImageStatus extends Req<'ImageStatus'> {
  readonly image: ImageSpec;
}
export interface PullImage extends Req<'PullImage'> {
  readonly image: ImageSpec;
  readonly sandboxConfig?: PodSandboxConfig;
}
export interface RemoveImage extends Req<'RemoveImage'> {
  readonly image: ImageSpec;
}
/**
 * Not an RPC: the kubelet rewrote a running container's ConfigMap, Secret or downward API volume
 * on the node, and the container sees the new files, as a bind mount shows them. The runtime
 * keeps the files a container's mounts hold, so the kubelet tells it.
 */
export interface UpdateContainerVolumes extends Req<'UpdateContainerVolumes'> {
  readonly containerId: string;
  /** By mount's container path, as in ContainerConfig.mountFiles: every file each listed mount now holds. */
  readonly mountFiles: Readonly<Record<string, MountFiles>>;
}
export interface ListContainerStats extends Req<'ListContainerStats'> {
  readonly filter?: { readonly id?: string; readonly podSandboxId?: string };
}
/**
 * Not an RPC: CRI's kubelet reads container logs from files under the sandbox's log directory.
 * The runtime keeps them, so this asks it for a container's lines (for `kubectl logs`).
 */
export interface ReadContainerLog extends Req<'ReadContainerLog'> {
  readonly containerId: string;
  /** The last N lines; all kept lines when absent. */
  readonly tailLines?: number;
}

/** CRI's GetContainerEvents stream: the runtime sends `subscriber` every container event from now on. */
export interface GetContainerEvents {
  readonly type: 'GetContainerEvents';
  readonly subscriber: ActorRef<ContainerEventResponse>;
}

export type CriRequest =
  | Version
  | Status
  | UpdateRuntimeConfig
  | RunPodSandbox
  | StopPodSandbox
  | RemovePodSandbox
  | PodSandboxStatusRequest
  | ListPodSandbox
  | CreateContainer
  | StartContainer
  | StopContainer
  | RemoveContainer
  | ContainerStatusRequest
  | ListContainers
  | ExecSync
  | ListContainerStats
  | UpdateContainerVolumes
  | ListImages
  | ImageStatus
  | PullImage
  | RemoveImage
  | ReadContainerLog;

export type CriRpc = CriRequest['type'];

// ---- responses ----

/** Each RPC's response body, in protobuf's JSON spelling. */
export interface CriResponses {
  Version: { readonly version: string; readonly runtimeName: string; readonly runtimeVersion: string; readonly runtimeApiVersion: string };
  Status: { readonly status: { readonly conditions: readonly RuntimeCondition[] } };
  UpdateRuntimeConfig: Record<string, never>;
  RunPodSandbox: { readonly podSandboxId: string };
  StopPodSandbox: Record<string, never>;
  RemovePodSandbox: Record<string, never>;
  PodSandboxStatus: { readonly status: PodSandboxStatus; readonly containersStatuses: readonly ContainerStatus[] };
  ListPodSandbox: { readonly items: readonly PodSandbox[] };
  CreateContainer: { readonly containerId: string };
  StartContainer: Record<string, never>;
  StopContainer: Record<string, never>;
  RemoveContainer: Record<string, never>;
  ContainerStatus: { readonly status: ContainerStatus };
  ListContainers: { readonly containers: readonly Container[] };
  ExecSync: { readonly stdout: string; readonly stderr: string; readonly exitCode: number };
  ListContainerStats: { readonly stats: readonly ContainerStats[] };
  UpdateContainerVolumes: Record<string, never>;
  ListImages: { readonly images: readonly Image[] };
  /** `image` is absent when the image is not present (CRI answers null, not an error). */
  ImageStatus: { readonly image?: Image };
  PullImage: { readonly imageRef: string };
  RemoveImage: Record<string, never>;
  ReadContainerLog: { readonly lines: readonly { readonly time: number; readonly stream: 'stdout' | 'stderr'; readonly log: string }[] };
}

/** gRPC status codes the runtime answers with. */
export type CriErrorCode = 'NotFound' | 'AlreadyExists' | 'InvalidArgument' | 'FailedPrecondition' | 'DeadlineExceeded' | 'Unavailable' | 'Unknown';

export interface CriError {
  readonly code: CriErrorCode;
  readonly message: string;
}

export type CriReply = {
  [R in CriRpc]: {
    readonly type: 'CriReply';
    readonly reqId: number;
    readonly rpc: R;
  } & ({ readonly ok: true; readonly response: CriResponses[R] } | { readonly ok: false; readonly error: CriError });
}[CriRpc];

// ---- the event stream ----

export type ContainerEventType = 'CONTAINER_CREATED_EVENT' | 'CONTAINER_STARTED_EVENT' | 'CONTAINER_STOPPED_EVENT' | 'CONTAINER_DELETED_EVENT';

export interface ContainerEventResponse {
  readonly type: 'ContainerEventResponse';
  /** The container's id; the sandbox's id for events of the sandbox itself. */
  readonly containerId: string;
  readonly containerEventType: ContainerEventType;
  readonly createdAt: number;
  readonly podSandboxStatus?: PodSandboxStatus;
  readonly containersStatuses: readonly ContainerStatus[];
}

/** What the runtime takes: CRI, its event stream, and (for now) what the network delivers to its pods. */
export type ContainerRuntimeMsg = CriRequest | GetContainerEvents | PodNetworkRequest;

const RPCS: ReadonlySet<string> = new Set<CriRpc>([
  'Version', 'Status', 'UpdateRuntimeConfig', 'RunPodSandbox', 'StopPodSandbox', 'RemovePodSandbox', 'PodSandboxStatus', 'ListPodSandbox',
  'CreateContainer', 'StartContainer', 'StopContainer', 'RemoveContainer', 'ContainerStatus', 'ListContainers', 'ExecSync', 'ListContainerStats', 'UpdateContainerVolumes',
  'ListImages', 'ImageStatus', 'PullImage', 'RemoveImage', 'ReadContainerLog',
]);

export function isCriRequest(msg: { readonly type: string }): msg is CriRequest {
  return RPCS.has(msg.type);
}

/** The node's container runtime (containerd's CRI plugin), at /<node>/container-runtime. */
export const containerRuntimeService = service<ContainerRuntimeMsg>('container-runtime');

/** The runtime flavour the simulated runtime reports (Version, and the Node's containerRuntimeVersion). */
export const RUNTIME_NAME = 'containerd';
export const RUNTIME_VERSION = '1.7.24';
export const RUNTIME_API_VERSION = 'v1';
