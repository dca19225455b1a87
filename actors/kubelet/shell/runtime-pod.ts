// What the runtime holds of one pod, as the kubelet reads it over CRI (kubecontainer.PodStatus):
// its sandboxes and every container of them — the sync core's RuntimePodStatus.

import type { RuntimePodStatus } from '../sync/pod-types.ts';

export type RuntimePod = RuntimePodStatus;

export const EMPTY_RUNTIME_POD: RuntimePod = { sandboxes: [], containers: [] };
