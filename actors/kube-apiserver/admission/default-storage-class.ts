// DefaultStorageClass: a claim created without a class gets the cluster's default StorageClass,
// the one annotated storageclass.kubernetes.io/is-default-class "true" (or the beta annotation).
// When several are marked, the newest wins (ties: the name first in order), as since 1.28. A claim
// that names a class, even "", or carries the beta class annotation, is left alone.

import type { PersistentVolumeClaim, StorageClass } from '../../../protocols/kube/objects.ts';
import type { AdmissionAttributes, AdmissionContext, AdmissionPlugin, Verdict } from './types.ts';

export const IS_DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
export const BETA_IS_DEFAULT_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';
export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

const isDefault = (sc: StorageClass): boolean =>
  sc.metadata?.annotations?.[IS_DEFAULT_CLASS_ANNOTATION] === 'true' || sc.metadata?.annotations?.[BETA_IS_DEFAULT_CLASS_ANNOTATION] === 'true';

/** volumeutil.GetDefaultClass: undefined when no class is marked default. */
export function defaultStorageClass(classes: readonly StorageClass[]): StorageClass | undefined {
  const marked = classes.filter(isDefault);
  marked.sort((x, y) => {
    const tx = x.metadata?.creationTimestamp ?? '';
    const ty = y.metadata?.creationTimestamp ?? '';
    if (tx !== ty) return tx > ty ? -1 : 1;
    const nx = x.metadata?.name ?? '';
    const ny = y.metadata?.name ?? '';
    return nx < ny ? -1 : nx > ny ? 1 : 0;
  });
  return marked[0];
}

function admit(a: AdmissionAttributes, ctx: AdmissionContext): Verdict {
  if (a.operation !== 'CREATE' || a.resource.group !== '' || a.resource.resource !== 'persistentvolumeclaims' || a.resource.subresource !== '') return undefined;
  const pvc = a.object as unknown as PersistentVolumeClaim | undefined;
  if (pvc === undefined) return undefined;
  const hasClass = pvc.spec?.storageClassName != null || pvc.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] !== undefined;
  if (hasClass) return undefined;
  const def = defaultStorageClass(ctx.listers.storageClasses());
  if (def?.metadata?.name === undefined) return undefined;
  (pvc.spec ??= {}).storageClassName = def.metadata.name;
  return undefined;
}

export const defaultStorageClassPlugin: AdmissionPlugin = { name: 'DefaultStorageClass', admit };
