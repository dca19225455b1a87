// Which nodes a DaemonSet's pod belongs on (NodeShouldRunDaemonPod): the pod, with the tolerations
// every daemon pod gets, must fit the node's name, its nodeSelector and required node affinity,
// and tolerate its NoSchedule and NoExecute taints. A node it no longer fits only because of a
// NoSchedule taint keeps the pods already there (shouldContinueRunning); an untolerated NoExecute
// taint, or a selector or affinity that no longer matches, sends them away.

import type { Node, Pod } from '../../../protocols/kube/objects.ts';

type Spec = NonNullable<Pod['spec']>;
type Toleration = NonNullable<Spec['tolerations']>[number];
type Taint = NonNullable<NonNullable<Node['spec']>['taints']>[number];
type Term = NonNullable<NonNullable<NonNullable<NonNullable<Spec['affinity']>['nodeAffinity']>['requiredDuringSchedulingIgnoredDuringExecution']>['nodeSelectorTerms']>[number];
type Requirement = NonNullable<Term['matchExpressions']>[number];

const exists = (key: string, effect: string): Toleration => ({ key, operator: 'Exists', effect });

/** AddOrUpdateDaemonPodTolerations: what every daemon pod tolerates, so node trouble does not evict it. */
export function daemonTolerations(spec: Spec): Toleration[] {
  const wanted = [
    exists('node.kubernetes.io/not-ready', 'NoExecute'),
    exists('node.kubernetes.io/unreachable', 'NoExecute'),
    exists('node.kubernetes.io/disk-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/memory-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/pid-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/unschedulable', 'NoSchedule'),
    ...(spec.hostNetwork ? [exists('node.kubernetes.io/network-unavailable', 'NoSchedule')] : []),
  ];
  const out = [...(spec.tolerations ?? [])];
  for (const w of wanted) {
    const i = out.findIndex((t) => t.key === w.key && t.effect === w.effect);
    if (i < 0) out.push(w);
    else out[i] = w;
  }
  return out;
}

/** v1helper Toleration.ToleratesTaint. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  return (t.operator ?? 'Equal') === 'Equal' && (t.value ?? '') === (taint.value ?? '') && !!t.key;
}

export const untolerated = (taints: readonly Taint[], tolerations: readonly Toleration[], effects: readonly string[]): Taint | undefined =>
  taints.find((taint) => effects.includes(taint.effect) && !tolerations.some((t) => tolerates(t, taint)));

function requirementMatches(r: Requirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1 || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(values[0]!)) return false;
      return r.operator === 'Gt' ? BigInt(value) > BigInt(values[0]!) : BigInt(value) < BigInt(values[0]!);
    }
    default:
      return false;
  }
}

/** A term matches when all its expressions (labels) and fields (metadata.name) do; an empty term matches nothing. */
function termMatches(term: Term, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length + fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  return exprs.every((r) => requirementMatches(r, labels[r.key])) && fields.every((r) => r.key === 'metadata.name' && requirementMatches(r, node.metadata?.name));
}

/** nodeaffinity.GetRequiredNodeAffinity(pod).Match(node): nodeSelector and the required terms (any of them). */
export function requiredAffinityMatches(spec: Spec, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  if (!Object.entries(spec.nodeSelector ?? {}).every(([k, v]) => labels[k] === v)) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required === undefined) return true;
  return (required.nodeSelectorTerms ?? []).some((t) => termMatches(t, node));
}

export interface Placement {
  readonly shouldRun: boolean;
  readonly shouldContinueRunning: boolean;
}

export function nodeShouldRunDaemonPod(templateSpec: Spec, node: Node): Placement {
  const name = node.metadata?.name;
  if (templateSpec.nodeName && templateSpec.nodeName !== name) return { shouldRun: false, shouldContinueRunning: false };
  if (!requiredAffinityMatches(templateSpec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const tolerations = daemonTolerations(templateSpec);
  const taints = node.spec?.taints ?? [];
  if (untolerated(taints, tolerations, ['NoSchedule', 'NoExecute']) === undefined) return { shouldRun: true, shouldContinueRunning: true };
  return { shouldRun: false, shouldContinueRunning: untolerated(taints, tolerations, ['NoExecute']) === undefined };
}
