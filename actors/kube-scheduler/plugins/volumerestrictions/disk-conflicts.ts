// The inline-volume disk conflicts of VolumeRestrictions (1.32): a node cannot take a pod whose
// GCE PD, AWS EBS, iSCSI or Ceph RBD volume is already mounted there by another pod, unless the
// source allows shared read-only mounts and both mounts are read-only. EBS allows no sharing at all.

import type { Volume } from 'kubernetes-types/core/v1.d.ts';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import type { NodeInfo } from '../../framework/types.ts';

/** Only these sources are checked; a pod without them skips the check. */
export const needsRestrictionsCheck = (v: Volume): boolean =>
  v.gcePersistentDisk !== undefined || v.awsElasticBlockStore !== undefined || v.rbd !== undefined || v.iscsi !== undefined;

const bothReadOnly = (a: { readOnly?: boolean }, b: { readOnly?: boolean }): boolean => a.readOnly === true && b.readOnly === true;

/** The pool the apiserver defaults an RBD source to, so a stored object always names one. */
const RBD_DEFAULT_POOL = 'rbd';

function conflicts(v: Volume, e: Volume): boolean {
  if (v.gcePersistentDisk && e.gcePersistentDisk) {
    if (v.gcePersistentDisk.pdName === e.gcePersistentDisk.pdName && !bothReadOnly(v.gcePersistentDisk, e.gcePersistentDisk)) return true;
  }
  if (v.awsElasticBlockStore && e.awsElasticBlockStore) {
    if (v.awsElasticBlockStore.volumeID === e.awsElasticBlockStore.volumeID) return true;
  }
  if (v.iscsi && e.iscsi) {
    if (v.iscsi.iqn === e.iscsi.iqn && !bothReadOnly(v.iscsi, e.iscsi)) return true;
  }
  if (v.rbd && e.rbd) {
    const monitors = new Set(v.rbd.monitors ?? []);
    const sharesMonitor = (e.rbd.monitors ?? []).some((m) => monitors.has(m));
    const samePool = (v.rbd.pool ?? RBD_DEFAULT_POOL) === (e.rbd.pool ?? RBD_DEFAULT_POOL);
    if (sharesMonitor && samePool && v.rbd.image === e.rbd.image && !bothReadOnly(v.rbd, e.rbd)) return true;
  }
  return false;
}

/** isVolumeConflict: whether `volume` clashes with any volume of `existing`. */
export const isVolumeConflict = (volume: Volume, existing: Pod): boolean => (existing.spec?.volumes ?? []).some((e) => conflicts(volume, e));

/** satisfyVolumeConflicts: no checked volume of the pod clashes with a pod already on the node. */
export function satisfiesVolumeConflicts(pod: Pod, node: NodeInfo): boolean {
  for (const v of pod.spec?.volumes ?? []) {
    if (!needsRestrictionsCheck(v)) continue;
    if (node.pods.some((p) => isVolumeConflict(v, p))) return false;
  }
  return true;
}
