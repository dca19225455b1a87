// The cgroup settings the kubelet asks the runtime for (kuberuntime's calculateLinuxResources):
// CPU shares from the request, a CFS quota from the limit, the memory limit in bytes, and the
// oom_score_adj the QoS policy gives the container.

import type { LinuxContainerResources } from '../../../protocols/kube/cri.ts';
import { milliValue, parseQuantity, quantityValue } from '../../../protocols/kube/quantity.ts';
import type { Container } from './pod-types.ts';

const MIN_SHARES = 2;
const MAX_SHARES = 262_144;
const QUOTA_PERIOD = 100_000;
const MIN_QUOTA = 1000;

export function milliCPUToShares(milli: number): number {
  if (milli === 0) return MIN_SHARES;
  return Math.min(MAX_SHARES, Math.max(MIN_SHARES, Math.floor((milli * 1024) / 1000)));
}

export function milliCPUToQuota(milli: number, period = QUOTA_PERIOD): number {
  if (milli === 0) return 0;
  return Math.max(MIN_QUOTA, Math.floor((milli * period) / 1000));
}

/** `oomScoreAdj` is the QoS policy's score for the container (qos.ts: containerOOMScoreAdjust). */
export function linuxResourcesFor(c: Container, oomScoreAdj: number): LinuxContainerResources {
  const q = (v: string | number | undefined) => (v === undefined ? undefined : parseQuantity(String(v)));
  const cpuRequest = q(c.resources?.requests?.cpu);
  const cpuLimit = q(c.resources?.limits?.cpu);
  const memLimit = q(c.resources?.limits?.memory);
  // Without a request the limit sets the shares (the API copies limits to requests anyway).
  const sharesFrom = cpuRequest ?? cpuLimit;
  return {
    cpuShares: milliCPUToShares(sharesFrom ? milliValue(sharesFrom) : 0),
    cpuPeriod: cpuLimit ? QUOTA_PERIOD : 0,
    cpuQuota: cpuLimit ? milliCPUToQuota(milliValue(cpuLimit)) : 0,
    memoryLimitInBytes: memLimit ? quantityValue(memLimit) : 0,
    oomScoreAdj,
  };
}
