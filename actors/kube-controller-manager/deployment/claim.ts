// Which ReplicaSets a Deployment owns, as ControllerRefManager.ClaimReplicaSets decides: its own
// that still match its selector; orphans that match are adopted (an ownerReference patched in);
// its own that no longer match are released (the reference patched out). A Deployment being
// deleted adopts nothing.

import type { ApiCall } from '../../../protocols/kube/api.ts';
import { type LabelSelector, labelSelectorAsSelector, matchesLabels } from '../../../protocols/kube/validation/index.ts';
import { patchCall } from '../../client/index.ts';
import type { Deployment, ReplicaSet } from './types.ts';

export function selectorOfDeployment(d: Deployment): LabelSelector | undefined {
  const parsed = labelSelectorAsSelector(d.spec?.selector);
  return parsed.ok ? parsed.value : undefined;
}

export function controllerRefOf(o: { metadata?: { ownerReferences?: { controller?: boolean; uid: string; kind: string; name: string }[] } }) {
  return (o.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
}

export interface Claimed {
  readonly owned: ReplicaSet[];
  /** Adoption and release patches; the sync stops after sending them and resumes on their echo. */
  readonly patches: ApiCall[];
}

export function claimReplicaSets(d: Deployment, selector: LabelSelector, inNamespace: readonly ReplicaSet[]): Claimed {
  const uid = d.metadata!.uid!;
  const deleting = d.metadata?.deletionTimestamp !== undefined;
  const owned: ReplicaSet[] = [];
  const patches: ApiCall[] = [];
  for (const rs of inNamespace) {
    const ref = controllerRefOf(rs);
    const matches = matchesLabels(selector, rs.metadata?.labels ?? {});
    const where = { namespace: rs.metadata!.namespace! };
    if (ref !== undefined) {
      if (ref.uid !== uid) continue;
      if (matches) owned.push(rs);
      else if (!deleting) {
        const patch = { metadata: { ownerReferences: [{ $patch: 'delete', uid }], uid: rs.metadata!.uid } };
        patches.push(patchCall('replicasets', rs.metadata!.name!, 'strategic', JSON.stringify(patch), where));
      }
      continue;
    }
    if (deleting || !matches || rs.metadata?.deletionTimestamp !== undefined) continue;
    const controllerRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata!.name!, uid, controller: true, blockOwnerDeletion: true };
    const patch = { metadata: { ownerReferences: [controllerRef], uid: rs.metadata!.uid } };
    patches.push(patchCall('replicasets', rs.metadata!.name!, 'strategic', JSON.stringify(patch), where));
  }
  return { owned, patches };
}
