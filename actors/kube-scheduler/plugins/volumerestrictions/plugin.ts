// VolumeRestrictions (Kubernetes 1.32): a pod may not land where one of its GCE PD, AWS EBS, iSCSI
// or RBD volumes is already mounted in a conflicting way (disk-conflicts.ts), and may not be
// scheduled at all while a ReadWriteOncePod claim of its is used by a pod on any node: the count of
// such uses is taken cluster-wide in PreFilter, so Filter rejects every node alike. Both rejections
// are Unschedulable, as preemption may free the disk or the claim; a missing claim is unresolvable.

import type { Pod } from '../../../../protocols/kube/objects.ts';
import { clusterOf, type CycleState, type FilterPlugin, type NodeInfo, type PluginStatus, type PreFilterPlugin, SUCCESS } from '../../framework/types.ts';
import { needsRestrictionsCheck, satisfiesVolumeConflicts } from './disk-conflicts.ts';

export const VOLUME_RESTRICTIONS = 'VolumeRestrictions';
export const ERR_REASON_DISK_CONFLICT = 'node(s) had no available disk';
export const ERR_REASON_RWOP_CONFLICT = 'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';
const STATE_KEY = `PreFilter${VOLUME_RESTRICTIONS}`;

interface PreFilterState {
  /** The pod's claims with the ReadWriteOncePod access mode. */
  readonly readWriteOncePodPVCs: ReadonlySet<string>;
  /** How many of them a scheduled (or assumed) pod already uses. */
  readonly conflictingPVCRefCount: number;
}

/** The namespace/name of every claim a pod on some node of the snapshot mounts (the snapshot's StorageInfos). */
function usedPVCs(nodes: readonly NodeInfo[]): Set<string> {
  const used = new Set<string>();
  for (const n of nodes) {
    for (const p of n.pods) {
      for (const v of p.spec?.volumes ?? []) {
        if (v.persistentVolumeClaim) used.add(`${p.metadata?.namespace ?? ''}/${v.persistentVolumeClaim.claimName}`);
      }
    }
  }
  return used;
}

function readWriteOncePodPVCs(state: CycleState, pod: Pod): { status: PluginStatus; pvcs?: Set<string> } {
  const cluster = clusterOf(state);
  if (cluster === undefined) return { status: { code: 'Error', reasons: ['cluster objects missing from the cycle state'] } };
  const ns = pod.metadata?.namespace ?? '';
  const pvcs = new Set<string>();
  for (const v of pod.spec?.volumes ?? []) {
    if (!v.persistentVolumeClaim) continue;
    const name = v.persistentVolumeClaim.claimName;
    const claim = cluster.persistentVolumeClaim(ns, name);
    if (claim === undefined) return { status: { code: 'UnschedulableAndUnresolvable', reasons: [`persistentvolumeclaim "${name}" not found`] } };
    if ((claim.spec?.accessModes ?? []).includes('ReadWriteOncePod')) pvcs.add(claim.metadata?.name ?? name);
  }
  return { status: SUCCESS, pvcs };
}

export const volumeRestrictions: PreFilterPlugin & FilterPlugin = {
  name: VOLUME_RESTRICTIONS,

  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]) {
    const needsCheck = (pod.spec?.volumes ?? []).some(needsRestrictionsCheck);
    const r = readWriteOncePodPVCs(state, pod);
    if (r.status.code !== 'Success') return { status: r.status };
    const ns = pod.metadata?.namespace ?? '';
    const used = r.pvcs!.size === 0 ? new Set<string>() : usedPVCs(nodes);
    const conflictingPVCRefCount = [...r.pvcs!].filter((name) => used.has(`${ns}/${name}`)).length;
    if (!needsCheck && conflictingPVCRefCount === 0) return { status: { code: 'Skip', reasons: [] } };
    state.set(STATE_KEY, { readWriteOncePodPVCs: r.pvcs!, conflictingPVCRefCount } satisfies PreFilterState);
    return { status: SUCCESS };
  },

  filter(state: CycleState, pod: Pod, node: NodeInfo): PluginStatus {
    if (!satisfiesVolumeConflicts(pod, node)) return { code: 'Unschedulable', reasons: [ERR_REASON_DISK_CONFLICT] };
    const s = state.get(STATE_KEY) as PreFilterState | undefined;
    if (s === undefined) return { code: 'Error', reasons: [`cannot read "${STATE_KEY}" from cycleState`] };
    return s.conflictingPVCRefCount > 0 ? { code: 'Unschedulable', reasons: [ERR_REASON_RWOP_CONFLICT] } : SUCCESS;
  },
};
