// NodeVolumeLimits (Kubernetes 1.32, the CSI limits plugin): a pod fits a node only if, for every
// CSI driver, the distinct volumes already attached there by its pods plus the pod's new ones stay
// within the driver's limit: the node's CSINode spec.drivers[].allocatable.count, or a legacy
// "attachable-volumes-*" allocatable on the Node. A volume shared with a pod already on the node is
// not new; a node with no limits fits any pod. VolumeAttachments are not counted (1.33 added that).

import type { CSINode, Pod } from '../../../../protocols/kube/objects.ts';
import { clusterOf, type CycleState, type FilterPlugin, type NodeInfo, type PluginStatus, type PreFilterPlugin, SUCCESS } from '../../framework/types.ts';
import { attachableVolumes, csiAttachLimitKey, type VolumeSet } from './attachable.ts';
import { inTreePluginOf } from './migration.ts';

export const NODE_VOLUME_LIMITS = 'NodeVolumeLimits';
export const ERR_REASON_MAX_VOLUME_COUNT_EXCEEDED = 'node(s) exceed max volume count';
const ATTACHABLE_VOLUMES_PREFIX = 'attachable-volumes-';

/** getVolumeLimits: the Node's attachable-volumes-* allocatable, overridden by the CSINode's counts. */
export function volumeLimits(node: NodeInfo, csiNode: CSINode | undefined): Map<string, number> {
  const limits = new Map<string, number>();
  for (const [name, v] of Object.entries(node.allocatable.scalar)) if (name.startsWith(ATTACHABLE_VOLUMES_PREFIX)) limits.set(name, v);
  for (const d of csiNode?.spec?.drivers ?? []) {
    const count = d.allocatable?.count;
    if (count !== undefined && count !== null) limits.set(csiAttachLimitKey(d.name), count);
  }
  return limits;
}

const countByKey = (volumes: Iterable<string>): Map<string, number> => {
  const out = new Map<string, number>();
  for (const key of volumes) out.set(key, (out.get(key) ?? 0) + 1);
  return out;
};

export const nodeVolumeLimits: PreFilterPlugin & FilterPlugin = {
  name: NODE_VOLUME_LIMITS,

  preFilter(_state: CycleState, pod: Pod) {
    const counted = (pod.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim !== undefined || v.ephemeral !== undefined || inTreePluginOf(v) !== undefined);
    return { status: counted ? SUCCESS : { code: 'Skip', reasons: [] } };
  },

  filter(state: CycleState, pod: Pod, node: NodeInfo): PluginStatus {
    if ((pod.spec?.volumes ?? []).length === 0) return SUCCESS;
    const cluster = clusterOf(state);
    if (cluster === undefined) return { code: 'Error', reasons: ['cluster objects missing from the cycle state'] };
    // No CSINode yet (a node still registering its drivers): the Node's own limits alone apply.
    const csiNode = cluster.csiNode?.(node.node.metadata?.name ?? '');
    const newVolumes: VolumeSet = new Map();
    const err = attachableVolumes(cluster, pod, csiNode, true, newVolumes);
    if (err !== undefined) return { code: err.notFound ? 'UnschedulableAndUnresolvable' : 'Error', reasons: [err.message] };
    if (newVolumes.size === 0) return SUCCESS;
    const limits = volumeLimits(node, csiNode);
    if (limits.size === 0) return SUCCESS;
    const attached: VolumeSet = new Map();
    for (const existing of node.pods) {
      const e = attachableVolumes(cluster, existing, csiNode, false, attached);
      if (e !== undefined) return { code: 'Error', reasons: [e.message] };
    }
    for (const name of attached.keys()) newVolumes.delete(name);
    const attachedCount = countByKey(attached.values());
    for (const [key, count] of countByKey(newVolumes.values())) {
      const max = limits.get(key);
      if (max !== undefined && (attachedCount.get(key) ?? 0) + count > max) return { code: 'Unschedulable', reasons: [ERR_REASON_MAX_VOLUME_COUNT_EXCEEDED] };
    }
    return SUCCESS;
  },
};
