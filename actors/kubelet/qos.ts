// A pod's QoS class (Guaranteed, Burstable, BestEffort) as Kubernetes 1.32 computes it, and the
// oom_score_adj the kubelet gives each container from it. The container model uses the score to
// pick which container the node's OOM killer takes first; the eviction manager ranks by usage and
// requests instead, which yields the same class order (see eviction/rank.ts).
//
// Only cpu and memory count. Pod-level resources (spec.resources) are behind an alpha gate in 1.32
// that is off by default, so they are ignored here as the kubelet ignores them.

import type { Container, Pod } from '../../protocols/kube/objects.ts';
import { addQuantities, compareQuantities, parseQuantity, quantityValue, ZERO_QUANTITY, type Quantity } from '../../protocols/kube/quantity.ts';

export type { Container };

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const QOS_RESOURCES = ['cpu', 'memory'] as const;

/**
 * The requests a container ends up with once the apiserver has defaulted it: a resource with a
 * limit and no request is requested at its limit. Pods read back from the apiserver already are.
 */
export function effectiveRequests(c: Container): Record<string, string> {
  return { ...(c.resources?.limits ?? {}), ...(c.resources?.requests ?? {}) };
}

const positive = (s: string | undefined): Quantity | undefined => {
  if (s === undefined) return undefined;
  const q = parseQuantity(s);
  return compareQuantities(q, ZERO_QUANTITY) > 0 ? q : undefined;
};

const allContainers = (pod: Pod): Container[] => [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];

/**
 * ComputePodQOS: sum the positive cpu and memory requests and limits over all containers, init
 * containers included. BestEffort when nothing is set; Guaranteed when every container has both a
 * cpu and a memory limit and the summed requests equal the summed limits for each resource;
 * Burstable otherwise.
 */
export function computePodQOS(pod: Pod): QOSClass {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const add = (into: Map<string, Quantity>, name: string, q: Quantity) => into.set(name, into.has(name) ? addQuantities(into.get(name)!, q) : q);
  for (const c of allContainers(pod)) {
    const req = effectiveRequests(c);
    const lim = c.resources?.limits ?? {};
    let limitsFound = 0;
    for (const name of QOS_RESOURCES) {
      const r = positive(req[name]);
      if (r) add(requests, name, r);
      const l = positive(lim[name]);
      if (l) {
        add(limits, name, l);
        limitsFound++;
      }
    }
    if (limitsFound < QOS_RESOURCES.length) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, r] of requests) {
      const l = limits.get(name);
      if (!l || compareQuantities(l, r) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

/** GetPodQOS: the class recorded in the pod's status, else computed. */
export const getPodQOS = (pod: Pod): QOSClass => (pod.status?.qosClass as QOSClass | undefined) || computePodQOS(pod);

/** scheduling.SystemCriticalPriority: pods at or above it are critical. */
export const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

/** kubetypes.IsCriticalPod: static and mirror pods, and pods of system-critical priority. */
export function isCriticalPod(pod: Pod): boolean {
  const annotations = pod.metadata?.annotations ?? {};
  const source = annotations['kubernetes.io/config.source'];
  if (source !== undefined && source !== 'api') return true;
  if ('kubernetes.io/config.mirror' in annotations) return true;
  return pod.spec?.priority !== undefined && pod.spec.priority >= SYSTEM_CRITICAL_PRIORITY;
}

/** kubetypes.IsNodeCriticalPod: critical and of priority class system-node-critical. */
export const isNodeCriticalPod = (pod: Pod): boolean => isCriticalPod(pod) && pod.spec?.priorityClassName === 'system-node-critical';

export const GUARANTEED_OOM_SCORE_ADJ = -997;
export const BESTEFFORT_OOM_SCORE_ADJ = 1000;
/** The kubelet's own and kube-proxy's scores. */
export const KUBELET_OOM_SCORE_ADJ = -999;
export const KUBE_PROXY_OOM_SCORE_ADJ = -999;

const memoryRequestBytes = (c: Container): number => {
  const s = effectiveRequests(c).memory;
  return s === undefined ? 0 : quantityValue(parseQuantity(s));
};

const isSidecar = (pod: Pod, c: Container) => (pod.spec?.initContainers ?? []).some((i) => i.name === c.name && i.restartPolicy === 'Always');

/**
 * GetContainerOOMScoreAdjust: -997 for Guaranteed and node-critical pods, 1000 for BestEffort;
 * a Burstable container gets 1000 − 1000 × request ÷ capacity (integer division), kept within
 * [3, 999] so it stays between the other two classes. A sidecar scores no higher than the pod's
 * regular container with the smallest memory request, so it outlives the containers it serves.
 */
export function containerOOMScoreAdjust(pod: Pod, container: Container, memoryCapacityBytes: number): number {
  if (isNodeCriticalPod(pod)) return GUARANTEED_OOM_SCORE_ADJ;
  const qos = getPodQOS(pod);
  if (qos === 'Guaranteed') return GUARANTEED_OOM_SCORE_ADJ;
  if (qos === 'BestEffort') return BESTEFFORT_OOM_SCORE_ADJ;
  const score = (requestBytes: number) => 1000 - Math.trunc((1000 * requestBytes) / memoryCapacityBytes);
  let adjust = score(memoryRequestBytes(container));
  const regular = pod.spec?.containers ?? [];
  if (isSidecar(pod, container) && regular.length > 0) {
    adjust = Math.min(adjust, score(Math.min(...regular.map(memoryRequestBytes))));
  }
  if (adjust < 1000 + GUARANTEED_OOM_SCORE_ADJ) return 1000 + GUARANTEED_OOM_SCORE_ADJ;
  if (adjust === BESTEFFORT_OOM_SCORE_ADJ) return adjust - 1;
  return adjust;
}
