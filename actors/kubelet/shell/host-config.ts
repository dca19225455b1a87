// The host the kubelet runs on, as the node cores read it: the machine the cluster builder gave,
// and the container runtime's flavour.

import { RUNTIME_NAME, RUNTIME_VERSION } from '../../../protocols/kube/cri.ts';
import type { HostConfig } from '../node/config.ts';
import type { KubeletOptions } from './state.ts';

export function hostConfigOf(options: KubeletOptions): HostConfig {
  const m = options.machine;
  return {
    nodeName: options.node,
    cpuCores: m.cpu,
    memoryBytes: m.memoryBytes,
    ephemeralStorageBytes: m.ephemeralStorageBytes,
    maxPods: m.maxPods,
    addresses: m.addresses,
    podCIDRs: m.podCIDRs,
    controlPlane: m.controlPlane,
    containerRuntimeVersion: `${RUNTIME_NAME}://${RUNTIME_VERSION}`,
    ...(options.cloudProvider === 'external' ? { externalCloudProvider: true } : {}),
  };
}
