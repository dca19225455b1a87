// NodeUnschedulable (Kubernetes 1.32): a cordoned node (spec.unschedulable) takes only pods that
// tolerate the node.kubernetes.io/unschedulable:NoSchedule taint, which is how DaemonSet pods
// still land on cordoned nodes.

import type { Pod } from '../../../protocols/kube/objects.ts';
import { type CycleState, type FilterPlugin, type NodeInfo, type PluginStatus, SUCCESS } from '../framework/types.ts';
import { tolerationsTolerateTaint } from './tainttoleration.ts';

// A local copy: tsx's CommonJS output turns each read of an imported binding into a getter call.
const OK = SUCCESS;

export const NODE_UNSCHEDULABLE = 'NodeUnschedulable';
export const NODE_UNSCHEDULABLE_REASON = 'node(s) were unschedulable';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

export const nodeUnschedulable: FilterPlugin = {
  name: NODE_UNSCHEDULABLE,
  filter(_state: CycleState, pod: Pod, node: NodeInfo): PluginStatus {
    if (!node.node.spec?.unschedulable) return OK;
    const tolerated = tolerationsTolerateTaint(pod.spec?.tolerations, { key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });
    return tolerated ? SUCCESS : { code: 'UnschedulableAndUnresolvable', reasons: [NODE_UNSCHEDULABLE_REASON] };
  },
};
