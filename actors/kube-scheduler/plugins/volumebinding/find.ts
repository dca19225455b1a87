// FindPodVolumes (Kubernetes 1.32) for one node: bound claims' volumes must exist and accept the
// node; each unbound WaitForFirstConsumer claim gets an Available matching volume (claims tried
// smallest request first, a volume used once) or, failing that, must be provisionable there: its
// class names a provisioner and allows the node's topology. A claim the scheduler already chose a
// node for only fits that node.

import type { Node, PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../../../protocols/kube/objects.ts';
import {
  ANN_SELECTED_NODE,
  checkVolumeNodeAffinity,
  claimClass,
  findMatchingVolume,
  NOT_SUPPORTED_PROVISIONER,
  requestedStorage,
  topologyTermsMatch,
} from '../../../../protocols/kube/volume-matching.ts';
import type { PodVolumeClaims } from './claims.ts';

export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_REASON_NOT_ENOUGH_SPACE = 'node(s) did not have enough free storage';
export const ERR_REASON_PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';

export interface StaticBinding {
  readonly pv: PersistentVolume;
  readonly pvc: PersistentVolumeClaim;
}

export interface PodVolumes {
  readonly staticBindings: readonly StaticBinding[];
  readonly dynamicProvisions: readonly PersistentVolumeClaim[];
}

export type FindResult = { readonly error: string } | { readonly reasons: readonly string[]; readonly podVolumes: PodVolumes };

interface Lookup {
  volume(name: string): PersistentVolume | undefined;
  storageClass(name: string): StorageClass | undefined;
}

function checkBoundClaims(claims: readonly PersistentVolumeClaim[], node: Node, lookup: Lookup): { satisfied: boolean; found: boolean } {
  for (const claim of claims) {
    const pv = lookup.volume(claim.spec!.volumeName!);
    if (pv === undefined) return { satisfied: true, found: false };
    if (checkVolumeNodeAffinity(pv, node.metadata?.labels ?? {}) !== undefined) return { satisfied: false, found: true };
  }
  return { satisfied: true, found: true };
}

/** checkVolumeProvisions: whether every claim can be provisioned on the node, or the error. */
function checkProvisions(claims: readonly PersistentVolumeClaim[], node: Node, lookup: Lookup): { error: string } | { satisfied: boolean } {
  for (const claim of claims) {
    const name = claimClass(claim);
    if (name === '') return { error: `no class for claim "${claim.metadata?.namespace}/${claim.metadata?.name}"` };
    const cls = lookup.storageClass(name);
    if (cls === undefined) return { error: `failed to find storage class "${name}"` };
    if (!cls.provisioner || cls.provisioner === NOT_SUPPORTED_PROVISIONER) return { satisfied: false };
    if (!topologyTermsMatch(cls.allowedTopologies, node.metadata?.labels ?? {})) return { satisfied: false };
  }
  return { satisfied: true };
}

export function findPodVolumes(claims: PodVolumeClaims, node: Node, lookup: Lookup): FindResult {
  let boundSatisfied = true;
  let boundFound = true;
  let unboundSatisfied = true;
  const staticBindings: StaticBinding[] = [];
  let dynamicProvisions: PersistentVolumeClaim[] = [];
  const reasons = (): string[] => [
    ...(boundSatisfied ? [] : [ERR_REASON_NODE_CONFLICT]),
    ...(unboundSatisfied ? [] : [ERR_REASON_BIND_CONFLICT]),
    ...(boundFound ? [] : [ERR_REASON_PV_NOT_EXIST]),
  ];
  if (claims.bound.length > 0) ({ satisfied: boundSatisfied, found: boundFound } = checkBoundClaims(claims.bound, node, lookup));
  if (claims.delayBinding.length > 0) {
    const toMatch: PersistentVolumeClaim[] = [];
    const toProvision: PersistentVolumeClaim[] = [];
    for (const claim of claims.delayBinding) {
      const selected = claim.metadata?.annotations?.[ANN_SELECTED_NODE];
      if (selected === undefined) toMatch.push(claim);
      else if (selected !== node.metadata?.name) {
        unboundSatisfied = false;
        return { reasons: reasons(), podVolumes: { staticBindings, dynamicProvisions } };
      } else toProvision.push(claim);
    }
    // Smallest requests first, so each gets the smallest volume that fits it.
    const sorted = [...toMatch].sort((a, b) => (requestedStorage(a) < requestedStorage(b) ? -1 : requestedStorage(a) > requestedStorage(b) ? 1 : 0));
    const chosen = new Set<string>();
    for (const claim of sorted) {
      const pv = findMatchingVolume(claim, claims.volumesByClass.get(claimClass(claim)) ?? [], { node, excluded: chosen, delayBinding: true });
      if (pv === undefined) {
        unboundSatisfied = false;
        toProvision.push(claim);
        continue;
      }
      chosen.add(pv.metadata!.name!);
      staticBindings.push({ pv, pvc: claim });
    }
    if (toProvision.length > 0) {
      const p = checkProvisions(toProvision, node, lookup);
      if ('error' in p) return { error: p.error };
      unboundSatisfied = p.satisfied;
      if (p.satisfied) dynamicProvisions = toProvision;
    }
  }
  return { reasons: reasons(), podVolumes: { staticBindings, dynamicProvisions } };
}
