// Whether the preemptor would pass the profile's filters on a node whose pods were changed. The
// framework keeps PreFilter state in step with such changes through each plugin's AddPod/RemovePod;
// here PreFilter runs again over the snapshot with the changed node in it, which gives the state
// those extensions would have reached (PodTopologySpread's counts, InterPodAffinity's terms).

import type { Pod } from '../../../../protocols/kube/objects.ts';
import type { CycleState, FilterPlugin, NodeInfo, PluginStatus, PreFilterPlugin } from '../../framework/types.ts';
import { SUCCESS } from '../../framework/types.ts';

/** The parts of a profile preemption re-runs (a RunnerProfile has them). */
export interface FilterProfile {
  readonly preFilter: readonly PreFilterPlugin[];
  readonly filter: readonly FilterPlugin[];
}

const nameOf = (n: NodeInfo): string => n.node.metadata?.name ?? '';

/**
 * PreFilter over `nodes` with `changed` in place of its namesake, then every Filter on `changed`,
 * on a copy of `state` (the cluster objects the cycle read stay in it). The first rejection answers.
 */
export function fitsOn(profile: FilterProfile, state: CycleState, pod: Pod, nodes: readonly NodeInfo[], changed: NodeInfo): PluginStatus {
  const name = nameOf(changed);
  const view = nodes.map((n) => (nameOf(n) === name ? changed : n));
  const copy: CycleState = new Map(state);
  const skip = new Set<string>();
  for (const pl of profile.preFilter) {
    const { status } = pl.preFilter(copy, pod, view);
    if (status.code === 'Skip') { skip.add(pl.name); continue; }
    if (status.code !== 'Success') return { ...status, plugin: pl.name };
  }
  for (const pl of profile.filter) {
    if (skip.has(pl.name)) continue;
    const s = pl.filter(copy, pod, changed);
    if (s.code !== 'Success') return { ...s, plugin: pl.name };
  }
  return SUCCESS;
}
