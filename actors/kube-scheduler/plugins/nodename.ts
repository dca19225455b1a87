// NodeName (Kubernetes 1.32): a pod that names its node in spec.nodeName fits only that node.

import type { Pod } from '../../../protocols/kube/objects.ts';
import { type CycleState, type FilterPlugin, type NodeInfo, type PluginStatus, SUCCESS } from '../framework/types.ts';

// A local copy: tsx's CommonJS output turns each read of an imported binding into a getter call.
const OK = SUCCESS;

export const NODE_NAME = 'NodeName';
export const NODE_NAME_REASON = "node(s) didn't match the requested node name";

export const nodeNameFits = (pod: Pod, node: NodeInfo): boolean => !pod.spec?.nodeName || pod.spec.nodeName === node.node.metadata?.name;

export const nodeName: FilterPlugin = {
  name: NODE_NAME,
  filter(_state: CycleState, pod: Pod, node: NodeInfo): PluginStatus {
    return nodeNameFits(pod, node) ? OK : { code: 'UnschedulableAndUnresolvable', reasons: [NODE_NAME_REASON] };
  },
};
