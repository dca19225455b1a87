// What a pod or a PersistentVolume names, as the Node authorizer's graph reads them: a pod's
// secrets, configmaps and claims (protocols' podReferences), whether it is a mirror pod, and the
// secrets a PV hands the kubelet (pvutil.VisitPVSecretNames, only those marked kubelet-visible).

import type { PersistentVolume } from '../../../../protocols/kube/objects.ts';

export { isMirrorPod, podReferences, type PodReferences } from '../../../../protocols/kube/pod-references.ts';

/**
 * The secrets a PV bound to a claim lets the kubelet read, each with its namespace (the secret
 * reference's own, else the claim's; CSI's and StorageOS's always their own). CSI's
 * controller-side secrets are the controllers' only.
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
