// PodEligibleToPreemptOthers: a pod that may never preempt, or whose earlier preemption is still
// under way (its victims on the nominated node are terminating), does not preempt again.

import type { Pod } from '../../../../protocols/kube/objects.ts';
import type { PreemptionIneligible } from '../../framework/explain.ts';
import type { NodeInfo, PluginStatus } from '../../framework/types.ts';
import { mayPreempt } from './victims.ts';

/** The condition the scheduler puts on a victim before deleting it (PodReasonPreemptionByScheduler). */
export const DISRUPTION_TARGET = 'DisruptionTarget';
export const PREEMPTION_BY_SCHEDULER = 'PreemptionByScheduler';

/** A pod being deleted because a scheduler preempted it. */
export function terminatingByPreemption(p: Pod): boolean {
  if (p.metadata?.deletionTimestamp == null) return false;
  const c = p.status?.conditions?.find((x) => x.type === DISRUPTION_TARGET);
  return c !== undefined && c.status === 'True' && c.reason === PREEMPTION_BY_SCHEDULER;
}

/**
 * Undefined when the pod may preempt. `nominatedStatus` is the filters' verdict on the pod's
 * nominated node (absent: the node was not evaluated, which counts as UnschedulableAndUnresolvable):
 * a nominated node that can never fit is no reason to wait for it.
 */
export function ineligibility(pod: Pod, nodes: readonly NodeInfo[], nominatedStatus: PluginStatus | undefined): PreemptionIneligible | undefined {
  if (pod.spec?.preemptionPolicy === 'Never') return 'preemptionPolicy=Never';
  const nominated = pod.status?.nominatedNodeName ?? '';
  if (nominated === '') return undefined;
  if ((nominatedStatus?.code ?? 'UnschedulableAndUnresolvable') === 'UnschedulableAndUnresolvable') return undefined;
  const node = nodes.find((n) => n.node.metadata?.name === nominated);
  if (node?.pods.some((p) => mayPreempt(p, pod) && terminatingByPreemption(p))) return 'terminating pod on nominated node';
  return undefined;
}

/**
 * getLowerPriorityNominatedPods: the pods nominated to `node` that the preemptor outranks. They
 * may no longer fit there once the preemptor takes it, so Kubernetes clears their nomination.
 */
export function lowerPriorityNominatedPods(preemptor: Pod, node: string, pending: readonly Pod[]): Pod[] {
  return pending.filter((p) => p.status?.nominatedNodeName === node && mayPreempt(p, preemptor));
}

/** The condition to patch onto a victim before deleting it, as the scheduler words it. */
export function preemptionCondition(preemptor: Pod, lastTransitionTime: string) {
  return {
    type: DISRUPTION_TARGET,
    status: 'True',
    reason: PREEMPTION_BY_SCHEDULER,
    message: `${preemptor.spec?.schedulerName ?? 'default-scheduler'}: preempting to accommodate a higher priority pod`,
    lastTransitionTime,
  };
}
