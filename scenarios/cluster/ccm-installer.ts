// What puts the cloud-controller-manager's ServiceAccount, ClusterRole and ClusterRoleBinding in
// a cluster with a cloud. They are not kube-apiserver's bootstrap policy: in Kubernetes the
// operator (or the cloud, for a managed cluster) applies them with the CCM's manifest. Here the
// cloud host does, as a small controller in the addon manager's Reconcile mode: whatever of the
// three is missing is created again, with the admin's credentials, until all are there.

import { createCall, defineController, type Listers, type ReconcileResult } from '../../actors/client/index.ts';
import { cloudControllerManagerPolicy } from '../../actors/kube-apiserver/auth/index.ts';
import type { KubeObject } from '../../protocols/kube/objects.ts';

export const CCM_INSTALLER_KIND = 'ccm-installer';
const KEY = 'cloud-controller-manager';

/** The writes that make the CCM's policy complete, given what the caches hold. */
export function reconcileCcmPolicy(listers: Listers): ReconcileResult {
  const p = cloudControllerManagerPolicy();
  const wanted: [KubeObject, boolean][] = [
    [p.serviceAccount as KubeObject, listers.serviceaccounts!.get(`${p.serviceAccount.metadata.namespace}/${p.serviceAccount.metadata.name}`) !== undefined],
    [p.clusterRole as unknown as KubeObject, listers.clusterroles!.get(p.clusterRole.metadata!.name!) !== undefined],
    [p.clusterRoleBinding as unknown as KubeObject, listers.clusterrolebindings!.get(p.clusterRoleBinding.metadata!.name!) !== undefined],
  ];
  return { writes: wanted.filter(([, present]) => !present).map(([o]) => createCall(o)) };
}

/** The installer, talking to `apiservers` with the admin's `token`. */
export function ccmInstaller(apiservers: readonly string[], token: string) {
  return defineController({
    kind: CCM_INSTALLER_KIND,
    client: { hosts: apiservers, token },
    informers: [
      { name: 'serviceaccounts', resource: 'serviceaccounts', namespace: 'kube-system' },
      { name: 'clusterroles', resource: 'clusterroles' },
      { name: 'clusterrolebindings', resource: 'clusterrolebindings' },
    ],
    // Every change (the first lists included) looks at the whole policy: it is three objects.
    keysFor: () => [KEY],
    reconcile: (_key, listers) => reconcileCcmPolicy(listers),
  });
}
