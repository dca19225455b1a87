// The Secrets and ConfigMaps a pod references (podutil.VisitPodSecretNames and
// VisitPodConfigmapNames): mirror pods and pods a node creates may reference none, since a kubelet
// could otherwise read any secret by naming it in a static pod.

import type { Pod } from '../../../protocols/kube/objects.ts';

type Spec = NonNullable<Pod['spec']>;
type AnyContainer = { env?: Spec['containers'][number]['env']; envFrom?: Spec['containers'][number]['envFrom'] };

const allContainers = (spec: Spec): AnyContainer[] => [...(spec.initContainers ?? []), ...spec.containers, ...(spec.ephemeralContainers ?? [])];

/** Volume sources that name a secret in a `secretRef`. */
const SECRET_REF_VOLUMES = ['cephfs', 'cinder', 'flexVolume', 'iscsi', 'rbd', 'scaleIO', 'storageos'] as const;

export function podSecretNames(pod: Pod): string[] {
  const spec = pod.spec;
  if (spec === undefined) return [];
  const names: string[] = [];
  const add = (n: string | undefined): void => {
    if (n) names.push(n);
  };
  for (const s of spec.imagePullSecrets ?? []) add(s.name);
  for (const c of allContainers(spec)) {
    for (const e of c.envFrom ?? []) add(e.secretRef?.name);
    for (const e of c.env ?? []) add(e.valueFrom?.secretKeyRef?.name);
  }
  for (const v of spec.volumes ?? []) {
    add(v.secret?.secretName);
    add(v.azureFile?.secretName);
    add(v.csi?.nodePublishSecretRef?.name);
    for (const src of v.projected?.sources ?? []) add(src.secret?.name);
    for (const key of SECRET_REF_VOLUMES) add((v[key] as { secretRef?: { name?: string } } | undefined)?.secretRef?.name);
  }
  return names;
}

export function podConfigMapNames(pod: Pod): string[] {
  const spec = pod.spec;
  if (spec === undefined) return [];
  const names: string[] = [];
  const add = (n: string | undefined): void => {
    if (n) names.push(n);
  };
  for (const c of allContainers(spec)) {
    for (const e of c.envFrom ?? []) add(e.configMapRef?.name);
    for (const e of c.env ?? []) add(e.valueFrom?.configMapKeyRef?.name);
  }
  for (const v of spec.volumes ?? []) {
    add(v.configMap?.name);
    for (const src of v.projected?.sources ?? []) add(src.configMap?.name);
  }
  return names;
}

export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
export const isMirrorPod = (pod: Pod): boolean => pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined;
