// Building the scheduler cache's view of one node (framework.NodeInfo) from the Node and the pods
// bound or assumed to it, and the pod request arithmetic (resourcehelper.PodRequests) the
// resource plugins share. Amounts are summed exactly (in nanos) per pod, then rounded up as
// Quantity.MilliValue/Value do, and the per-pod values summed, as NodeInfo.AddPod does.

import type { Container, Node, Pod } from '../../../protocols/kube/objects.ts';
import { parseQuantity } from '../../../protocols/kube/quantity.ts';
import type { HostPortInfo, NodeInfo, Resources } from './types.ts';

/** The scheduler's stand-ins for a container that names no cpu or memory request (schedutil). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

const NANO = 1_000_000_000n;
/** Exact amounts by resource name, in nanos. */
export type Amounts = Map<string, bigint>;

const DEFAULTS: ReadonlyMap<string, bigint> = new Map([
  ['cpu', BigInt(DEFAULT_MILLI_CPU_REQUEST) * 1_000_000n],
  ['memory', BigInt(DEFAULT_MEMORY_REQUEST) * NANO],
]);

function amountsOf(list: Readonly<Record<string, string>> | undefined, nonMissing: boolean): Amounts {
  const out: Amounts = new Map();
  for (const [k, v] of Object.entries(list ?? {})) out.set(k, parseQuantity(v).nanos);
  // Only an absent key takes the default: an explicit "0" stays zero, as applyNonMissing does.
  if (nonMissing) for (const [k, v] of DEFAULTS) if (!out.has(k)) out.set(k, v);
  return out;
}
function add(into: Amounts, other: Amounts): void {
  for (const [k, v] of other) into.set(k, (into.get(k) ?? 0n) + v);
}
function max(into: Amounts, other: Amounts): void {
  for (const [k, v] of other) if (!into.has(k) || v > into.get(k)!) into.set(k, v);
}
const requestsOf = (c: Container, nonMissing: boolean): Amounts =>
  amountsOf(c.resources?.requests as Record<string, string> | undefined, nonMissing);

/**
 * The pod's effective requests: the containers' sum, raised to what any init container needs
 * while the sidecars started before it run; sidecars (restartPolicy Always) add to the sum; then
 * the overhead. `nonMissing` gives the scheduler's defaults to containers lacking cpu/memory.
 */
export function podRequests(pod: Pod, nonMissing = false): ReadonlyMap<string, bigint> {
  const spec = pod.spec;
  const containers = spec?.containers;
  if (containers === undefined) return computeRequests(pod, nonMissing);
  let memo = requestsMemo.get(containers);
  if (memo === undefined || memo.initContainers !== spec!.initContainers || memo.overhead !== spec!.overhead) {
    memo = { initContainers: spec!.initContainers, overhead: spec!.overhead };
    requestsMemo.set(containers, memo);
  }
  return nonMissing ? (memo.nonZero ??= computeRequests(pod, true)) : (memo.plain ??= computeRequests(pod, false));
}

/**
 * A pod's requests are read many times over (PreFilter, PreScore, every rebuild of its node's
 * NodeInfo), and a copy of a pod (the assumed one, with its nodeName) shares its containers
 * array: the amounts are kept per containers array, which, like every object here, is never
 * changed in place. The init containers and overhead it was computed with are checked too.
 */
interface RequestsMemo {
  readonly initContainers: unknown;
  readonly overhead: unknown;
  plain?: ReadonlyMap<string, bigint>;
  nonZero?: ReadonlyMap<string, bigint>;
}
const requestsMemo = new WeakMap<object, RequestsMemo>();

function computeRequests(pod: Pod, nonMissing: boolean): Amounts {
  const reqs: Amounts = new Map();
  for (const c of pod.spec?.containers ?? []) add(reqs, requestsOf(c, nonMissing));
  const sidecars: Amounts = new Map();
  const initMax: Amounts = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    const own = requestsOf(c, nonMissing);
    let need: Amounts;
    if (c.restartPolicy === 'Always') {
      add(reqs, own);
      add(sidecars, own);
      need = sidecars;
    } else {
      need = new Map(own);
      add(need, sidecars);
    }
    max(initMax, need);
  }
  max(reqs, initMax);
  add(reqs, amountsOf(pod.spec?.overhead as Record<string, string> | undefined, false));
  return reqs;
}

const ceilDiv = (n: bigint, d: bigint): bigint => (n <= 0n ? -(-n / d) : (n + d - 1n) / d);
/** Quantity.MilliValue for cpu, Quantity.Value for the rest: both round away from zero. */
export const toUnits = (name: string, nanos: bigint): number => Number(name === 'cpu' ? ceilDiv(nanos, 1_000_000n) : ceilDiv(nanos, NANO));

