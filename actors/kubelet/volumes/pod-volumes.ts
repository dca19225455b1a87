// What each volume of a pod gives its containers, as the kubelet's volume manager would set it
// up: files for configMap, secret, downwardAPI and projected volumes; an empty directory for
// emptyDir; a reference for persistentVolumeClaim (usable only once the claim exists, is not
// being deleted and is Bound: the data lives on a disk the cluster models) and for hostPath.
// A volume that cannot be set up carries the kubelet's error text; the FailedMount event's
// message is `MountVolume.SetUp failed for volume "<name>" : <error>`.

import type { ConfigMap, PersistentVolumeClaim, Pod, Secret, Volume } from 'kubernetes-types/core/v1.d.ts';
import {
  DEFAULT_MODE,
  type FileProjection,
  type Lookup,
  type PayloadResult,
  type TokenRequestNeed,
  configMapPayload,
  downwardAPIPayload,
  projectedPayload,
  secretPayload,
} from './payload.ts';

export interface VolumeSources {
  readonly configMaps: Lookup<ConfigMap>;
  readonly secrets: Lookup<Secret>;
  readonly claims: Lookup<PersistentVolumeClaim>;
  /** The node's allocatable, the default of unset limits in resourceFieldRef. */
  readonly allocatable: Readonly<Record<string, string>>;
}

export type VolumeContent =
  | { readonly kind: 'files'; readonly files: FileProjection[]; readonly tokens: TokenRequestNeed[] }
  | { readonly kind: 'emptyDir'; readonly medium: string; readonly sizeLimit?: string }
  | { readonly kind: 'persistentVolumeClaim'; readonly claimName: string; readonly volumeName: string; readonly readOnly: boolean }
  | { readonly kind: 'hostPath'; readonly path: string; readonly type: string };

export type VolumeSetUp =
  | { readonly name: string; readonly ok: true; readonly content: VolumeContent }
  | { readonly name: string; readonly ok: false; readonly reason: 'FailedMount'; readonly error: string; readonly message: string };

const failed = (name: string, error: string, setUp = true): VolumeSetUp => ({
  name,
  ok: false,
  reason: 'FailedMount',
  error,
  // A claim that cannot be used never reaches SetUp: the populator reports it as is.
  message: setUp ? `MountVolume.SetUp failed for volume "${name}" : ${error}` : error,
});

const fromPayload = (name: string, r: PayloadResult): VolumeSetUp =>
  r.ok ? { name, ok: true, content: { kind: 'files', files: r.files, tokens: [] } } : failed(name, r.error);

/** The desired-state populator's claim checks (getPVCExtractPV). */
function claimVolume(name: string, ns: string, claimName: string, readOnly: boolean, claims: Lookup<PersistentVolumeClaim>): VolumeSetUp {
  const pvc = claims(ns, claimName);
  const fail = (why: string) => failed(name, `error processing PVC ${ns}/${claimName}: ${why}`, false);
  if (!pvc) return fail(`failed to fetch PVC from API server: persistentvolumeclaims "${claimName}" not found`);
  if (pvc.metadata?.deletionTimestamp) return fail('PVC is being deleted');
  if (pvc.status?.phase !== 'Bound') return fail('PVC is not bound');
  if (!pvc.spec?.volumeName) return fail('PVC has empty pvc.Spec.VolumeName');
  return { name, ok: true, content: { kind: 'persistentVolumeClaim', claimName, volumeName: pvc.spec.volumeName, readOnly } };
}

export function setUpVolume(pod: Pod, v: Volume, sources: VolumeSources): VolumeSetUp | undefined {
  const ns = pod.metadata?.namespace ?? 'default';
  if (v.configMap) {
    const optional = v.configMap.optional === true;
    const cm = sources.configMaps(ns, v.configMap.name ?? '');
    if (!cm && !optional) return failed(v.name, `configmap "${v.configMap.name}" not found`);
    return fromPayload(v.name, configMapPayload(cm, v.configMap.items, v.configMap.defaultMode ?? DEFAULT_MODE, optional));
  }
  if (v.secret) {
    const optional = v.secret.optional === true;
    const secret = sources.secrets(ns, v.secret.secretName ?? '');
    if (!secret && !optional) return failed(v.name, `secret "${v.secret.secretName}" not found`);
    return fromPayload(v.name, secretPayload(secret, v.secret.items, v.secret.defaultMode ?? DEFAULT_MODE, optional));
  }
  if (v.downwardAPI) {
    return fromPayload(v.name, downwardAPIPayload(pod, v.downwardAPI.items ?? [], v.downwardAPI.defaultMode ?? DEFAULT_MODE, sources.allocatable));
  }
  if (v.projected) {
    const r = projectedPayload(pod, v.projected, sources);
    return r.ok ? { name: v.name, ok: true, content: { kind: 'files', files: r.files, tokens: r.tokens } } : failed(v.name, r.error);
  }
  if (v.emptyDir) {
    const sizeLimit = v.emptyDir.sizeLimit === undefined ? undefined : String(v.emptyDir.sizeLimit);
    return { name: v.name, ok: true, content: { kind: 'emptyDir', medium: v.emptyDir.medium ?? '', ...(sizeLimit === undefined ? {} : { sizeLimit }) } };
  }
  if (v.persistentVolumeClaim) {
    return claimVolume(v.name, ns, v.persistentVolumeClaim.claimName, v.persistentVolumeClaim.readOnly === true, sources.claims);
  }
  if (v.hostPath) return { name: v.name, ok: true, content: { kind: 'hostPath', path: v.hostPath.path, type: v.hostPath.type ?? '' } };
  return undefined;
}

/** Every volume of the pod in spec order; volume types not modelled here are left out. */
export const setUpPodVolumes = (pod: Pod, sources: VolumeSources): VolumeSetUp[] =>
  (pod.spec?.volumes ?? []).map((v) => setUpVolume(pod, v, sources)).filter((r): r is VolumeSetUp => r !== undefined);
