// What VolumeBinding's PreFilter learns of a pod's claims (podHasPVCs and GetPodVolumeClaims in
// Kubernetes 1.32): every claim the pod names must exist, not be Lost or being deleted (and a
// generic ephemeral volume's claim must be the pod's own); the claims are then split into fully
// bound ones, unbound ones of WaitForFirstConsumer classes (the scheduler binds those) and unbound
// immediate ones (the PV controller should have bound them: the pod cannot be scheduled yet).

import type { PersistentVolume, PersistentVolumeClaim, Pod } from '../../../../protocols/kube/objects.ts';
import { claimClass, claimFullyBound, volumeClass } from '../../../../protocols/kube/volume-matching.ts';
import type { ClusterObjects } from '../../framework/types.ts';

export interface PodVolumeClaims {
  readonly bound: readonly PersistentVolumeClaim[];
  readonly delayBinding: readonly PersistentVolumeClaim[];
  readonly immediate: readonly PersistentVolumeClaim[];
  /** The PVs of each delay-binding claim's class, as the PV cache lists them. */
  readonly volumesByClass: ReadonlyMap<string, readonly PersistentVolume[]>;
}

export type ClaimsResult =
  | { readonly kind: 'none' }
  | { readonly kind: 'unresolvable'; readonly reason: string }
  | { readonly kind: 'error'; readonly reason: string }
  | { readonly kind: 'claims'; readonly claims: PodVolumeClaims };

/** The claim a pod volume uses: its own claim name, or `<pod>-<volume>` for a generic ephemeral volume. */
function claimNameOf(pod: Pod, v: NonNullable<NonNullable<Pod['spec']>['volumes']>[number]): { name: string; ephemeral: boolean } | undefined {
  if (v.persistentVolumeClaim) return { name: v.persistentVolumeClaim.claimName, ephemeral: false };
  if (v.ephemeral) return { name: `${pod.metadata?.name}-${v.name}`, ephemeral: true };
  return undefined;
}

const ownedByPod = (claim: PersistentVolumeClaim, pod: Pod): boolean =>
  (claim.metadata?.ownerReferences ?? []).some((r) => r.controller === true && r.uid === pod.metadata?.uid);

/**
 * The pod's claims, with the cluster view `cluster` (which already holds the scheduler's assumed
 * objects): none when the pod uses no claim.
 */
export function podVolumeClaims(pod: Pod, cluster: ClusterObjects, volumes: readonly PersistentVolume[]): ClaimsResult {
  const ns = pod.metadata?.namespace ?? '';
  const claims: PersistentVolumeClaim[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    const ref = claimNameOf(pod, v);
    if (ref === undefined) continue;
    const claim = cluster.persistentVolumeClaim(ns, ref.name);
    if (claim === undefined) {
      return {
        kind: 'unresolvable',
        reason: ref.ephemeral ? `waiting for ephemeral volume controller to create the persistentvolumeclaim "${ref.name}"` : `persistentvolumeclaim "${ref.name}" not found`,
      };
    }
    if (claim.status?.phase === 'Lost') return { kind: 'unresolvable', reason: `persistentvolumeclaim "${ref.name}" bound to non-existent persistentvolume "${claim.spec?.volumeName ?? ''}"` };
    if (claim.metadata?.deletionTimestamp) return { kind: 'unresolvable', reason: `persistentvolumeclaim "${ref.name}" is being deleted` };
    if (ref.ephemeral && !ownedByPod(claim, pod)) return { kind: 'unresolvable', reason: `PVC ${ns}/${ref.name} was not created for pod ${ns}/${pod.metadata?.name} (pod is not owner)` };
    claims.push(claim);
  }
  if (claims.length === 0) return { kind: 'none' };
  const bound: PersistentVolumeClaim[] = [];
  const delayBinding: PersistentVolumeClaim[] = [];
  const immediate: PersistentVolumeClaim[] = [];
  for (const claim of claims) {
    if (claimFullyBound(claim)) {
      bound.push(claim);
      continue;
    }
    const cls = claimClass(claim);
    const sc = cls === '' ? undefined : cluster.storageClass(cls);
    if (sc !== undefined && !sc.volumeBindingMode) return { kind: 'error', reason: `VolumeBindingMode not set for StorageClass "${cls}"` };
    // A claim naming its volume is pre-bound: the PV controller binds it, as an immediate one.
    if (sc?.volumeBindingMode === 'WaitForFirstConsumer' && !claim.spec?.volumeName) delayBinding.push(claim);
    else immediate.push(claim);
  }
  const volumesByClass = new Map<string, PersistentVolume[]>();
  for (const claim of delayBinding) {
    const cls = claimClass(claim);
    if (!volumesByClass.has(cls)) volumesByClass.set(cls, volumes.filter((v) => volumeClass(v) === cls));
  }
  return { kind: 'claims', claims: { bound, delayBinding, immediate, volumesByClass } };
}
