// The kubelet's predicate admission of a pod on its node (lifecycle.predicateAdmitHandler), as a
// pure function: the OS checks, then the scheduler's AdmissionCheck (resource fit against
// allocatable minus the other active pods, required node affinity and nodeSelector, node name,
// host ports) and the NoExecute taints the pod does not tolerate. Only the first failure names
// the rejection, with the kubelet's reason and message; a rejected pod fails with
// "Pod was rejected: <message>". Not here: device-plugin and DRA resources, critical-pod
// preemption on admission failure, and the other admit handlers (eviction, sysctls, AppArmor).

import type { Container, Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, PodStatus, Taint, Toleration } from 'kubernetes-types/core/v1.d.ts';
import { parseQuantity } from '../../protocols/kube/quantity.ts';

export type AdmitResult = { readonly admit: true } | { readonly admit: false; readonly reason: string; readonly message: string };

const NANO = 1_000_000_000n;
type Amounts = Map<string, bigint>;

/** Kubernetes' extended resources: domain-prefixed names outside kubernetes.io. */
export const isExtendedResourceName = (name: string): boolean => name.includes('/') && !name.includes('kubernetes.io/') && !name.startsWith('requests.');
const isScalarResourceName = (name: string): boolean => isExtendedResourceName(name) || name.startsWith('hugepages-') || name.includes('kubernetes.io/');

function addList(into: Amounts, list: Readonly<Record<string, string>> | undefined): void {
  for (const [k, v] of Object.entries(list ?? {})) into.set(k, (into.get(k) ?? 0n) + parseQuantity(v).nanos);
}
function maxInto(into: Amounts, other: Amounts): void {
  for (const [k, v] of other) if (v > (into.get(k) ?? 0n)) into.set(k, v);
}

const requestsOf = (c: Container): Readonly<Record<string, string>> | undefined => c.resources?.requests as Record<string, string> | undefined;

/**
 * The pod's effective requests, exact in nanos: the sum over its containers, or the largest an
 * init container needs if larger, where sidecars (restartPolicy Always init containers) add to
 * the sum and to every init container started after them; plus the pod's overhead.
 */
export function podRequests(pod: Pod): Amounts {
  const reqs: Amounts = new Map();
  for (const c of pod.spec?.containers ?? []) addList(reqs, requestsOf(c));
  const sidecars: Amounts = new Map();
  const initMax: Amounts = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    let need: Amounts;
    if (c.restartPolicy === 'Always') {
      addList(reqs, requestsOf(c));
      addList(sidecars, requestsOf(c));
      need = sidecars;
    } else {
      need = new Map(sidecars);
      addList(need, requestsOf(c));
    }
    maxInto(initMax, need);
  }
  maxInto(reqs, initMax);
  addList(reqs, pod.spec?.overhead as Record<string, string> | undefined);
  return reqs;
}

const ceilDiv = (n: bigint, d: bigint): bigint => (n <= 0n ? n / d : (n + d - 1n) / d);
/** Quantity.MilliValue() for cpu, Value() for everything else: both round up. */
const units = (name: string, nanos: bigint): bigint => (name === 'cpu' ? ceilDiv(nanos, 1_000_000n) : ceilDiv(nanos, NANO));

interface Insufficient {
  readonly name: string;
  readonly requested: bigint;
  readonly used: bigint;
  readonly capacity: bigint;
}

/** The resource fit of noderesources.Fits, in its order: pods, cpu, memory, ephemeral-storage, then scalar resources by name. */
export function insufficientResources(pod: Pod, node: Node, otherPods: readonly Pod[]): Insufficient[] {
  const allocatable = new Map<string, bigint>();
  for (const [k, v] of Object.entries((node.status?.allocatable ?? {}) as Record<string, string>)) allocatable.set(k, units(k, parseQuantity(v).nanos));
  const used = new Map<string, bigint>();
  for (const p of otherPods) for (const [k, v] of podRequests(p)) used.set(k, (used.get(k) ?? 0n) + units(k, v));
  const request = new Map<string, bigint>();
  for (const [k, v] of podRequests(pod)) if (!isExtendedResourceName(k) || allocatable.has(k)) request.set(k, units(k, v));

  const out: Insufficient[] = [];
  const allowedPods = allocatable.get('pods') ?? 0n;
  if (BigInt(otherPods.length) + 1n > allowedPods) out.push({ name: 'pods', requested: 1n, used: BigInt(otherPods.length), capacity: allowedPods });
  const names = ['cpu', 'memory', 'ephemeral-storage', ...[...request.keys()].filter(isScalarResourceName).sort()];
  for (const name of names) {
    const want = request.get(name) ?? 0n;
    const cap = allocatable.get(name) ?? 0n;
    const inUse = used.get(name) ?? 0n;
    if (want > 0n && want > cap - inUse) out.push({ name, requested: want, used: inUse, capacity: cap });
  }
  return out;
}

const OP_INT = /^[+-]?\d+$/;

