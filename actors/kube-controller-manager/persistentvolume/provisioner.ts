// Dynamic provisioning (provisionClaim): a claim of a class nothing could be bound to gets a volume
// made for it. The class's provisioner `kybernetes.io/host-path` is built in, as the in-tree
// plugins were: it makes PV `pvc-<claim uid>` over a host directory, pinned to the node the
// scheduler selected, bound to the claim from the start; the binding then completes as for any
// pre-bound volume. Any other provisioner outside `kubernetes.io/` is external: the claim is
// annotated for it and the controller waits, as Kubernetes does.

import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../../protocols/kube/objects.ts';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_BOUND_BY_CONTROLLER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  claimClass,
  claimReference,
} from '../../../protocols/kube/volume-matching.ts';
import { createCall, updateCall } from '../../client/index.ts';
import { asObject, type BinderView, HOST_PATH_PROVISIONER, HOST_PATH_ROOT, type Outcome, withAnnotations } from './view.ts';

export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/** setClaimProvisioner: the claim names its provisioner (GA and beta annotations); undefined when it already does. */
function claimProvisionerUpdate(claim: PersistentVolumeClaim, provisioner: string): PersistentVolumeClaim | undefined {
  const a = claim.metadata?.annotations ?? {};
  if (a[ANN_STORAGE_PROVISIONER] === provisioner && a[ANN_BETA_STORAGE_PROVISIONER] === provisioner) return undefined;
  return withAnnotations(claim, { [ANN_STORAGE_PROVISIONER]: provisioner, [ANN_BETA_STORAGE_PROVISIONER]: provisioner });
}

/** The PV the host-path provisioner makes for `claim` (its name is the claim's uid, so a retry finds it). */
export function hostPathVolume(claim: PersistentVolumeClaim, cls: StorageClass, hostname: string | undefined): PersistentVolume {
  const name = `pvc-${claim.metadata?.uid}`;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, annotations: { [ANN_BOUND_BY_CONTROLLER]: 'yes', [ANN_DYNAMICALLY_PROVISIONED]: HOST_PATH_PROVISIONER } },
    spec: {
      capacity: { storage: claim.spec?.resources?.requests?.storage ?? '0' },
      accessModes: claim.spec?.accessModes ?? [],
      persistentVolumeReclaimPolicy: cls.reclaimPolicy ?? 'Delete',
      storageClassName: claimClass(claim),
      volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
      hostPath: { path: `${HOST_PATH_ROOT}/${name}`, type: 'DirectoryOrCreate' },
      claimRef: claimReference(claim),
      ...(hostname === undefined
        ? {}
        : { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: HOSTNAME_LABEL, operator: 'In', values: [hostname] }] }] } } }),
    },
  };
}

function provisionHostPath(out: Outcome, claim: PersistentVolumeClaim, cls: StorageClass, view: BinderView): void {
  const ann = claimProvisionerUpdate(claim, HOST_PATH_PROVISIONER);
  if (ann) {
    out.write(updateCall(asObject(ann)));
    return;
  }
  const name = `pvc-${claim.metadata?.uid}`;
  if (view.volume(name) !== undefined) return;
  if ((cls.mountOptions ?? []).length > 0) {
    out.event(claim, 'Warning', 'ProvisioningFailed', `Mount options are not supported by the provisioner but StorageClass "${cls.metadata?.name}" has mount options [${cls.mountOptions!.join(' ')}]`);
    return;
  }
  let hostname: string | undefined;
  const selected = claim.metadata?.annotations?.[ANN_SELECTED_NODE];
  if (selected !== undefined) {
    const node = view.node(selected);
    if (node === undefined) {
      out.event(claim, 'Warning', 'ProvisioningFailed', `Failed to get target node: node "${selected}" not found`);
      return;
    }
    hostname = node.metadata?.labels?.[HOSTNAME_LABEL] ?? selected;
  }
  out.write(createCall(asObject(hostPathVolume(claim, cls, hostname))));
  out.event(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name} using ${HOST_PATH_PROVISIONER}`);
}

export function provisionClaim(out: Outcome, claim: PersistentVolumeClaim, view: BinderView): void {
  const className = claimClass(claim);
  const cls = view.storageClass(className);
  if (cls === undefined) {
    out.event(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`);
    return;
  }
  const provisioner = cls.provisioner;
  if (provisioner === HOST_PATH_PROVISIONER) return provisionHostPath(out, claim, cls, view);
  if (provisioner.startsWith('kubernetes.io/')) {
    out.event(claim, 'Warning', 'ProvisioningFailed', `no volume plugin matched name: ${provisioner}`);
    return;
  }
  const ann = claimProvisionerUpdate(claim, provisioner);
  if (ann) out.write(updateCall(asObject(ann)));
  out.event(
    claim,
    'Normal',
    'ExternalProvisioning',
    `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
  );
}
