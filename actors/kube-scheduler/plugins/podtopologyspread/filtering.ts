// PodTopologySpread's PreFilter and Filter for whenUnsatisfiable: DoNotSchedule. PreFilter counts,
// per constraint, the matching pods in every eligible domain and the global minimum; Filter then
// admits a node when placing the pod there keeps (domain count + self − minimum) within maxSkew.

import type { Pod } from '../../../../protocols/kube/objects.ts';
import type { NodeInfo } from '../../framework/types.ts';
import { type DefaultingArgs, type SpreadConstraint, constraintsFor, countMatching, hasAllTopologyKeys, matchesInclusionPolicies, podNamespace, selfMatches } from './constraints.ts';

export const REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const REASON_NODE_LABEL_NOT_MATCH = `${REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

export interface SpreadFilterState {
  readonly constraints: readonly SpreadConstraint[];
  /** Per constraint: topology value → matching pods in that domain (eligible domains only). */
  readonly matchNum: readonly ReadonlyMap<string, number>[];
}

export function computeFilterState(pod: Pod, allNodes: readonly NodeInfo[], args: DefaultingArgs = {}): SpreadFilterState {
  const { constraints } = constraintsFor(pod, 'DoNotSchedule', args);
  const matchNum = constraints.map(() => new Map<string, number>());
  if (constraints.length === 0) return { constraints, matchNum };
  const ns = podNamespace(pod);
  for (const info of allNodes) {
    if (!hasAllTopologyKeys(info.node, constraints)) continue;
    const labels = info.node.metadata?.labels ?? {};
    constraints.forEach((c, i) => {
      if (!matchesInclusionPolicies(c, pod, info.node)) return;
      const value = labels[c.topologyKey]!;
      const m = matchNum[i]!;
      m.set(value, (m.get(value) ?? 0) + countMatching(info.pods, c.selector, ns));
    });
  }
  return { constraints, matchNum };
}

/** The global minimum, or 0 while fewer domains than minDomains exist (so skew counts from zero). */
export function minMatchNum(state: SpreadFilterState, i: number): number {
  const m = state.matchNum[i]!;
  if (m.size < state.constraints[i]!.minDomains) return 0;
  let min = Infinity;
  for (const v of m.values()) min = Math.min(min, v);
  return min;
}

export type SpreadFilterVerdict = { readonly ok: true } | { readonly ok: false; readonly code: 'Unschedulable' | 'UnschedulableAndUnresolvable'; readonly reason: string };

export function filterNode(state: SpreadFilterState, pod: Pod, info: NodeInfo): SpreadFilterVerdict {
  const labels = info.node.metadata?.labels ?? {};
  for (let i = 0; i < state.constraints.length; i++) {
    const c = state.constraints[i]!;
    if (!Object.hasOwn(labels, c.topologyKey)) return { ok: false, code: 'UnschedulableAndUnresolvable', reason: REASON_NODE_LABEL_NOT_MATCH };
    const skew = (state.matchNum[i]!.get(labels[c.topologyKey]!) ?? 0) + (selfMatches(c, pod) ? 1 : 0) - minMatchNum(state, i);
    if (skew > c.maxSkew) return { ok: false, code: 'Unschedulable', reason: REASON_CONSTRAINTS_NOT_MATCH };
  }
  return { ok: true };
}
