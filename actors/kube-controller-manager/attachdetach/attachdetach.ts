// The attach/detach controller (Kubernetes 1.32's attachdetach-controller), for the nodes whose
// kubelet lets it manage volumes (annotation volumes.kubernetes.io/controller-managed-attach-detach
// "true"): the desired state is every PersistentVolume a pod scheduled to the node uses through a
// bound claim, while the pod has not finished; the actual state is node.status.volumesAttached.
// A missing volume is attached (recorded there, an Event on each pod using it); one no pod wants is
// detached once the kubelet no longer reports it in volumesInUse, or after the six minutes
// Kubernetes waits for an unmount before detaching anyway. In the simulation every PV is
// attachable and attaching is only the record: there is no VolumeAttachment or CSI driver.

import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from '../../../protocols/kube/objects.ts';
import type { Listers, Notification, ReconcileResult } from '../../client/index.ts';
import { patchCall, referenceTo } from '../../client/index.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';

export const MANAGED_ANNOTATION = 'volumes.kubernetes.io/controller-managed-attach-detach';
/** maxWaitForUnmountDuration: how long a detach waits for the kubelet to unmount. */
export const MAX_WAIT_FOR_UNMOUNT_MS = 6 * 60_000;
const SOURCES = ['hostPath', 'local', 'csi', 'nfs', 'iscsi', 'fc', 'rbd', 'cephfs', 'gcePersistentDisk', 'awsElasticBlockStore', 'azureDisk'];

/** The attached volume's name: the source kind and the PV, as GetUniqueVolumeNameFromSpec makes `<plugin>/<volume>`. */
export function uniqueVolumeName(pv: PersistentVolume): string {
  const spec = (pv.spec ?? {}) as Record<string, unknown>;
  const source = SOURCES.find((s) => spec[s] !== undefined && spec[s] !== null) ?? 'pv';
  const plugin = source === 'hostPath' ? 'host-path' : source;
  return `kybernetes.io/${plugin}/${pv.metadata?.name}`;
}

export interface AttachMemory {
  /** When a detach of `node|volume` first waited for an unmount (virtual ms). */
  unmountWaitSince: Record<string, number>;
  [k: string]: unknown;
}

/** The PVs a pod uses through claims that are bound. */
export function podVolumes(pod: Pod, listers: Listers): PersistentVolume[] {
  const ns = pod.metadata?.namespace ?? '';
  const out: PersistentVolume[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    const claimName = v.persistentVolumeClaim?.claimName ?? (v.ephemeral ? `${pod.metadata?.name}-${v.name}` : undefined);
    if (claimName === undefined) continue;
    const claim = listers.claims?.namespace(ns).get(claimName) as PersistentVolumeClaim | undefined;
    const volumeName = claim?.spec?.volumeName;
    if (!volumeName || claim?.status?.phase !== 'Bound') continue;
    const pv = listers.volumes?.get(volumeName) as PersistentVolume | undefined;
    if (pv) out.push(pv);
  }
  return out;
}

/** Not IsPodTerminated: not finished, and not being deleted with every container stopped. */
function active(p: Pod): boolean {
  if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') return false;
  const running = (p.status?.containerStatuses ?? []).some((c) => !c.state?.terminated && !c.state?.waiting);
  return !p.metadata?.deletionTimestamp || running;
}

export function attachDetachKeys(informer: string, n: Notification, listers: Listers): string[] {
  const objs = n.type === 'update' ? [n.obj, n.old] : [n.obj];
  const keys = new Set<string>();
  if (informer === 'nodes') keys.add(n.obj.metadata.name!);
  if (informer === 'pods') for (const p of objs as unknown as Pod[]) if (p.spec?.nodeName) keys.add(p.spec.nodeName);
  if (informer === 'claims') {
    // A claim becoming bound lets the pods already on nodes get its volume.
    const c = n.obj as unknown as PersistentVolumeClaim;
    for (const p of (listers.pods?.namespace(c.metadata!.namespace!).list() ?? []) as unknown as Pod[]) {
      if (p.spec?.nodeName && (p.spec.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === c.metadata?.name)) keys.add(p.spec.nodeName);
    }
  }
  return [...keys];
}

export function reconcileAttachDetach(nodeName: string, listers: Listers, now: number, memory: AttachMemory): ReconcileResult {
  const node = listers.nodes?.get(nodeName) as Node | undefined;
  if (node === undefined || node.metadata?.annotations?.[MANAGED_ANNOTATION] !== 'true') return { writes: [] };
  const pods = ((listers.pods?.list() ?? []) as unknown as Pod[]).filter((p) => p.spec?.nodeName === nodeName && active(p));
  const wanted = new Map<string, Pod[]>();
  for (const pod of pods) {
    for (const pv of podVolumes(pod, listers)) {
      const name = uniqueVolumeName(pv);
      wanted.set(name, [...(wanted.get(name) ?? []), pod]);
    }
  }
  const attached = node.status?.volumesAttached ?? [];
  const inUse = new Set(node.status?.volumesInUse ?? []);
  const keep = [];
  let requeueAfter: number | undefined;
  for (const a of attached) {
    const key = `${nodeName}|${a.name}`;
    if (wanted.has(a.name) || (inUse.has(a.name) && (memory.unmountWaitSince[key] ??= now) + MAX_WAIT_FOR_UNMOUNT_MS > now)) {
      if (!wanted.has(a.name)) requeueAfter = Math.min(requeueAfter ?? Infinity, memory.unmountWaitSince[key]! + MAX_WAIT_FOR_UNMOUNT_MS - now);
      else delete memory.unmountWaitSince[key];
      keep.push(a);
    } else delete memory.unmountWaitSince[key];
  }
  const have = new Set(attached.map((a) => a.name));
  const added = [...wanted.keys()].filter((n) => !have.has(n)).sort();
  const next = [...keep, ...added.map((name) => ({ name, devicePath: '' }))];
  const events = added.flatMap((name) =>
    wanted.get(name)!.map((pod) => ({
      ref: referenceTo(pod as unknown as KubeObject),
      type: 'Normal' as const,
      reason: 'SuccessfulAttachVolume',
      message: `AttachVolume.Attach succeeded for volume "${name.split('/').pop()}" `,
    })),
  );
  const changed = next.length !== attached.length || added.length > 0;
  const patch = JSON.stringify({ status: { volumesAttached: next.length > 0 ? next : null } });
  return {
    writes: changed ? [patchCall('nodes', nodeName, 'merge', patch, { subresource: 'status' })] : [],
    events,
    ...(requeueAfter === undefined ? {} : { requeueAfter }),
  };
}
