// The attachable volumes of a pod as NodeVolumeLimits counts them (filterAttachableVolumes, 1.32):
// each PVC-backed or generic ephemeral volume is named "<driver>/<volume handle>" from its bound
// PV's CSI source (an in-tree PV translated when the node counts that plugin), or, while the claim
// is unbound, from its StorageClass's provisioner with a handle made from the claim's name; inline
// in-tree volumes count when the node counts their plugin. Each maps to its driver's limit key.

import { createHash } from 'node:crypto';
import type { Volume } from 'kubernetes-types/core/v1.d.ts';
import type { CSINode, PersistentVolumeClaim, Pod } from '../../../../protocols/kube/objects.ts';
import { claimClass } from '../../../../protocols/kube/volume-matching.ts';
import type { ClusterObjects } from '../../framework/types.ts';
import { inTreePluginOf, isCSIMigrationOn, pluginByName, translate } from './migration.ts';

export const CSI_ATTACH_LIMIT_PREFIX = 'attachable-volumes-csi-';
const RESOURCE_NAME_LENGTH_LIMIT = 63;
/** Stands in for the real plugin's random per-instance prefix: a handle no real volume has. */
const PENDING_HANDLE_PREFIX = 'unbound-claim';

/** GetCSIAttachLimitKey: the resource name a driver's limit is kept under; long names are cut and hashed. */
export function csiAttachLimitKey(driver: string): string {
  if (CSI_ATTACH_LIMIT_PREFIX.length + driver.length < RESOURCE_NAME_LENGTH_LIMIT) return CSI_ATTACH_LIMIT_PREFIX + driver;
  const hashed = createHash('sha1').update(driver).digest('hex').slice(0, 16);
  return CSI_ATTACH_LIMIT_PREFIX + driver.slice(0, 23) + hashed;
}

/** A failure to count: `notFound` when the pod's own claim is missing (unresolvable), else an error. */
export interface CountError {
  readonly message: string;
  readonly notFound: boolean;
}

/** Unique volume name → limit key. */
export type VolumeSet = Map<string, string>;

function driverInfoFromClass(cluster: ClusterObjects, csiNode: CSINode | undefined, pvc: PersistentVolumeClaim): [string, string] | undefined {
  const cls = claimClass(pvc);
  // No class: an Immediate claim, bound before scheduling; nothing to count yet.
  if (cls === '') return undefined;
  const sc = cluster.storageClass(cls);
  if (sc === undefined) return undefined;
  const handle = `${PENDING_HANDLE_PREFIX}-${pvc.metadata?.namespace ?? ''}/${pvc.metadata?.name ?? ''}`;
  const provisioner = sc.provisioner ?? '';
  const plugin = pluginByName(provisioner);
  if (plugin === undefined) return [provisioner, handle];
  return isCSIMigrationOn(csiNode, plugin) ? [plugin.driver, handle] : undefined;
}

/** getCSIDriverInfo: the driver and volume handle of a claim, or undefined when it is not counted. */
function driverInfo(cluster: ClusterObjects, csiNode: CSINode | undefined, pvc: PersistentVolumeClaim): [string, string] | undefined {
  const pvName = pvc.spec?.volumeName ?? '';
  const pv = pvName === '' ? undefined : cluster.persistentVolumes().find((p) => p.metadata?.name === pvName);
  if (pv === undefined) return driverInfoFromClass(cluster, csiNode, pvc);
  const csi = pv.spec?.csi;
  if (csi !== undefined) return [csi.driver, csi.volumeHandle];
  const plugin = inTreePluginOf(pv.spec);
  if (plugin === undefined || !isCSIMigrationOn(csiNode, plugin)) return undefined;
  const t = translate(plugin, pv.spec!, pv);
  return 'error' in t ? undefined : [plugin.driver, t.handle];
}

function inlineVolume(csiNode: CSINode | undefined, vol: Volume, result: VolumeSet): CountError | undefined {
  const plugin = inTreePluginOf(vol);
  if (plugin === undefined || !isCSIMigrationOn(csiNode, plugin)) return undefined;
  const t = translate(plugin, vol);
  if ('error' in t) return { message: `converting volume(${vol.name}) from inline to csi: ${t.error}`, notFound: false };
  result.set(`${plugin.driver}/${t.handle}`, csiAttachLimitKey(plugin.driver));
  return undefined;
}

/** metav1.IsControlledBy: the claim's controller owner reference is the pod. */
const ownedBy = (pvc: PersistentVolumeClaim, pod: Pod): boolean =>
  (pvc.metadata?.ownerReferences ?? []).some((r) => r.controller === true && r.uid === pod.metadata?.uid);

/**
 * Adds the pod's attachable volumes to `result`. For the pod being scheduled (`newPod`) a missing
 * claim is an error, since it cannot run without it; a pod already on the node is counted as far
 * as its claims can be read.
 */
export function attachableVolumes(cluster: ClusterObjects, pod: Pod, csiNode: CSINode | undefined, newPod: boolean, result: VolumeSet): CountError | undefined {
  const ns = pod.metadata?.namespace ?? '';
  for (const vol of pod.spec?.volumes ?? []) {
    let pvcName: string;
    if (vol.persistentVolumeClaim) pvcName = vol.persistentVolumeClaim.claimName;
    else if (vol.ephemeral) pvcName = `${pod.metadata?.name ?? ''}-${vol.name}`;
    else {
      const err = inlineVolume(csiNode, vol, result);
      if (err !== undefined) return err;
      continue;
    }
    if (pvcName === '') return { message: 'PersistentVolumeClaim had no name', notFound: false };
    const pvc = cluster.persistentVolumeClaim(ns, pvcName);
    if (pvc === undefined) {
      if (newPod) return { message: `looking up PVC ${ns}/${pvcName}: persistentvolumeclaim "${pvcName}" not found`, notFound: true };
      continue;
    }
    if (vol.ephemeral && ((pvc.metadata?.namespace ?? '') !== ns || !ownedBy(pvc, pod))) {
      return { message: `PVC ${pvc.metadata?.namespace ?? ''}/${pvcName} was not created for pod ${ns}/${pod.metadata?.name ?? ''} (pod is not owner)`, notFound: false };
    }
    const info = driverInfo(cluster, csiNode, pvc);
    if (info === undefined || info[0] === '' || info[1] === '') continue;
    result.set(`${info[0]}/${info[1]}`, csiAttachLimitKey(info[0]));
  }
  return undefined;
}
