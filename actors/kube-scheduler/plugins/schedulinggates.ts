// SchedulingGates (Kubernetes 1.32): PreEnqueue keeps a pod that carries spec.schedulingGates out
// of the active queue until every gate is removed; the queue then reports the pod as
// PodScheduled=False with reason SchedulingGated.

import type { Pod } from '../../../protocols/kube/objects.ts';
import { type PluginStatus, type PreEnqueuePlugin, SUCCESS } from '../framework/types.ts';

export const SCHEDULING_GATES = 'SchedulingGates';
/** The PodScheduled condition's reason for a gated pod. */
export const POD_REASON_SCHEDULING_GATED = 'SchedulingGated';


export const schedulingGates: PreEnqueuePlugin = {
  name: SCHEDULING_GATES,
  preEnqueue(pod: Pod): PluginStatus {
    const gates = (pod.spec?.schedulingGates ?? []).map((g) => g.name);
    if (gates.length === 0) return SUCCESS;
    // Go's %v of a []string: the names space-separated in brackets.
    return { code: 'UnschedulableAndUnresolvable', reasons: [`waiting for scheduling gates: [${gates.join(' ')}]`] };
  },
};
