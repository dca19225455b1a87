// Spread constraints as the plugin works with them: the pod's own (split by whenUnsatisfiable),
// or the cluster's default ones for a pod that has none, with matchLabelKeys folded into the
// selector, and the counting of matching pods that both Filter and Score share.

import type { Node, Pod } from '../../../../protocols/kube/objects.ts';
import { type LabelSelector, type Labels, labelSelectorAsSelector, matchesLabels, newRequirement } from '../../../../protocols/kube/validation/index.ts';
import { matchesRequiredNodeAffinity, toleratesNodeTaints } from './node-inclusion.ts';

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';

export type WhenUnsatisfiable = 'DoNotSchedule' | 'ScheduleAnyway';
export type NodeInclusionPolicy = 'Honor' | 'Ignore';

export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: LabelSelector;
  readonly minDomains: number;
  readonly nodeAffinityPolicy: NodeInclusionPolicy;
  readonly nodeTaintsPolicy: NodeInclusionPolicy;
}

/** A default constraint as PodTopologySpreadArgs.defaultConstraints has it: no selector of its own. */
export interface DefaultConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: WhenUnsatisfiable;
}

/** The defaulting the scheduler applies when the configuration sets none (defaultingType System). */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly DefaultConstraint[] = [
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LABEL_ZONE, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

/**
 * Only pods whose selector is derived from the Services, ReplicationControllers, ReplicaSets and
 * StatefulSets that select them get default constraints; the caller computes that selector
 * (helper.DefaultSelector) and passes it here, or undefined when nothing selects the pod.
 */
export interface DefaultingArgs {
  readonly defaultConstraints?: readonly DefaultConstraint[];
  readonly defaultSelector?: (pod: Pod) => LabelSelector | undefined;
}

const labelsOf = (pod: Pod): Labels => pod.metadata?.labels ?? {};

function withMatchLabelKeys(selector: LabelSelector, keys: readonly string[], pod: Pod): LabelSelector {
  if (selector.type === 'nothing') return selector;
  const labels = labelsOf(pod);
  const extra = [];
  for (const key of keys) {
    if (!Object.hasOwn(labels, key)) continue;
    const r = newRequirement(key, '=', [labels[key]!]);
    if (r.ok) extra.push(r.value);
  }
  return extra.length === 0 ? selector : { type: 'requirements', requirements: [...selector.requirements, ...extra] };
}

const policy = (p: string | undefined, dflt: NodeInclusionPolicy): NodeInclusionPolicy => (p === 'Honor' || p === 'Ignore' ? p : dflt);

/** The pod's constraints of one kind; a selector that does not parse selects nothing. */
export function podConstraints(pod: Pod, when: WhenUnsatisfiable): SpreadConstraint[] {
  return (pod.spec?.topologySpreadConstraints ?? [])
    .filter((c) => c.whenUnsatisfiable === when)
    .map((c) => {
      const parsed = labelSelectorAsSelector(c.labelSelector);
      const base: LabelSelector = parsed.ok ? parsed.value : { type: 'nothing' };
      return {
        maxSkew: c.maxSkew,
        topologyKey: c.topologyKey,
        selector: withMatchLabelKeys(base, c.matchLabelKeys ?? [], pod),
        minDomains: c.minDomains ?? 1,
        nodeAffinityPolicy: policy(c.nodeAffinityPolicy, 'Honor'),
        nodeTaintsPolicy: policy(c.nodeTaintsPolicy, 'Ignore'),
      };
    });
}

/** Default constraints of one kind, when the pod declares none at all and something selects it. */
export function defaultConstraints(pod: Pod, when: WhenUnsatisfiable, args: DefaultingArgs): SpreadConstraint[] {
  const defaults = (args.defaultConstraints ?? SYSTEM_DEFAULT_CONSTRAINTS).filter((c) => c.whenUnsatisfiable === when);
  if (defaults.length === 0) return [];
  const selector = args.defaultSelector?.(pod);
  if (selector === undefined || selector.type === 'nothing' || selector.requirements.length === 0) return [];
  return defaults.map((c) => ({ maxSkew: c.maxSkew, topologyKey: c.topologyKey, selector, minDomains: 1, nodeAffinityPolicy: 'Honor', nodeTaintsPolicy: 'Ignore' }));
}

export function constraintsFor(pod: Pod, when: WhenUnsatisfiable, args: DefaultingArgs): { constraints: SpreadConstraint[]; systemDefaulted: boolean } {
  if ((pod.spec?.topologySpreadConstraints ?? []).length > 0) return { constraints: podConstraints(pod, when), systemDefaulted: false };
  return { constraints: defaultConstraints(pod, when, args), systemDefaulted: args.defaultConstraints === undefined };
}

export function hasAllTopologyKeys(node: Node, constraints: readonly SpreadConstraint[]): boolean {
  const labels = node.metadata?.labels ?? {};
  return constraints.every((c) => Object.hasOwn(labels, c.topologyKey));
}

export function matchesInclusionPolicies(c: SpreadConstraint, pod: Pod, node: Node): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !matchesRequiredNodeAffinity(pod, node)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && !toleratesNodeTaints(pod, node)) return false;
  return true;
}

/** Pods of the same namespace that the selector matches; terminating pods do not count. */
export function countMatching(pods: readonly Pod[], selector: LabelSelector, namespace: string): number {
  // An empty selector counts nothing here, though it matches the pod itself at Filter: Kubernetes' quirk.
  if (selector.type === 'requirements' && selector.requirements.length === 0) return 0;
  let n = 0;
  for (const p of pods) {
    if (p.metadata?.deletionTimestamp !== undefined && p.metadata.deletionTimestamp !== null) continue;
    if ((p.metadata?.namespace ?? 'default') !== namespace) continue;
    if (matchesLabels(selector, labelsOf(p))) n++;
  }
  return n;
}

export const podNamespace = (pod: Pod): string => pod.metadata?.namespace ?? 'default';
export const selfMatches = (c: SpreadConstraint, pod: Pod): boolean => matchesLabels(c.selector, labelsOf(pod));
