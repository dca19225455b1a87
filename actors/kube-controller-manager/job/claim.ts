// ClaimPods for Jobs (PodControllerRefManager): a pod that matches the Job's selector and has no
// controller is adopted (owner reference and tracking finalizer patched on, the pod's uid in the
// patch so a recreated pod is not taken by mistake); a pod the Job controls that no longer
// matches is released. A Job being deleted adopts nothing.

import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { Job, KubeObject, Pod } from '../../../protocols/kube/objects.ts';
import { labelSelectorAsSelector, matchesLabels } from '../../../protocols/kube/validation/index.ts';
import { keyOf, type Listers, type Notification, patchCall } from '../../client/index.ts';
import { hasFinalizer, TRACKING_FINALIZER } from './pods.ts';

export interface Claimed {
  /** The pods the Job controls after the claim, adopted ones as they will be. */
  readonly pods: readonly Pod[];
  readonly writes: readonly ApiCall[];
}

export function claimPods(job: Job, inNamespace: readonly Pod[]): Claimed {
  const uid = job.metadata!.uid!;
  const parsed = labelSelectorAsSelector(job.spec?.selector);
  const matches = (p: Pod) => parsed.ok && matchesLabels(parsed.value, p.metadata?.labels ?? {});
  const pods: Pod[] = [];
  const writes: ApiCall[] = [];
  const where = { namespace: job.metadata!.namespace! };
  for (const p of inNamespace) {
    const ctrl = (p.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
    if (ctrl?.uid === uid) {
      if (matches(p) || p.metadata?.deletionTimestamp !== undefined) pods.push(p);
      else writes.push(patchCall('pods', p.metadata!.name!, 'strategic', JSON.stringify({ metadata: { ownerReferences: [{ $patch: 'delete', uid }], uid: p.metadata!.uid } }), where));
      continue;
    }
    if (ctrl !== undefined || !matches(p) || p.metadata?.deletionTimestamp !== undefined || job.metadata?.deletionTimestamp !== undefined) continue;
    const ref = { apiVersion: 'batch/v1', kind: 'Job', name: job.metadata!.name!, uid, controller: true, blockOwnerDeletion: true };
    writes.push(patchCall('pods', p.metadata!.name!, 'strategic', JSON.stringify({ metadata: { ownerReferences: [ref], uid: p.metadata!.uid, finalizers: [TRACKING_FINALIZER] } }), where));
    const finalizers = hasFinalizer(p) ? p.metadata!.finalizers! : [...(p.metadata?.finalizers ?? []), TRACKING_FINALIZER];
    pods.push({ ...(p as KubeObject), metadata: { ...p.metadata!, ownerReferences: [...(p.metadata?.ownerReferences ?? []), ref], finalizers } } as Pod);
  }
  return { pods, writes };
}

/** getPodJobs: a pod without a controller wakes the Jobs whose selector matches it, to be adopted. */
export function adopterKeys(n: Notification, listers: Listers): string[] {
  if (n.type === 'delete' || (n.obj.metadata.ownerReferences ?? []).some((r) => r.controller === true)) return [];
  const labels = n.obj.metadata.labels ?? {};
  return (listers.jobs!.namespace(n.obj.metadata.namespace!).list() as Job[])
    .filter((j) => {
      const sel = labelSelectorAsSelector(j.spec?.selector);
      return sel.ok && matchesLabels(sel.value, labels);
    })
    .map((j) => keyOf(j as KubeObject));
}
