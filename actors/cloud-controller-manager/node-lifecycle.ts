// The cloud node lifecycle controller: every nodeMonitorPeriod (5 s) each node that is not Ready
// is checked against the cloud. A node whose instance is gone is deleted (event DeletingNode); one
// whose instance is shut down gets the NoSchedule taint node.cloudprovider.kubernetes.io/shutdown,
// which is taken off again once the node is Ready. Ready nodes are not asked about.

import { deleteCall, type Listers, updateCall } from '../client/index.ts';
import type { CloudReconcileResult } from './cloud-loop.ts';
import { hasTaint, type NodeObject, readyStatus, SHUTDOWN_TAINT, withoutTaint, withTaints } from './nodes.ts';
import type { CloudView } from './view.ts';

export const NODE_MONITOR_PERIOD_MS = 5_000;

export function reconcileNodeLifecycle(key: string, listers: Listers, view: CloudView, now: number): CloudReconcileResult {
  const node = listers.nodes!.get(key) as NodeObject | undefined;
  if (node === undefined) return { writes: [] };
  const requeueAfter = NODE_MONITOR_PERIOD_MS;
  if (readyStatus(node) === 'True') return { writes: hasTaint(node, SHUTDOWN_TAINT) ? [updateCall(withoutTaint(node, SHUTDOWN_TAINT))] : [], requeueAfter };

  const name = node.metadata.name!;
  const entry = view.instances[name];
  if (entry === undefined || now - entry.at >= NODE_MONITOR_PERIOD_MS) {
    return { writes: [], cloud: [{ call: { type: 'InstanceMetadata', nodeName: name, ...(node.spec?.providerID ? { providerID: node.spec.providerID } : {}) } }], requeueAfter };
  }
  if (entry.metadata === null) {
    const ref = { apiVersion: 'v1', kind: 'Node', name, ...(node.metadata.uid ? { uid: node.metadata.uid } : {}) };
    return {
      writes: [deleteCall('nodes', name)],
      events: [{ ref, type: 'Normal', reason: 'DeletingNode', message: `Deleting node ${name} because it does not exist in the cloud provider` }],
    };
  }
  if (entry.metadata.state === 'shutdown' && !hasTaint(node, SHUTDOWN_TAINT)) {
    return { writes: [updateCall(withTaints(node, [...(node.spec?.taints ?? []), { key: SHUTDOWN_TAINT, effect: 'NoSchedule' }]))], requeueAfter };
  }
  return { writes: [], requeueAfter: NODE_MONITOR_PERIOD_MS - (now - entry.at) };
}

