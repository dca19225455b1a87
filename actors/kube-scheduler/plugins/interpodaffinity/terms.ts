// Pod affinity terms compiled once per pod: which namespaces a term covers (its list, its
// namespaceSelector evaluated against the namespaces' labels, or else the owning pod's namespace)
// and which pods its labelSelector picks.

import type { Pod } from '../../../../protocols/kube/objects.ts';
import { type LabelSelector, type Labels, labelSelectorAsSelector, matchesLabels } from '../../../../protocols/kube/validation/index.ts';

type Affinity = NonNullable<NonNullable<Pod['spec']>['affinity']>;
type PodAffinityTermObject = NonNullable<NonNullable<Affinity['podAffinity']>['requiredDuringSchedulingIgnoredDuringExecution']>[number];

/** A namespace's labels, or undefined for a namespace that does not exist. */
export type NamespaceLabels = (namespace: string) => Labels | undefined;

export interface AffinityTerm {
  readonly namespaces: ReadonlySet<string>;
  /** nothing when the term has no namespaceSelector; an empty one selects every namespace. */
  readonly namespaceSelector: LabelSelector;
  readonly selector: LabelSelector;
  readonly topologyKey: string;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

export const podNamespace = (pod: Pod): string => pod.metadata?.namespace ?? 'default';

function parse(selector: PodAffinityTermObject['labelSelector']): LabelSelector {
  const p = labelSelectorAsSelector(selector);
  return p.ok ? p.value : { type: 'nothing' };
}

export function compileTerm(owner: Pod, t: PodAffinityTermObject): AffinityTerm {
  const listed = t.namespaces ?? [];
  const namespaces = new Set(listed.length === 0 && (t.namespaceSelector === undefined || t.namespaceSelector === null) ? [podNamespace(owner)] : listed);
  return { namespaces, namespaceSelector: parse(t.namespaceSelector), selector: parse(t.labelSelector), topologyKey: t.topologyKey };
}

export function termMatches(term: AffinityTerm, pod: Pod, namespaceLabels: NamespaceLabels): boolean {
  const ns = podNamespace(pod);
  if (!term.namespaces.has(ns)) {
    const labels = namespaceLabels(ns);
    if (labels === undefined || !matchesLabels(term.namespaceSelector, labels)) return false;
  }
  return matchesLabels(term.selector, pod.metadata?.labels ?? {});
}

export interface PodTerms {
  readonly requiredAffinity: readonly AffinityTerm[];
  readonly requiredAntiAffinity: readonly AffinityTerm[];
  readonly preferredAffinity: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinity: readonly WeightedAffinityTerm[];
}

export function podTerms(pod: Pod): PodTerms {
  const a = pod.spec?.affinity;
  const weighted = (ts: readonly { weight: number; podAffinityTerm: PodAffinityTermObject }[] | undefined): WeightedAffinityTerm[] =>
    (ts ?? []).map((w) => ({ ...compileTerm(pod, w.podAffinityTerm), weight: w.weight }));
  return {
    requiredAffinity: (a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => compileTerm(pod, t)),
    requiredAntiAffinity: (a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => compileTerm(pod, t)),
    preferredAffinity: weighted(a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinity: weighted(a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
  };
}

/** A topology domain: "key=value" (a key cannot contain '='). */
export const pairKey = (key: string, value: string): string => `${key}=${value}`;
