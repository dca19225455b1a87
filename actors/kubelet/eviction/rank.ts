// rankMemoryPressure: the order in which the kubelet evicts pods under memory pressure. Three
// comparisons, each breaking the ties of the one before:
//  1. pods whose memory use exceeds their requests come first (pods without stats before all);
//  2. lower priority first;
//  3. more memory used above requests first.
// No QoS class is read, yet the classes come out in order: a BestEffort pod requests nothing, so
// any use exceeds it; a Guaranteed pod's use cannot pass its limit, which is its request.

import type { Pod } from '../../../protocols/kube/objects.ts';
import { parseQuantity, quantityValue } from '../../../protocols/kube/quantity.ts';
import { effectiveRequests, type Container } from '../qos.ts';

/** What the stats say of one pod: each container's memory working set in bytes. */
export interface PodMemoryStats {
  readonly containers: readonly { readonly name: string; readonly workingSetBytes: number }[];
}

/** Looks up a pod's stats by uid; undefined when there are none. */
export type StatsFunc = (pod: Pod) => PodMemoryStats | undefined;

const memoryRequest = (c: Container): number => {
  const s = effectiveRequests(c).memory;
  return s === undefined ? 0 : quantityValue(parseQuantity(s));
};

/**
 * GetResourceRequestQuantity for memory: the larger of the containers' sum and the largest init
 * container, plus the pod's overhead when that is not zero.
 */
export function podMemoryRequest(pod: Pod): number {
  const sum = (pod.spec?.containers ?? []).reduce((acc, c) => acc + memoryRequest(c), 0);
  const init = (pod.spec?.initContainers ?? []).reduce((acc, c) => Math.max(acc, memoryRequest(c)), 0);
  const request = Math.max(sum, init);
  const overhead = pod.spec?.overhead?.memory;
  return request > 0 && overhead !== undefined ? request + quantityValue(parseQuantity(overhead)) : request;
}

/** The pod's memory use: its containers' working sets (the kubelet reads the pod cgroup's, which adds the pause container's few KiB). */
export const podMemoryUsage = (stats: PodMemoryStats): number => stats.containers.reduce((acc, c) => acc + c.workingSetBytes, 0);

const priorityOf = (pod: Pod): number => pod.spec?.priority ?? 0;

type Cmp = (a: Pod, b: Pod) => number;

const cmpBool = (a: boolean, b: boolean) => (a === b ? 0 : a ? -1 : 1);

function exceedMemoryRequests(stats: StatsFunc): Cmp {
  return (a, b) => {
    const sa = stats(a);
    const sb = stats(b);
    if (!sa || !sb) return cmpBool(!sa, !sb);
    return cmpBool(podMemoryUsage(sa) > podMemoryRequest(a), podMemoryUsage(sb) > podMemoryRequest(b));
  };
}

const priority: Cmp = (a, b) => Math.sign(priorityOf(a) - priorityOf(b));

function memoryAboveRequests(stats: StatsFunc): Cmp {
  return (a, b) => {
    const sa = stats(a);
    const sb = stats(b);
    if (!sa || !sb) return cmpBool(!sa, !sb);
    return Math.sign(podMemoryUsage(sb) - podMemoryRequest(b) - (podMemoryUsage(sa) - podMemoryRequest(a)));
  };
}

/** The pods in eviction order, as a new array. Full ties keep their input order, which Go's sort.Sort does not promise. */
export function rankMemoryPressure(pods: readonly Pod[], stats: StatsFunc): Pod[] {
  const cmps = [exceedMemoryRequests(stats), priority, memoryAboveRequests(stats)];
  return [...pods].sort((a, b) => {
    for (const c of cmps) {
      const r = c(a, b);
      if (r !== 0) return r;
    }
    return 0;
  });
}
