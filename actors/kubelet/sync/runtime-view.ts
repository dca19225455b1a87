// The kubelet's reading of what the runtime reports: sandboxes and containers newest first (the
// order GetPodStatus returns them in), the latest container of each name, and the internal
// container states the sync rules speak of.

import type { ContainerStatus as CriContainerStatus, PodSandboxStatus } from '../../../protocols/kube/cri.ts';
import { CONTAINER_NAME_LABEL } from './labels.ts';
import type { RuntimePodStatus } from './pod-types.ts';

export type KubeContainerState = 'created' | 'running' | 'exited' | 'unknown';

export function stateOf(c: CriContainerStatus): KubeContainerState {
  switch (c.state) {
    case 'CONTAINER_CREATED': return 'created';
    case 'CONTAINER_RUNNING': return 'running';
    case 'CONTAINER_EXITED': return 'exited';
    default: return 'unknown';
  }
}

export const containerNameOf = (c: CriContainerStatus): string => c.labels[CONTAINER_NAME_LABEL] ?? c.metadata.name;

/** Newest first; ties broken by id so the order never depends on the input's. */
function newestFirst<T extends { readonly createdAt: number; readonly id: string }>(xs: readonly T[]): T[] {
  return [...xs].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

export const sandboxesNewestFirst = (s: RuntimePodStatus): PodSandboxStatus[] => newestFirst(s.sandboxes);
export const containersNewestFirst = (s: RuntimePodStatus): CriContainerStatus[] => newestFirst(s.containers);

/** The latest container of that name (FindContainerStatusByName over the newest-first list). */
export function latestContainer(s: RuntimePodStatus, name: string): CriContainerStatus | undefined {
  return containersNewestFirst(s).find((c) => containerNameOf(c) === name);
}

/** An init container counts as failed when it was OOM-killed, exited non-zero, or is in an unknown state. */
export function isInitContainerFailed(c: CriContainerStatus): boolean {
  if (c.reason === 'OOMKilled') return true;
  const st = stateOf(c);
  return (st === 'exited' && c.exitCode !== 0) || st === 'unknown';
}

/** The pod's IPs as the latest sandbox reports them, when it is ready: primary first. */
export function sandboxIPs(s: RuntimePodStatus): string[] {
  const latest = sandboxesNewestFirst(s)[0];
  if (!latest || latest.state !== 'SANDBOX_READY' || !latest.network) return [];
  return [latest.network.ip, ...latest.network.additionalIps.map((a) => a.ip)].filter((ip) => ip !== '');
}
