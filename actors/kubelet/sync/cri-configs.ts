// The CRI configs the kubelet creates a pod's sandbox and containers with (kuberuntime's
// generatePodSandboxConfig and generateContainerConfig), and the restart count a new container
// of a name gets.

import type { ContainerConfig, DNSConfig, KeyValue, LinuxContainerResources, Mount, MountFiles, PodSandboxConfig, PortMapping } from '../../../protocols/kube/cri.ts';
import type { Pod } from '../../../protocols/kube/objects.ts';
import { containerAnnotations, containerLabels, podSandboxLabels } from './labels.ts';
import type { Container, RuntimePodStatus } from './pod-types.ts';
import { latestContainer } from './runtime-view.ts';
import { restartCountOf } from './labels.ts';

/** Where the kubelet keeps pod logs on a node. */
export const POD_LOGS_ROOT = '/var/log/pods';

/** The pod's log directory: <root>/<namespace>_<name>_<uid>. */
export function podLogDirectory(pod: Pod, root = POD_LOGS_ROOT): string {
  return `${root}/${pod.metadata?.namespace ?? ''}_${pod.metadata?.name ?? ''}_${pod.metadata?.uid ?? ''}`;
}

/** The pod's hostname: spec.hostname, else its name, cut to 63 characters without a trailing '-' or '.'. */
export function podHostname(pod: Pod): string {
  const name = pod.spec?.hostname || pod.metadata?.name || '';
  return name.length <= 63 ? name : name.slice(0, 63).replace(/[-.]+$/, '');
}

function portMappings(c: Container): PortMapping[] {
  return (c.ports ?? []).map((p) => ({
    protocol: (p.protocol ?? 'TCP') as PortMapping['protocol'],
    containerPort: p.containerPort,
    ...(p.hostPort ? { hostPort: p.hostPort } : {}),
    ...(p.hostIP ? { hostIp: p.hostIP } : {}),
  }));
}

export interface SandboxOptions {
  /** The root of pod log directories (default /var/log/pods). */
  readonly logDir?: string;
  readonly dns?: DNSConfig;
}

export function sandboxConfigFor(pod: Pod, attempt: number, opts: SandboxOptions = {}): PodSandboxConfig {
  return {
    metadata: { name: pod.metadata?.name ?? '', uid: pod.metadata?.uid ?? '', namespace: pod.metadata?.namespace ?? '', attempt },
    hostname: podHostname(pod),
    logDirectory: podLogDirectory(pod, opts.logDir),
    ...(opts.dns ? { dnsConfig: opts.dns } : {}),
    portMappings: (pod.spec?.containers ?? []).flatMap(portMappings),
    labels: podSandboxLabels(pod),
    annotations: { ...(pod.metadata?.annotations ?? {}) },
    ...(pod.spec?.hostNetwork ? { hostNetwork: true } : {}),
  };
}

export interface ContainerOptions {
  readonly restartCount: number;
  readonly envs?: readonly KeyValue[];
  readonly mounts?: readonly Mount[];
  readonly mountFiles?: Readonly<Record<string, MountFiles>>;
  readonly resources?: LinuxContainerResources;
  /** The image as pulled (its reference); the spec's image when absent. */
  readonly image?: string;
}

export function containerConfigFor(pod: Pod, c: Container, opts: ContainerOptions): ContainerConfig {
  const ports = portMappings(c);
  return {
    metadata: { name: c.name, attempt: opts.restartCount },
    image: { image: opts.image ?? c.image ?? '' },
    command: c.command ?? [],
    args: c.args ?? [],
    workingDir: c.workingDir ?? '',
    envs: opts.envs ?? [],
    mounts: opts.mounts ?? [],
    ...(opts.mountFiles ? { mountFiles: opts.mountFiles } : {}),
    labels: containerLabels(pod, c),
    annotations: containerAnnotations(pod, c, opts.restartCount),
    logPath: `${c.name}/${opts.restartCount}.log`,
    ...(opts.resources ? { linux: { resources: opts.resources } } : {}),
    ...(ports.length > 0 ? { ports } : {}),
  };
}

/**
 * The restart count for the next container of that name: one more than the latest one's. With no
 * earlier container the kubelet counts the log files left in the container's log directory, so the
 * caller may pass that count.
 */
export function nextRestartCount(s: RuntimePodStatus, name: string, logFilesLeft = 0): number {
  const latest = latestContainer(s, name);
  return latest ? restartCountOf(latest.annotations) + 1 : logFilesLeft;
}