/** v1helper.IsExtendedResourceName: a domain-prefixed name outside kubernetes.io, not a quota "requests." name. */
export const isExtendedResourceName = (name: string): boolean =>
  name.includes('/') && !name.includes('kubernetes.io/') && !name.startsWith('requests.');
/** schedutil.IsScalarResourceName: extended, hugepages, kubernetes.io-prefixed or attachable-volumes resources. */
export const isScalarResourceName = (name: string): boolean =>
  isExtendedResourceName(name) || name.startsWith('hugepages-') || name.includes('kubernetes.io/') || name.startsWith('attachable-volumes-');

export const EMPTY_RESOURCES: Resources = { milliCPU: 0, memory: 0, ephemeralStorage: 0, scalar: {} };

/** framework.Resource.Add of a resource list: pods counted apart, names that are neither native nor scalar dropped. */
export function toResources(amounts: ReadonlyMap<string, bigint>): { resources: Resources; pods: number } {
  let milliCPU = 0;
  let memory = 0;
  let ephemeralStorage = 0;
  let pods = 0;
  const scalar: Record<string, number> = {};
  for (const [name, nanos] of amounts) {
    const v = toUnits(name, nanos);
    if (name === 'cpu') milliCPU += v;
    else if (name === 'memory') memory += v;
    else if (name === 'ephemeral-storage') ephemeralStorage += v;
    else if (name === 'pods') pods += v;
    else if (isScalarResourceName(name)) scalar[name] = (scalar[name] ?? 0) + v;
  }
  return { resources: { milliCPU, memory, ephemeralStorage, scalar }, pods };
}

function sum(a: Resources, b: Resources): Resources {
  const scalar: Record<string, number> = { ...a.scalar };
  for (const [k, v] of Object.entries(b.scalar)) scalar[k] = (scalar[k] ?? 0) + v;
  return { milliCPU: a.milliCPU + b.milliCPU, memory: a.memory + b.memory, ephemeralStorage: a.ephemeralStorage + b.ephemeralStorage, scalar };
}

/** HostPortInfo.Add: ports ≤ 0 are not host ports; an empty IP means any (0.0.0.0), an empty protocol TCP. */
function hostPortsOf(pod: Pod): HostPortInfo[] {
  const out: HostPortInfo[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if ((p.hostPort ?? 0) <= 0) continue;
      out.push({ protocol: p.protocol || 'TCP', ip: p.hostIP || '0.0.0.0', port: p.hostPort! });
    }
  }
  return out;
}

/** The node's pods with pod (anti-)affinity, and with required anti-affinity. */
export function affinityLists(pods: readonly Pod[]): Pick<NodeInfo, 'podsWithAffinity' | 'podsWithRequiredAntiAffinity'> {
  const podsWithAffinity = pods.filter((p) => p.spec?.affinity?.podAffinity != null || p.spec?.affinity?.podAntiAffinity != null);
  const podsWithRequiredAntiAffinity = podsWithAffinity.filter((p) => (p.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0);
  return { podsWithAffinity, podsWithRequiredAntiAffinity };
}

/** The NodeInfo the scheduler cache keeps for `node` with `pods` bound or assumed to it. */
export function buildNodeInfo(node: Node, pods: readonly Pod[]): NodeInfo {
  let requested = EMPTY_RESOURCES;
  let nonZeroCPU = 0;
  let nonZeroMemory = 0;
  const usedPorts: HostPortInfo[] = [];
  for (const pod of pods) {
    requested = sum(requested, toResources(podRequests(pod)).resources);
    const nonZero = podRequests(pod, true);
    nonZeroCPU += toUnits('cpu', nonZero.get('cpu') ?? 0n);
    nonZeroMemory += toUnits('memory', nonZero.get('memory') ?? 0n);
    usedPorts.push(...hostPortsOf(pod));
  }
  // Kubernetes keeps only cpu and memory in NonZeroRequested; the other amounts are the plain
  // requests, which is what every scorer reads for them.
  const nonZeroRequested: Resources = { ...requested, milliCPU: nonZeroCPU, memory: nonZeroMemory };
  const alloc = toResources(amountsOf(node.status?.allocatable as Record<string, string> | undefined, false));
  const imageSizes: Record<string, number> = {};
  for (const image of node.status?.images ?? []) {
    for (const name of image.names ?? []) if (!(name in imageSizes)) imageSizes[name] = image.sizeBytes ?? 0;
  }
  return { node, pods, requested, nonZeroRequested, allocatable: alloc.resources, allowedPodNumber: alloc.pods, usedPorts, imageSizes, ...affinityLists(pods) };
}
