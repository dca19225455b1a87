// What a pod or a PersistentVolume names, as the Node authorizer's graph reads them: the secrets
// and configmaps of a pod's spec (podutil.VisitPodSecretNames, VisitPodConfigmapNames), its
// service account and claims, and the secrets a PV hands the kubelet (pvutil.VisitPVSecretNames,
// only those marked kubelet-visible).

import type { PersistentVolume, Pod } from '../../../../protocols/kube/objects.ts';

type Container = NonNullable<NonNullable<Pod['spec']>['containers']>[number];

export interface PodReferences {
  readonly secrets: string[];
  readonly configMaps: string[];
  readonly claims: string[];
}

/** The annotation a kubelet puts on the mirror of a static pod. */
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

export const isMirrorPod = (pod: Pod): boolean => pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined;

/** Every secret, configmap and claim name a pod's spec refers to, duplicates included. */
export function podReferences(pod: Pod): PodReferences {
  const spec = pod.spec;
  const secrets: string[] = [];
  const configMaps: string[] = [];
  const claims: string[] = [];
  if (!spec) return { secrets, configMaps, claims };
  for (const s of spec.imagePullSecrets ?? []) if (s.name) secrets.push(s.name);
  const visit = (c: Container) => {
    for (const from of c.envFrom ?? []) {
      if (from.secretRef?.name) secrets.push(from.secretRef.name);
      if (from.configMapRef?.name) configMaps.push(from.configMapRef.name);
    }
    for (const e of c.env ?? []) {
      if (e.valueFrom?.secretKeyRef?.name) secrets.push(e.valueFrom.secretKeyRef.name);
      if (e.valueFrom?.configMapKeyRef?.name) configMaps.push(e.valueFrom.configMapKeyRef.name);
    }
  };
  for (const c of spec.initContainers ?? []) visit(c);
  for (const c of spec.containers ?? []) visit(c);
  for (const c of spec.ephemeralContainers ?? []) visit(c as Container);
  for (const v of spec.volumes ?? []) {
    if (v.secret?.secretName) secrets.push(v.secret.secretName);
    if (v.configMap?.name) configMaps.push(v.configMap.name);
    for (const src of v.projected?.sources ?? []) {
      if (src.secret?.name) secrets.push(src.secret.name);
      if (src.configMap?.name) configMaps.push(src.configMap.name);
    }
    for (const ref of [v.azureFile?.secretName, v.cephfs?.secretRef?.name, v.cinder?.secretRef?.name, v.flexVolume?.secretRef?.name, v.rbd?.secretRef?.name, v.scaleIO?.secretRef?.name, v.iscsi?.secretRef?.name, v.storageos?.secretRef?.name, v.csi?.nodePublishSecretRef?.name])
      if (ref) secrets.push(ref);
    if (v.persistentVolumeClaim?.claimName) claims.push(v.persistentVolumeClaim.claimName);
    // A generic ephemeral volume's claim is named after the pod and the volume.
    else if (v.ephemeral) claims.push(`${pod.metadata?.name ?? ''}-${v.name}`);
  }
  return { secrets, configMaps, claims };
}

/**
 * The secrets a PV bound to a claim lets the kubelet read, each with its namespace (the secret
 * reference's own, else the claim's, except for CSI and StorageOS). CSI's controller-side secrets are the controllers' only.
 */
export function pvKubeletSecrets(pv: PersistentVolume): { namespace: string; name: string }[] {
  const spec = pv.spec;
  const claimNs = spec?.claimRef?.namespace ?? '';
  const out: { namespace: string; name: string }[] = [];
  if (!spec) return out;
  const add = (name: string | undefined, namespace: string | undefined) => {
    if (name) out.push({ namespace: namespace || claimNs, name });
  };
  if (spec.azureFile) add(spec.azureFile.secretName, spec.azureFile.secretNamespace ?? undefined);
  for (const ref of [spec.cephfs?.secretRef, spec.cinder?.secretRef, spec.flexVolume?.secretRef, spec.rbd?.secretRef, spec.scaleIO?.secretRef, spec.iscsi?.secretRef]) if (ref) add(ref.name, ref.namespace);
  if (spec.storageos?.secretRef?.name) out.push({ namespace: spec.storageos.secretRef.namespace ?? '', name: spec.storageos.secretRef.name });
  const csi = spec.csi;
  // CSI's references carry their namespace (validation requires it), used as it is.
  if (csi) for (const ref of [csi.nodePublishSecretRef, csi.nodeStageSecretRef, csi.nodeExpandSecretRef]) if (ref?.name) out.push({ namespace: ref.namespace ?? '', name: ref.name });
  return out;
}
