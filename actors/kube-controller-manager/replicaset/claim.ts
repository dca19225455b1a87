// ClaimPods as PodControllerRefManager does it: a ReplicaSet keeps the pods it controls that its
// selector still matches, releases those it controls that no longer match, and adopts orphans that
// match, by strategic-merge patches of metadata.ownerReferences (merged by uid) carrying the pod's
// uid, so a patch meant for a pod never lands on a new pod of the same name. Pods controlled by
// anyone else are left alone. A ReplicaSet being deleted neither adopts nor releases.
//
// The patches are sent with the reconcile's other writes rather than awaited one by one: an
// adopted pod counts as this ReplicaSet's in this reconcile (had the patch failed, the key is
// requeued and the next reconcile sees the pod as it is).

import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { OwnerReference, Pod, ReplicaSet } from '../../../protocols/kube/objects.ts';
import { type LabelSelector, matchesLabels } from '../../../protocols/kube/validation/index.ts';
import { patchCall } from '../../client/index.ts';

/** metav1.NewControllerRef for a ReplicaSet. */
export function controllerRef(rs: ReplicaSet): OwnerReference {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata!.name!, uid: rs.metadata!.uid!, controller: true, blockOwnerDeletion: true };
}

/** GetControllerOf. */
export function controllerOf(obj: { readonly metadata?: { readonly ownerReferences?: readonly OwnerReference[] } }): OwnerReference | undefined {
  return (obj.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
}

function adoptPatch(rs: ReplicaSet, pod: Pod): ApiCall {
  const body = { metadata: { ownerReferences: [controllerRef(rs)], uid: pod.metadata!.uid } };
  return patchCall('pods', pod.metadata!.name!, 'strategic', JSON.stringify(body), { namespace: pod.metadata!.namespace! });
}

function releasePatch(rs: ReplicaSet, pod: Pod): ApiCall {
  const body = { metadata: { ownerReferences: [{ $patch: 'delete', uid: rs.metadata!.uid }], uid: pod.metadata!.uid } };
  return patchCall('pods', pod.metadata!.name!, 'strategic', JSON.stringify(body), { namespace: pod.metadata!.namespace! });
}

export interface Claim {
  /** The pods this ReplicaSet owns after the claim. */
  readonly claimed: Pod[];
  readonly patches: ApiCall[];
}

export function claimPods(rs: ReplicaSet, selector: LabelSelector, pods: readonly Pod[]): Claim {
  const claimed: Pod[] = [];
  const patches: ApiCall[] = [];
  const deleting = rs.metadata?.deletionTimestamp !== undefined;
  for (const pod of pods) {
    const matches = matchesLabels(selector, pod.metadata?.labels ?? {});
    const ref = controllerOf(pod);
    if (ref !== undefined) {
      if (ref.uid !== rs.metadata?.uid) continue;
      if (matches) claimed.push(pod);
      else if (!deleting) patches.push(releasePatch(rs, pod));
      continue;
    }
    if (deleting || !matches || pod.metadata?.deletionTimestamp !== undefined) continue;
    if ((rs.metadata?.namespace ?? '') !== '' && rs.metadata?.namespace !== pod.metadata?.namespace) continue;
    patches.push(adoptPatch(rs, pod));
    claimed.push(pod);
  }
  return { claimed, patches };
}
