// A StatefulSet pod's stable identity, as pkg/controller/statefulset gives it: the name
// `<set>-<ordinal>`, the pod-name and pod-index labels, hostname and subdomain (the governing
// headless Service), and one PersistentVolumeClaim per volumeClaimTemplate named
// `<template>-<set>-<ordinal>`, mounted in place of any template volume of that name.

import type { KubeObject, OwnerReference, PersistentVolumeClaim, Pod, StatefulSet } from '../../../protocols/kube/objects.ts';
import { controllerRef, REVISION_HASH_LABEL } from '../history/revisions.ts';
import { podFromTemplate } from '../history/pods.ts';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

const ORDINAL = /^(.*)-([0-9]+)$/;

/** The parent's name and the ordinal a pod's name carries; ordinal -1 when it carries none. */
export function parentAndOrdinal(name: string): { parent: string; ordinal: number } {
  const m = ORDINAL.exec(name);
  if (m === null) return { parent: '', ordinal: -1 };
  const n = Number(m[2]);
  return Number.isSafeInteger(n) && n <= 0x7fffffff ? { parent: m[1]!, ordinal: n } : { parent: m[1]!, ordinal: -1 };
}

export const ordinalOf = (pod: KubeObject): number => parentAndOrdinal(pod.metadata.name ?? '').ordinal;
export const podName = (set: StatefulSet, ordinal: number): string => `${set.metadata!.name}-${ordinal}`;
export const claimName = (set: StatefulSet, template: string, ordinal: number): string => `${template}-${set.metadata!.name}-${ordinal}`;

/** spec.ordinals.start (StatefulSetStartOrdinal): the first ordinal; 0 by default. */
export const startOrdinal = (set: StatefulSet): number => set.spec?.ordinals?.start ?? 0;
export const replicasOf = (set: StatefulSet): number => set.spec?.replicas ?? 1;
export const inOrdinalRange = (set: StatefulSet, ordinal: number): boolean => ordinal >= startOrdinal(set) && ordinal < startOrdinal(set) + replicasOf(set);

export const podRevision = (pod: KubeObject): string => pod.metadata.labels?.[REVISION_HASH_LABEL] ?? '';

/** identityMatches: a pod whose name, namespace and identity labels are the set's for its ordinal. */
export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const { parent, ordinal } = parentAndOrdinal(pod.metadata!.name ?? '');
  return (
    ordinal >= 0 &&
    parent === set.metadata!.name &&
    pod.metadata!.namespace === set.metadata!.namespace &&
    pod.metadata!.labels?.[POD_NAME_LABEL] === pod.metadata!.name &&
    pod.metadata!.labels?.[POD_INDEX_LABEL] === String(ordinal)
  );
}

/** The pod with its identity labels put back (updateIdentity); hostname and subdomain are immutable and stay. */
export function withIdentity(pod: Pod): Pod {
  const ordinal = ordinalOf(pod as KubeObject);
  return { ...pod, metadata: { ...pod.metadata, labels: { ...pod.metadata!.labels, [POD_NAME_LABEL]: pod.metadata!.name!, [POD_INDEX_LABEL]: String(ordinal) } } };
}

/** The claims of the pod with `ordinal`, by template name, as the controller would create them. */
export function claimsFor(set: StatefulSet, ordinal: number): { template: string; claim: PersistentVolumeClaim }[] {
  return (set.spec?.volumeClaimTemplates ?? []).map((t) => {
    const template = t.metadata?.name ?? '';
    const claim: PersistentVolumeClaim = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: claimName(set, template, ordinal),
        namespace: set.metadata!.namespace!,
        labels: { ...t.metadata?.labels, ...set.spec?.selector?.matchLabels },
        ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
      },
      spec: structuredClone(t.spec ?? {}),
    };
    return { template, claim };
  });
}

/** A new pod of `template` for `ordinal` at `revision` (newStatefulSetPod, then setPodRevision). */
export function newStatefulSetPod(set: StatefulSet, template: Record<string, unknown>, ordinal: number, revision: string): Pod {
  const ns = set.metadata!.namespace!;
  const pod = podFromTemplate(template, ns, set.metadata!.name!, controllerRef(set as KubeObject, 'StatefulSet'));
  const name = podName(set, ordinal);
  const claims = claimsFor(set, ordinal);
  const claimed = new Set(claims.map((c) => c.template));
  const volumes = [
    ...claims.map((c) => ({ name: c.template, persistentVolumeClaim: { claimName: c.claim.metadata!.name! } })),
    ...(pod.spec?.volumes ?? []).filter((v) => !claimed.has(v.name)),
  ];
  return {
    ...pod,
    metadata: { ...pod.metadata, name, labels: { ...pod.metadata!.labels, [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [REVISION_HASH_LABEL]: revision } },
    spec: {
      ...pod.spec!,
      hostname: name,
      ...(set.spec?.serviceName ? { subdomain: set.spec.serviceName } : {}),
      ...(volumes.length > 0 ? { volumes } : {}),
    },
  };
}

const refersTo = (r: OwnerReference, kind: string, name: string | undefined) => r.kind === kind && r.name === name;

/** hasStaleOwnerRef: a reference to an object of this kind and name but another uid (an earlier incarnation). */
export const staleRef = (refs: readonly OwnerReference[], kind: string, obj: { metadata?: { name?: string; uid?: string } } | undefined): boolean =>
  refs.some((r) => refersTo(r, kind, obj?.metadata?.name) && r.uid !== obj?.metadata?.uid);

/**
 * The owner references a claim should carry under the retention policy (1.32's StatefulSetAutoDeletePVC,
 * updateClaimOwnerRefForSetAndPod): WhenDeleted Delete makes the set the claim's controller, WhenScaled
 * Delete makes a condemned pod its controller instead (the set's reference goes), so the garbage
 * collector deletes the claim with its owner. References to an earlier set or pod of the same name
 * leave the claim alone; another controller makes the controller drop its own and add none.
 */
export function retentionOwnerRefs(set: StatefulSet, claim: PersistentVolumeClaim, pod: Pod, condemned: boolean): readonly OwnerReference[] {
  const refs = claim.metadata?.ownerReferences ?? [];
  if (staleRef(refs, 'StatefulSet', set) || staleRef(refs, 'Pod', pod)) return refs;
  const unexpected = refs.some((r) => r.controller === true && r.uid !== set.metadata!.uid && r.uid !== pod.metadata?.uid);
  const out = refs.filter((r) => !refersTo(r, 'StatefulSet', set.metadata!.name) && !refersTo(r, 'Pod', pod.metadata?.name));
  if (unexpected) return out;
  const policy = set.spec?.persistentVolumeClaimRetentionPolicy;
  const scaled = policy?.whenScaled === 'Delete' && condemned;
  if (scaled && pod.metadata?.uid) out.push(controllerRef(pod as KubeObject, 'Pod', 'v1'));
  else if (policy?.whenDeleted === 'Delete' && !scaled) out.push(controllerRef(set as KubeObject, 'StatefulSet'));
  return out;
}

export function sameRefs(a: readonly OwnerReference[] | undefined, b: readonly OwnerReference[]): boolean {
  const key = (r: OwnerReference) => `${r.kind}/${r.uid}/${r.controller === true}`;
  const x = (a ?? []).map(key).sort();
  const y = b.map(key).sort();
  return x.length === y.length && x.every((k, i) => k === y[i]);
}
