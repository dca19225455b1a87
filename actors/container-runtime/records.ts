// The runtime's records of its sandboxes and containers: plain data kept on the host's disk, and
// the pure functions that answer CRI's status and list RPCs from them and move them through
// their states. The records are the runtime's truth: actors below it report what happened, and
// a record only moves forward (a container that exited stays exited).

import type {
  Container,
  ContainerConfig,
  ContainerMetadata,
  ContainerState,
  ContainerStatus,
  ListContainers,
  ListPodSandbox,
  PodSandbox,
  PodSandboxConfig,
  PodSandboxMetadata,
  PodSandboxState,
  PodSandboxStatus,
  ProcessNote,
} from '../../protocols/kube/cri.ts';

/** Where a sandbox's network stands: 'pending' until CNI ADD answered, 'released' after DEL. */
export type NetworkPhase = 'host' | 'pending' | 'up' | 'released';

export interface SandboxRecord {
  readonly id: string;
  readonly name: string;
  readonly metadata: PodSandboxMetadata;
  readonly config: PodSandboxConfig;
  readonly runtimeHandler: string;
  readonly state: PodSandboxState;
  readonly createdAt: number;
  readonly network: NetworkPhase;
  /** The pod's IPs, primary first; kept while NOTREADY, until CNI DEL releases them. */
  readonly ips: readonly string[];
  readonly netns: string;
}

export interface ContainerRecord {
  readonly id: string;
  readonly name: string;
  readonly sandboxId: string;
  readonly metadata: ContainerMetadata;
  readonly config: ContainerConfig;
  readonly imageRef: string;
  /** The sandbox's log directory joined with the container's log path, as containerd reports it. */
  readonly logPath: string;
  readonly state: ContainerState;
  readonly createdAt: number;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly exitCode: number;
  /** '' until a reason is known; an exit without one reads Completed or Error. */
  readonly reason: string;
  readonly message: string;
  /** What the workload model said about the process, for the kubelet's Events. */
  readonly notes?: readonly ProcessNote[];
}

export interface Records {
  readonly sandboxes: Readonly<Record<string, SandboxRecord>>;
  readonly containers: Readonly<Record<string, ContainerRecord>>;
  /** From UpdateRuntimeConfig: until the kubelet gives it, the network is not ready. */
  readonly podCidr: string | null;
}

export const emptyRecords: Records = { sandboxes: {}, containers: {}, podCidr: null };

export interface Exit {
  readonly exitCode: number;
  readonly reason: string;
  readonly message: string;
  readonly at: number;
}

/** containerd's exit code and reason for a process whose shim went away. */
export const SHIM_DIED_EXIT = { exitCode: 255, reason: 'Error', message: '' } as const;
/** containerd's when it restarts and finds a container's task gone. */
export const UNKNOWN_EXIT = { exitCode: 255, reason: 'Unknown', message: '' } as const;
/** A process killed with SIGKILL. */
export const KILLED_EXIT = { exitCode: 137, reason: 'Error', message: '' } as const;

export function sandboxStatus(s: SandboxRecord): PodSandboxStatus {
  return {
    id: s.id,
    metadata: s.metadata,
    state: s.state,
    createdAt: s.createdAt,
    network: { ip: s.ips[0] ?? '', additionalIps: s.ips.slice(1).map((ip) => ({ ip })) },
    labels: s.config.labels,
    annotations: s.config.annotations,
    runtimeHandler: s.runtimeHandler,
  };
}

export function containerStatus(c: ContainerRecord): ContainerStatus {
  const exited = c.state === 'CONTAINER_EXITED';
  const reason = exited && c.reason === '' ? (c.exitCode === 0 ? 'Completed' : 'Error') : c.reason;
  return {
    id: c.id,
    metadata: c.metadata,
    state: c.state,
    createdAt: c.createdAt,
    startedAt: c.startedAt,
    finishedAt: c.finishedAt,
    exitCode: c.exitCode,
    image: c.config.image,
    imageRef: c.imageRef,
    reason,
    message: c.message,
    labels: c.config.labels,
    annotations: c.config.annotations,
    mounts: c.config.mounts,
    logPath: c.logPath,
    ...(c.notes === undefined || c.notes.length === 0 ? {} : { notes: c.notes }),
  };
}

