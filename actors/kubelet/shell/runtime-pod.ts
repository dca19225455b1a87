// What the runtime holds of one pod, as the kubelet reads it over CRI (kubecontainer.PodStatus):
// its sandboxes and every container of them — the sync core's RuntimePodStatus.

import type { RuntimePodStatus } from '../sync/pod-types.ts';
import { containerNameOf, containersNewestFirst } from '../sync/runtime-view.ts';
import type { ContainerStatus } from '../../../protocols/kube/cri.ts';

export type RuntimePod = RuntimePodStatus;

export const EMPTY_RUNTIME_POD: RuntimePod = { sandboxes: [], containers: [] };

/** The newest status of each container name: what the pod's status reports. */
export function latestByName(rp: RuntimePod): Map<string, ContainerStatus> {
  const out = new Map<string, ContainerStatus>();
  for (const c of containersNewestFirst(rp)) if (!out.has(containerNameOf(c))) out.set(containerNameOf(c), c);
  return out;
}
