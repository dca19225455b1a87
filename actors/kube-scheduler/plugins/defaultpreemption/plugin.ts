// DefaultPreemption as a PostFilter plugin: when a pod fits nowhere, find the node where taking off
// the fewest, least important pods of lower priority lets it fit, nominate the pod there and name
// those victims (the scheduler's shell deletes them). Kubernetes 1.32 without async preemption,
// extenders or nominated pods in the filters.

import type { Pod } from '../../../../protocols/kube/objects.ts';
import { fitErrorMessage, PREEMPTION_NOT_HELPFUL, preemptionMessage } from '../../framework/explain.ts';
import type { Diagnosis } from '../../framework/runner.ts';
import { clusterOf, type CycleState, type NodeInfo, type PluginStatus, type PostFilterPlugin } from '../../framework/types.ts';
import { type DefaultPreemptionArgs, numCandidates, preemptionArgs } from './args.ts';
import { dryRunPreemption, pickOneNodeForPreemption } from './candidates.ts';
import { ineligibility } from './eligibility.ts';
import type { FilterProfile } from './fits.ts';

export const NAME = 'DefaultPreemption';

/**
 * The profile's PreFilter and Filter plugins, for the cycle state: the plugin is built before the
 * profile that holds it, so the shell puts the profile's RunnerProfile here before PostFilter.
 */
export const PREEMPTION_PROFILE_KEY = 'DefaultPreemption/profile';
/** An integer in [0, n) from the scheduler's random stream, for where the dry run starts. */
export const PREEMPTION_PICK_KEY = 'DefaultPreemption/pick';

/** What the cycle state would otherwise carry (tests, or a shell that hands them over at build). */
export interface DefaultPreemptionOptions {
  readonly profile?: () => FilterProfile | undefined;
  readonly pick?: (n: number) => number;
}

export type PostFilterResult = ReturnType<PostFilterPlugin['postFilter']>;

const unschedulable = (message: string): PluginStatus => ({ code: 'Unschedulable', reasons: [`preemption: ${message}`] });
const nameOf = (n: NodeInfo): string => n.node.metadata?.name ?? '';

/** The FitError of the dry run: nodes it did not try are ones preemption cannot help. */
function noCandidateMessage(nodes: readonly NodeInfo[], tried: Readonly<Record<string, PluginStatus>>): string {
  const nodeToStatus: Record<string, PluginStatus> = {};
  for (const n of nodes) nodeToStatus[nameOf(n)] = tried[nameOf(n)] ?? { code: 'UnschedulableAndUnresolvable', reasons: [PREEMPTION_NOT_HELPFUL] };
  const diagnosis: Diagnosis = { nodeToStatus, unschedulablePlugins: [], numAllNodes: nodes.length };
  return fitErrorMessage(diagnosis);
}

export function defaultPreemption(rawArgs: Readonly<Record<string, unknown>> = {}, o: DefaultPreemptionOptions = {}): PostFilterPlugin & { readonly args: DefaultPreemptionArgs } {
  const args = preemptionArgs(rawArgs);
  return {
    name: NAME,
    args,
    postFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], filtered): PostFilterResult {
      const nominated = pod.status?.nominatedNodeName ?? '';
      const why = ineligibility(pod, nodes, nominated === '' ? undefined : filtered[nominated]);
      if (why !== undefined) {
        const empty: Diagnosis = { nodeToStatus: {}, unschedulablePlugins: [], numAllNodes: nodes.length };
        // explain.ts words the two reasons, already prefixed as Kubernetes prefixes them.
        return { status: { code: 'Unschedulable', reasons: [preemptionMessage(empty, why)] } };
      }
      if (nodes.length === 0) return { status: { code: 'Error', reasons: ['preemption: no nodes available'] } };
      const profile = o.profile?.() ?? (state.get(PREEMPTION_PROFILE_KEY) as FilterProfile | undefined);
      // Without a random stream the dry run starts at the first node, as Kubernetes' own tests fix it.
      const pick = o.pick ?? (state.get(PREEMPTION_PICK_KEY) as ((n: number) => number) | undefined) ?? (() => 0);
      if (profile === undefined) return { status: { code: 'Error', reasons: ['preemption: the profile\'s filters are not known to DefaultPreemption'] } };

      const potential = nodes.filter((n) => filtered[nameOf(n)]?.code === 'Unschedulable');
      const cluster = clusterOf(state);
      const run = potential.length === 0
        ? { candidates: [], nodeToStatus: {}, errors: [] }
        : dryRunPreemption({
          profile, state, pod, nodes, potential,
          pdbs: (ns) => cluster?.podDisruptionBudgets(ns) ?? [],
          offset: pick(potential.length),
          numCandidates: numCandidates(args, potential.length),
        });
      if (run.candidates.length === 0) {
        if (run.errors.length > 0) return { status: { code: 'Error', reasons: [`preemption: ${run.errors.join(', ')}`] } };
        // An empty nomination clears one the pod may carry from an earlier preemption.
        return { status: unschedulable(noCandidateMessage(nodes, run.nodeToStatus)), nominatedNodeName: '' };
      }
      const best = pickOneNodeForPreemption(run.candidates)!;
      return { status: { code: 'Success', reasons: [] }, nominatedNodeName: best.node, victims: best.victims };
    },
  };
}