export function labelsMatch(labels: Readonly<Record<string, string>>, selector: Readonly<Record<string, string>> | undefined): boolean {
  if (!selector) return true;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** containerd (and CRI's tests) match an id filter by prefix, as `crictl` lets a user type a short id. */
function idMatches(id: string, filter: string | undefined): boolean {
  return filter === undefined || filter === '' || id.startsWith(filter);
}

const byCreation = <T extends { readonly createdAt: number; readonly id: string }>(a: T, b: T) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function listSandboxes(r: Records, filter: ListPodSandbox['filter']): PodSandbox[] {
  return Object.values(r.sandboxes)
    .filter((s) => idMatches(s.id, filter?.id) && (filter?.state === undefined || s.state === filter.state) && labelsMatch(s.config.labels, filter?.labelSelector))
    .sort(byCreation)
    .map((s) => ({ id: s.id, metadata: s.metadata, state: s.state, createdAt: s.createdAt, labels: s.config.labels, annotations: s.config.annotations, runtimeHandler: s.runtimeHandler }));
}

export function listContainers(r: Records, filter: ListContainers['filter']): Container[] {
  return Object.values(r.containers)
    .filter(
      (c) =>
        idMatches(c.id, filter?.id) &&
        idMatches(c.sandboxId, filter?.podSandboxId) &&
        (filter?.state === undefined || c.state === filter.state) &&
        labelsMatch(c.config.labels, filter?.labelSelector),
    )
    .sort(byCreation)
    .map((c) => ({
      id: c.id,
      podSandboxId: c.sandboxId,
      metadata: c.metadata,
      image: c.config.image,
      imageRef: c.imageRef,
      state: c.state,
      createdAt: c.createdAt,
      labels: c.config.labels,
      annotations: c.config.annotations,
    }));
}

export function containersOf(r: Records, sandboxId: string): ContainerRecord[] {
  return Object.values(r.containers).filter((c) => c.sandboxId === sandboxId).sort(byCreation);
}

export function findByName<T extends { readonly name: string }>(items: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.values(items).find((x) => x.name === name);
}

export function withSandbox(r: Records, s: SandboxRecord): Records {
  return { ...r, sandboxes: { ...r.sandboxes, [s.id]: s } };
}

export function withContainer(r: Records, c: ContainerRecord): Records {
  return { ...r, containers: { ...r.containers, [c.id]: c } };
}

export function withoutSandbox(r: Records, id: string): Records {
  const { [id]: _gone, ...sandboxes } = r.sandboxes;
  return { ...r, sandboxes };
}

export function withoutContainer(r: Records, id: string): Records {
  const { [id]: _gone, ...containers } = r.containers;
  return { ...r, containers };
}

/** A running container's exit; anything else is unchanged (an exit is recorded once). */
export function exited(c: ContainerRecord, e: Exit): ContainerRecord {
  if (c.state !== 'CONTAINER_RUNNING') return c;
  return { ...c, state: 'CONTAINER_EXITED', finishedAt: e.at, exitCode: e.exitCode, reason: e.reason, message: e.message };
}

/**
 * The sandbox is dead (its pause container or its shim died): NOTREADY, its running containers
 * exited with `exit`. Its IPs stay until StopPodSandbox's CNI DEL releases them.
 */
export function sandboxDied(r: Records, sandboxId: string, exit: Exit): { records: Records; changed: string[] } {
  const s = r.sandboxes[sandboxId];
  if (!s) return { records: r, changed: [] };
  let out = s.state === 'SANDBOX_NOTREADY' ? r : withSandbox(r, { ...s, state: 'SANDBOX_NOTREADY' });
  const changed: string[] = [];
  for (const c of containersOf(r, sandboxId)) {
    const e = exited(c, exit);
    if (e !== c) {
      out = withContainer(out, e);
      changed.push(c.id);
    }
  }
  return { records: out, changed };
}

/**
 * What a restarted runtime (or rebooted host) makes of the records it reads back: no sandbox or
 * process survived it here, so every sandbox is NOTREADY and every running container exited,
 * with containerd's "unknown" exit. (containerd's shims outlive a containerd restart; ours die
 * with the runtime actor.)
 */
export function recover(r: Records, now: number): Records {
  let out = r;
  for (const s of Object.values(r.sandboxes)) out = sandboxDied(out, s.id, { ...UNKNOWN_EXIT, at: now }).records;
  return out;
}

/** The READY sandbox that holds `ip`, if any. */
export function sandboxWithIp(r: Records, ip: string): SandboxRecord | undefined {
  return Object.values(r.sandboxes).find((s) => s.state === 'SANDBOX_READY' && s.ips.includes(ip));
}

