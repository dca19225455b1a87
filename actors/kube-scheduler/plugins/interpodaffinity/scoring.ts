// InterPodAffinity's PreScore, Score and NormalizeScore: every topology domain collects weights
// from the incoming pod's preferred terms matching existing pods (+ for affinity, − for
// anti-affinity), and from existing pods' terms matching the incoming pod (their required affinity
// at hardPodAffinityWeight, their preferred terms at their own weights). A node scores the sum
// over the domains it is in; normalizing maps the range onto [0, 100].

import type { Pod } from '../../../../protocols/kube/objects.ts';
import { attachedSummary } from '../../framework/snapshot-summary.ts';
import { MAX_NODE_SCORE, type NodeInfo, type NodeScore } from '../../framework/types.ts';
import { type AffinityTerm, type NamespaceLabels, podTerms, termMatches } from './terms.ts';

/** InterPodAffinityArgs.hardPodAffinityWeight's default. */
export const DEFAULT_HARD_POD_AFFINITY_WEIGHT = 1;

/** topologyKey → topology value → summed weight. */
export type TopologyScore = ReadonlyMap<string, ReadonlyMap<string, number>>;

function add(m: Map<string, Map<string, number>>, term: AffinityTerm, weight: number, target: Pod, nsLabels: NamespaceLabels, labels: Readonly<Record<string, string>>): void {
  if (!termMatches(term, target, nsLabels) || !Object.hasOwn(labels, term.topologyKey)) return;
  const byValue = m.get(term.topologyKey) ?? new Map<string, number>();
  m.set(term.topologyKey, byValue);
  const v = labels[term.topologyKey]!;
  byValue.set(v, (byValue.get(v) ?? 0) + weight);
}

const hasAffinity = (pod: Pod): boolean => (pod.spec?.affinity?.podAffinity ?? undefined) !== undefined || (pod.spec?.affinity?.podAntiAffinity ?? undefined) !== undefined;

/** undefined when no domain got any weight (PreScore's Skip). */
export interface AffinityScoreArgs {
  readonly hardPodAffinityWeight?: number;
  /** InterPodAffinityArgs.ignorePreferredTermsOfExistingPods: a pod with no preferred terms of its own is not scored. */
  readonly ignorePreferredTermsOfExistingPods?: boolean;
}

export function computeScoreState(pod: Pod, allNodes: readonly NodeInfo[], nsLabels: NamespaceLabels, args: AffinityScoreArgs = {}): TopologyScore | undefined {
  const hardPodAffinityWeight = args.hardPodAffinityWeight ?? DEFAULT_HARD_POD_AFFINITY_WEIGHT;
  const own = podTerms(pod);
  const hasPreferred = own.preferredAffinity.length > 0 || own.preferredAntiAffinity.length > 0;
  if (args.ignorePreferredTermsOfExistingPods === true && !hasPreferred) return undefined;
  const m = new Map<string, Map<string, number>>();
  // The snapshot knows which nodes hold pods with affinity (Kubernetes' own list).
  const listed = hasPreferred ? undefined : attachedSummary(allNodes)?.withAffinity;
  const count = listed === undefined ? allNodes.length : listed.length;
  for (let j = 0; j < count; j++) {
    const info = allNodes[listed === undefined ? j : listed[j]!]!;
    const candidates = hasPreferred ? info.pods : info.podsWithAffinity;
    if (candidates.length === 0) continue;
    const labels = info.node.metadata?.labels ?? {};
    if (Object.keys(labels).length === 0) continue;
    for (const existing of candidates) {
      // Without preferred terms of its own, only existing pods with affinity can add weight.
      if (!hasPreferred && !hasAffinity(existing)) continue;
      for (const t of own.preferredAffinity) add(m, t, t.weight, existing, nsLabels, labels);
      for (const t of own.preferredAntiAffinity) add(m, t, -t.weight, existing, nsLabels, labels);
      const theirs = podTerms(existing);
      if (hardPodAffinityWeight > 0) for (const t of theirs.requiredAffinity) add(m, t, hardPodAffinityWeight, pod, nsLabels, labels);
      for (const t of theirs.preferredAffinity) add(m, t, t.weight, pod, nsLabels, labels);
      for (const t of theirs.preferredAntiAffinity) add(m, t, -t.weight, pod, nsLabels, labels);
    }
  }
  return m.size === 0 ? undefined : m;
}

export function scoreNode(s: TopologyScore, info: NodeInfo): number {
  const labels = info.node.metadata?.labels ?? {};
  let score = 0;
  for (const [key, byValue] of s) if (Object.hasOwn(labels, key)) score += byValue.get(labels[key]!) ?? 0;
  return score;
}

export function normalizeScores(scores: readonly NodeScore[]): NodeScore[] {
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    min = Math.min(min, s.score);
    max = Math.max(max, s.score);
  }
  const diff = max - min;
  return scores.map((s) => ({ name: s.name, score: diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((s.score - min) / diff)) : 0 }));
}
