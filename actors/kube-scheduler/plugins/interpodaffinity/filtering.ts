// InterPodAffinity's PreFilter and Filter: count, per topology domain, the existing pods that the
// incoming pod's required affinity and anti-affinity terms match, and the domains where an
// existing pod's required anti-affinity term matches the incoming pod; a node is then judged by
// the domains its labels put it in.

import type { Pod } from '../../../../protocols/kube/objects.ts';
import { attachedSummary } from '../../framework/snapshot-summary.ts';
import type { NodeInfo } from '../../framework/types.ts';
import { type AffinityTerm, type NamespaceLabels, type PodTerms, pairKey, podTerms, termMatches } from './terms.ts';

export const REASON_AFFINITY_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const REASON_ANTI_AFFINITY_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";
export const REASON_EXISTING_ANTI_AFFINITY_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";

export interface AffinityFilterState {
  readonly pod: Pod;
  readonly terms: PodTerms;
  readonly affinityCounts: ReadonlyMap<string, number>;
  readonly antiAffinityCounts: ReadonlyMap<string, number>;
  readonly existingAntiAffinityCounts: ReadonlyMap<string, number>;
}

function bump(m: Map<string, number>, labels: Readonly<Record<string, string>>, key: string): void {
  if (!Object.hasOwn(labels, key)) return;
  const k = pairKey(key, labels[key]!);
  m.set(k, (m.get(k) ?? 0) + 1);
}

const allMatch = (terms: readonly AffinityTerm[], pod: Pod, nsLabels: NamespaceLabels): boolean => terms.every((t) => termMatches(t, pod, nsLabels));

/** undefined when nothing constrains the pod: no required terms of its own and no existing pod's required anti-affinity matches it (Skip). */
export function computeFilterState(pod: Pod, allNodes: readonly NodeInfo[], nsLabels: NamespaceLabels): AffinityFilterState | undefined {
  const terms = podTerms(pod);
  const affinityCounts = new Map<string, number>();
  const antiAffinityCounts = new Map<string, number>();
  const existingAntiAffinityCounts = new Map<string, number>();
  // Without required terms of its own, only existing pods' required anti-affinity matters.
  const own = terms.requiredAffinity.length > 0 || terms.requiredAntiAffinity.length > 0;
  // The snapshot knows which nodes hold pods with required anti-affinity (Kubernetes' own list).
  const listed = own ? undefined : attachedSummary(allNodes)?.withRequiredAntiAffinity;
  const count = listed === undefined ? allNodes.length : listed.length;
  for (let j = 0; j < count; j++) {
    const info = allNodes[listed === undefined ? j : listed[j]!]!;
    const existingPods = own ? info.pods : info.podsWithRequiredAntiAffinity;
    // Most nodes have nothing to count: the loop visits every node of the snapshot for every pod.
    if (existingPods.length === 0) continue;
    const labels = info.node.metadata?.labels ?? {};
    for (const existing of existingPods) {
      const anti = podTerms(existing).requiredAntiAffinity;
      for (const t of anti) if (termMatches(t, pod, nsLabels)) bump(existingAntiAffinityCounts, labels, t.topologyKey);
      // An existing pod counts for affinity only when it matches every required term.
      if (terms.requiredAffinity.length > 0 && allMatch(terms.requiredAffinity, existing, nsLabels)) {
        for (const t of terms.requiredAffinity) bump(affinityCounts, labels, t.topologyKey);
      }
      for (const t of terms.requiredAntiAffinity) if (termMatches(t, existing, nsLabels)) bump(antiAffinityCounts, labels, t.topologyKey);
    }
  }
  if (terms.requiredAffinity.length === 0 && terms.requiredAntiAffinity.length === 0 && existingAntiAffinityCounts.size === 0) return undefined;
  return { pod, terms, affinityCounts, antiAffinityCounts, existingAntiAffinityCounts };
}

function satisfiesAffinity(s: AffinityFilterState, labels: Readonly<Record<string, string>>, nsLabels: NamespaceLabels): boolean {
  let podsExist = true;
  for (const t of s.terms.requiredAffinity) {
    if (!Object.hasOwn(labels, t.topologyKey)) return false;
    if ((s.affinityCounts.get(pairKey(t.topologyKey, labels[t.topologyKey]!)) ?? 0) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group with affinity to itself: let it in when no pod anywhere matches
  // and it matches its own terms, or such a group could never start.
  return s.affinityCounts.size === 0 && allMatch(s.terms.requiredAffinity, s.pod, nsLabels);
}

function satisfiesAntiAffinity(s: AffinityFilterState, labels: Readonly<Record<string, string>>): boolean {
  return s.terms.requiredAntiAffinity.every((t) => !Object.hasOwn(labels, t.topologyKey) || (s.antiAffinityCounts.get(pairKey(t.topologyKey, labels[t.topologyKey]!)) ?? 0) <= 0);
}

function satisfiesExistingAntiAffinity(s: AffinityFilterState, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(labels).every(([k, v]) => (s.existingAntiAffinityCounts.get(pairKey(k, v)) ?? 0) <= 0);
}

export type AffinityFilterVerdict = { readonly ok: true } | { readonly ok: false; readonly code: 'Unschedulable' | 'UnschedulableAndUnresolvable'; readonly reason: string };

export function filterNode(s: AffinityFilterState, info: NodeInfo, nsLabels: NamespaceLabels): AffinityFilterVerdict {
  const labels = info.node.metadata?.labels ?? {};
  if (!satisfiesAffinity(s, labels, nsLabels)) return { ok: false, code: 'UnschedulableAndUnresolvable', reason: REASON_AFFINITY_NOT_MATCH };
  if (!satisfiesAntiAffinity(s, labels)) return { ok: false, code: 'Unschedulable', reason: REASON_ANTI_AFFINITY_NOT_MATCH };
  if (!satisfiesExistingAntiAffinity(s, labels)) return { ok: false, code: 'Unschedulable', reason: REASON_EXISTING_ANTI_AFFINITY_NOT_MATCH };
  return { ok: true };
}
