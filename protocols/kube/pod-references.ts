// What a pod's spec names: the secrets and configmaps (podutil.VisitPodSecretNames and
// VisitPodConfigmapNames) and the claims. The Node authorizer's graph and the kubelet's secret
// and configmap managers both walk a pod this way, so they agree on what a pod may read; the
// admission plugins that keep mirror pods and node-made pods from naming any read it too.

import type { Pod } from './objects.ts';

/** The annotation a kubelet puts on the mirror of a static pod. */
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

export const isMirrorPod = (pod: Pod): boolean => pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined;

type Container = NonNullable<NonNullable<Pod['spec']>['containers']>[number];

export interface PodReferences {
  readonly secrets: string[];
  readonly configMaps: string[];
  readonly claims: string[];
}

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