function requirementMatches(r: NodeSelectorRequirement, has: boolean, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In': return has && values.includes(value!);
    case 'NotIn': return !has || !values.includes(value!);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || !OP_INT.test(value!) || values.length !== 1 || !OP_INT.test(values[0]!)) return false;
      const a = BigInt(value!);
      const b = BigInt(values[0]!);
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default: return false;
  }
}

/** One nodeSelectorTerm: all its expressions and fields hold; an empty term matches nothing. */
export function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  const name = node.metadata?.name ?? '';
  return (
    exprs.every((r) => requirementMatches(r, r.key in labels, labels[r.key])) &&
    fields.every((r) => r.key === 'metadata.name' && (r.operator === 'In' || r.operator === 'NotIn') && requirementMatches(r, true, name))
  );
}

/** GetRequiredNodeAffinity(pod).Match(node): nodeSelector, then the required terms (ORed). */
export function requiredNodeAffinityMatches(pod: Pod, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return required.nodeSelectorTerms.some((t) => termMatches(t, node));
}

/** Toleration.ToleratesTaint: effect and key when given, then Equal (the default) or Exists. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  if (t.operator === undefined || t.operator === '' || t.operator === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

export const untoleratedNoExecuteTaint = (pod: Pod, node: Node): Taint | undefined =>
  (node.spec?.taints ?? []).find((taint) => taint.effect === 'NoExecute' && !(pod.spec?.tolerations ?? []).some((t) => toleratesTaint(t, taint)));

interface HostPort {
  readonly ip: string;
  readonly protocol: string;
  readonly port: number;
}
const hostPorts = (pod: Pod): HostPort[] =>
  (pod.spec?.containers ?? []).flatMap((c) =>
    (c.ports ?? []).filter((p) => (p.hostPort ?? 0) > 0).map((p) => ({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort! })),
  );

/** HostPortInfo.CheckConflict: 0.0.0.0 collides with every address for the same protocol and port. */
export function hostPortsFit(pod: Pod, otherPods: readonly Pod[]): boolean {
  const used = otherPods.flatMap(hostPorts);
  return hostPorts(pod).every(
    (want) => !used.some((u) => u.protocol === want.protocol && u.port === want.port && (want.ip === '0.0.0.0' || u.ip === '0.0.0.0' || u.ip === want.ip)),
  );
}

const isStaticPod = (pod: Pod): boolean => {
  const source = pod.metadata?.annotations?.['kubernetes.io/config.source'];
  return source !== undefined && source !== 'api';
};

const OUT_OF: Readonly<Record<string, string>> = { cpu: 'OutOfcpu', memory: 'OutOfmemory', 'ephemeral-storage': 'OutOfephemeral-storage', pods: 'OutOfpods' };
const predicate = (name: string, desc: string): AdmitResult => ({ admit: false, reason: name, message: `Predicate ${name} failed: ${desc}` });

/** Whether the kubelet admits `pod` on `node`, given the other pods active there. */
export function admitPod(pod: Pod, node: Node, otherPods: readonly Pod[]): AdmitResult {
  const podOS = pod.metadata?.labels?.['kubernetes.io/os'];
  if (podOS !== undefined && podOS !== 'linux') {
    return { admit: false, reason: 'PodOSSelectorNodeLabelDoesNotMatch', message: "Failed to admit pod as the `kubernetes.io/os` label doesn't match node label" };
  }
  if (pod.spec?.os && pod.spec.os.name !== 'linux') {
    return { admit: false, reason: 'PodOSNotSupported', message: "Failed to admit pod as the OS field doesn't match node OS" };
  }
  const short = insufficientResources(pod, node, otherPods)[0];
  if (short) {
    return {
      admit: false,
      reason: OUT_OF[short.name] ?? `OutOf${short.name}`,
      message: `Node didn't have enough resource: ${short.name}, requested: ${short.requested}, used: ${short.used}, capacity: ${short.capacity}`,
    };
  }
  if (!requiredNodeAffinityMatches(pod, node)) return predicate('NodeAffinity', "node(s) didn't match Pod's node affinity/selector");
  const nodeName = pod.spec?.nodeName;
  if (nodeName && nodeName !== node.metadata?.name) return predicate('NodeName', "node(s) didn't match the requested node name");
  if (!hostPortsFit(pod, otherPods)) return predicate('NodePorts', "node(s) didn't have free ports for the requested pod ports");
  if (!isStaticPod(pod) && untoleratedNoExecuteTaint(pod, node)) return predicate('TaintToleration', "node(s) had taints that the pod didn't tolerate");
  return { admit: true };
}

/** The status the kubelet gives a pod it rejects (the event it records carries reason and message unprefixed). */
export function rejectedPodStatus(reason: string, message: string, qosClass?: string): PodStatus {
  const status: PodStatus = { phase: 'Failed', reason, message: `Pod was rejected: ${message}` };
  if (qosClass !== undefined) status.qosClass = qosClass;
  return status;
}
