// PodTopologySpread's PreScore, Score and NormalizeScore for whenUnsatisfiable: ScheduleAnyway
// (and the cluster's default constraints). A node scores higher the more matching pods its
// domains already hold, each constraint weighted by log(domain count + 2) so that many small
// domains weigh as much as few large ones; normalizing then flips it so the emptiest wins.

import type { Pod } from '../../../../protocols/kube/objects.ts';
import { MAX_NODE_SCORE, type NodeInfo, type NodeScore } from '../../framework/types.ts';
import { type DefaultingArgs, LABEL_HOSTNAME, type SpreadConstraint, constraintsFor, countMatching, hasAllTopologyKeys, matchesInclusionPolicies, podNamespace } from './constraints.ts';

export interface SpreadScoreState {
  readonly constraints: readonly SpreadConstraint[];
  /** Nodes lacking a required topology key: they score 0. */
  readonly ignoredNodes: ReadonlySet<string>;
  /** Per constraint (empty for hostname, counted per node at Score): topology value → matching pods. */
  readonly podCounts: readonly ReadonlyMap<string, number>[];
  readonly weights: readonly number[];
}

const nodeName = (info: NodeInfo): string => info.node.metadata?.name ?? '';

/** undefined when the pod has no soft constraints to score against (PreScore's Skip). */
export function computeScoreState(pod: Pod, filteredNodes: readonly NodeInfo[], allNodes: readonly NodeInfo[], args: DefaultingArgs = {}): SpreadScoreState | undefined {
  const { constraints, systemDefaulted } = constraintsFor(pod, 'ScheduleAnyway', args);
  if (constraints.length === 0 || filteredNodes.length === 0) return undefined;
  // System defaults use whichever of hostname and zone a node has; explicit constraints need all.
  const requireAll = (pod.spec?.topologySpreadConstraints ?? []).length > 0 || !systemDefaulted;
  const ignoredNodes = new Set<string>();
  const podCounts = constraints.map(() => new Map<string, number>());
  const sizes = constraints.map(() => 0);
  for (const info of filteredNodes) {
    if (requireAll && !hasAllTopologyKeys(info.node, constraints)) {
      ignoredNodes.add(nodeName(info));
      continue;
    }
    const labels = info.node.metadata?.labels ?? {};
    constraints.forEach((c, i) => {
      if (c.topologyKey === LABEL_HOSTNAME) return;
      // A node without the key (possible with system defaults) is in the "" domain, as in Kubernetes.
      const value = labels[c.topologyKey] ?? '';
      if (!podCounts[i]!.has(value)) {
        podCounts[i]!.set(value, 0);
        sizes[i]!++;
      }
    });
  }
  constraints.forEach((c, i) => {
    if (c.topologyKey === LABEL_HOSTNAME) sizes[i] = filteredNodes.length - ignoredNodes.size;
  });
  const ns = podNamespace(pod);
  for (const info of allNodes) {
    if (requireAll && !hasAllTopologyKeys(info.node, constraints)) continue;
    const labels = info.node.metadata?.labels ?? {};
    constraints.forEach((c, i) => {
      if (!matchesInclusionPolicies(c, pod, info.node)) return;
      const value = labels[c.topologyKey] ?? '';
      const counts = podCounts[i]!;
      // Only domains that some candidate node belongs to are worth counting.
      if (!counts.has(value)) return;
      counts.set(value, counts.get(value)! + countMatching(info.pods, c.selector, ns));
    });
  }
  return { constraints, ignoredNodes, podCounts, weights: sizes.map((s) => Math.log(s + 2)) };
}

export function scoreNode(state: SpreadScoreState, pod: Pod, info: NodeInfo): number {
  if (state.ignoredNodes.has(nodeName(info))) return 0;
  const labels = info.node.metadata?.labels ?? {};
  let score = 0;
  state.constraints.forEach((c, i) => {
    if (!Object.hasOwn(labels, c.topologyKey)) return;
    const count = c.topologyKey === LABEL_HOSTNAME ? countMatching(info.pods, c.selector, podNamespace(pod)) : state.podCounts[i]!.get(labels[c.topologyKey]!) ?? 0;
    // maxSkew − 1 softens the preference as the allowed skew grows.
    score += count * state.weights[i]! + (c.maxSkew - 1);
  });
  return Math.round(score);
}

export function normalizeScores(state: SpreadScoreState, scores: readonly NodeScore[]): NodeScore[] {
  let min = Infinity;
  let max = 0;
  for (const s of scores) {
    if (state.ignoredNodes.has(s.name)) continue;
    min = Math.min(min, s.score);
    max = Math.max(max, s.score);
  }
  return scores.map((s) => {
    if (state.ignoredNodes.has(s.name)) return { name: s.name, score: 0 };
    if (max === 0) return { name: s.name, score: MAX_NODE_SCORE };
    return { name: s.name, score: Math.trunc((MAX_NODE_SCORE * (max + min - s.score)) / max) };
  });
}
