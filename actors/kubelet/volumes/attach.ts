// The kubelet's half of controller-managed attach/detach (its node carries
// volumes.kubernetes.io/controller-managed-attach-detach: "true"). A pod volume on a
// PersistentVolume is attachable: the kubelet reports it in node status.volumesInUse from the
// moment a pod on the node wants it until that pod no longer mounts it, and mounts it only once
// the volume is both reported in use and listed in status.volumesAttached (the attach/detach
// controller's record), as VerifyControllerAttachedVolume requires. Until then the pod's sync
// stops before its sandbox, as WaitForAttachAndMount does, and every podAttachAndMountTimeout
// the wait ends in a FailedMount event naming the volumes still waiting.

import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { Lookup } from './payload.ts';

/** podAttachAndMountTimeout: 2 min, offset by 3 s in Kubernetes to make it recognizable. */
export const POD_ATTACH_AND_MOUNT_TIMEOUT_MS = 2 * 60_000 + 3_000;

/** A pod volume on a PersistentVolume; `uniqueName` undefined while the PV could not be read. */
export interface AttachableVolume {
  /** The pod's name for the volume (spec.volumes[].name), as the kubelet's messages show it. */
  readonly volume: string;
  readonly pv: string;
  readonly uniqueName: string | undefined;
}

/**
 * The volume sources and the plugin part of the unique name the attach/detach controller gives a
 * PV (`kybernetes.io/<plugin>/<pv>`); both sides must agree, so this mirrors its table.
 */
const SOURCES = ['hostPath', 'local', 'csi', 'nfs', 'iscsi', 'fc', 'rbd', 'cephfs', 'gcePersistentDisk', 'awsElasticBlockStore', 'azureDisk'];

export function uniqueVolumeName(pv: PersistentVolume): string {
  const spec = (pv.spec ?? {}) as Record<string, unknown>;
  const source = SOURCES.find((s) => spec[s] !== undefined && spec[s] !== null) ?? 'pv';
  return `kybernetes.io/${source === 'hostPath' ? 'host-path' : source}/${pv.metadata?.name}`;
}

/** The pod's volumes whose claims are bound to a PV, in spec order. */
export function attachableVolumes(pod: Pod, claims: Lookup<PersistentVolumeClaim>, volumes: (name: string) => PersistentVolume | undefined): AttachableVolume[] {
  const ns = pod.metadata?.namespace ?? 'default';
  const out: AttachableVolume[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (!v.persistentVolumeClaim) continue;
    const claim = claims(ns, v.persistentVolumeClaim.claimName);
    const pvName = claim?.spec?.volumeName;
    if (claim?.status?.phase !== 'Bound' || !pvName || claim.metadata?.deletionTimestamp) continue;
    const pv = volumes(pvName);
    out.push({ volume: v.name, pv: pvName, uniqueName: pv === undefined ? undefined : uniqueVolumeName(pv) });
  }
  return out;
}

/** What the kubelet last read of its Node: the controller's record and its own report. */
export interface NodeVolumes {
  readonly volumesAttached: readonly { readonly name: string }[] | undefined;
  readonly volumesInUse: readonly string[] | undefined;
}

export type AttachWait =
  | { readonly ready: true }
  | {
      readonly ready: false;
      /** When the current wait began (virtual ms): kept by the caller for the next check. */
      readonly since: number;
      /** When this wait times out: the caller checks again then at the latest. */
      readonly timeoutAt: number;
      readonly event?: { readonly reason: 'FailedMount'; readonly message: string };
    };

const list = (names: readonly string[]): string => `[${[...new Set(names)].sort().join(' ')}]`;

/**
 * Whether the pod's attachable volumes may be mounted now. `since` is when the pod began waiting
 * (undefined when it was not). A wait that reaches the timeout reports it and starts over, as
 * the next sync's WaitForAttachAndMount does.
 */
export function waitForAttach(needs: readonly AttachableVolume[], node: NodeVolumes, since: number | undefined, now: number): AttachWait {
  const attached = new Set((node.volumesAttached ?? []).map((a) => a.name));
  const inUse = new Set(node.volumesInUse ?? []);
  const pending = needs.filter((v) => v.uniqueName === undefined || !attached.has(v.uniqueName) || !inUse.has(v.uniqueName));
  if (pending.length === 0) return { ready: true };
  const start = since ?? now;
  if (now < start + POD_ATTACH_AND_MOUNT_TIMEOUT_MS) return { ready: false, since: start, timeoutAt: start + POD_ATTACH_AND_MOUNT_TIMEOUT_MS };
  // Nothing of these volumes is mounted before its attach is confirmed, so both lists name them.
  const names = pending.map((v) => v.volume);
  const message = `Unable to attach or mount volumes: unmounted volumes=${list(names)}, unattached volumes=${list(names)}: timed out waiting for the condition`;
  return { ready: false, since: now, timeoutAt: now + POD_ATTACH_AND_MOUNT_TIMEOUT_MS, event: { reason: 'FailedMount', message } };
}

/** One pod's claim on volumes: what it needs, and whether it (still) mounts or wants them. */
export interface PodVolumeUse {
  readonly volumes: readonly AttachableVolume[];
  readonly inUse: boolean;
}

/**
 * node status.volumesInUse: every attachable volume a pod wants or still has mounted, sorted
 * (GetVolumesInUse's order), so an unchanged set never rewrites the status.
 */
export function volumesInUse(pods: readonly PodVolumeUse[]): string[] {
  const names = new Set<string>();
  for (const p of pods) if (p.inUse) for (const v of p.volumes) if (v.uniqueName !== undefined) names.add(v.uniqueName);
  return [...names].sort();
}
