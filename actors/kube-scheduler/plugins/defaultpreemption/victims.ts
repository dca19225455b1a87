// SelectVictimsOnNode: the fewest pods of lower priority to take off one node so that the
// preemptor fits there. All of them are taken off first; if the preemptor still does not fit, the
// node is of no use. Otherwise they are put back one at a time, the most important first and those
// whose PodDisruptionBudget would be violated before the rest, and each that leaves the preemptor
// unable to fit is a victim.

import type { Pod, PodDisruptionBudget } from '../../../../protocols/kube/objects.ts';
import { NO_PREEMPTION_VICTIMS } from '../../framework/explain.ts';
import { buildNodeInfo } from '../../framework/nodeinfo.ts';
import type { CycleState, NodeInfo, PluginStatus } from '../../framework/types.ts';
import { type FilterProfile, fitsOn } from './fits.ts';
import { splitByPdbViolation } from './pdb.ts';
import { byImportance, podPriority } from './priority.ts';

export type VictimSelection =
  | { readonly ok: true; readonly victims: readonly Pod[]; readonly numPDBViolations: number }
  | { readonly ok: false; readonly status: PluginStatus };

/** isPreemptionAllowed: only pods of strictly lower priority may be preempted. */
export const mayPreempt = (victim: Pod, preemptor: Pod): boolean => podPriority(victim) < podPriority(preemptor);

export function selectVictimsOnNode(
  profile: FilterProfile,
  state: CycleState,
  pod: Pod,
  nodes: readonly NodeInfo[],
  node: NodeInfo,
  pdbs: readonly PodDisruptionBudget[],
): VictimSelection {
  const potential = node.pods.filter((p) => mayPreempt(p, pod));
  if (potential.length === 0) return { ok: false, status: { code: 'UnschedulableAndUnresolvable', reasons: [NO_PREEMPTION_VICTIMS] } };
  const removed = new Set<Pod>(potential);
  const current = (): NodeInfo => buildNodeInfo(node.node, node.pods.filter((p) => !removed.has(p)));
  const fits = (): PluginStatus => fitsOn(profile, state, pod, nodes, current());

  const first = fits();
  // Affinity of the preemptor to a pod it would remove is not looked for (nor in Kubernetes).
  if (first.code !== 'Success') return { ok: false, status: first };

  const sorted = [...potential].sort(byImportance);
  const { violating, nonViolating } = splitByPdbViolation(sorted, pdbs);
  const victims: Pod[] = [];
  let numPDBViolations = 0;
  const reprieve = (p: Pod): boolean => {
    removed.delete(p);
    if (fits().code === 'Success') return true;
    removed.add(p);
    victims.push(p);
    return false;
  };
  for (const p of violating) if (!reprieve(p)) numPDBViolations++;
  for (const p of nonViolating) reprieve(p);
  // Violating victims came first; most important first again across both groups.
  if (violating.length > 0 && nonViolating.length > 0) victims.sort(byImportance);
  return { ok: true, victims, numPDBViolations };
}
