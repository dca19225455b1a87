// The cloud-controller-manager's identity and RBAC, as the upstream cloud-provider manifests
// deploy it (not part of kube-apiserver's bootstrap policy: an operator applies it alongside the
// CCM): the ServiceAccount kube-system/cloud-controller-manager, the ClusterRole
// system:cloud-controller-manager, and the ClusterRoleBinding of that name tying the two.

import { serviceAccountUsername } from '../user.ts';
import { CORE, EVENTS, rule } from './rule-builder.ts';
import type { ClusterRole, ClusterRoleBinding, PolicyRule } from './types.ts';

export const CCM_NAMESPACE = 'kube-system';
export const CCM_SERVICE_ACCOUNT = 'cloud-controller-manager';
export const CCM_ROLE = 'system:cloud-controller-manager';
/** system:serviceaccount:kube-system:cloud-controller-manager */
export const CCM_USER = serviceAccountUsername(CCM_NAMESPACE, CCM_SERVICE_ACCOUNT);

/** What the node, node-lifecycle, service and route controllers and the manager's leader election need. */
export const CCM_RULES: readonly PolicyRule[] = [
  EVENTS,
  rule('delete get list patch update watch', CORE, 'nodes'),
  rule('patch update', CORE, 'nodes/status'),
  rule('get list patch update watch', CORE, 'services'),
  rule('patch update', CORE, 'services/status'),
  rule('create get list update watch', ['coordination.k8s.io'], 'leases'),
];

export interface CloudControllerManagerPolicy {
  readonly serviceAccount: { apiVersion: 'v1'; kind: 'ServiceAccount'; metadata: { name: string; namespace: string } };
  readonly clusterRole: ClusterRole;
  readonly clusterRoleBinding: ClusterRoleBinding;
}

/** Fresh objects each call, in the order they are applied (the account before the binding naming it). */
export function cloudControllerManagerPolicy(): CloudControllerManagerPolicy {
  return {
    serviceAccount: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: CCM_SERVICE_ACCOUNT, namespace: CCM_NAMESPACE } },
    clusterRole: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: CCM_ROLE }, rules: structuredClone([...CCM_RULES]) },
    clusterRoleBinding: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: CCM_ROLE },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: CCM_ROLE },
      subjects: [{ kind: 'ServiceAccount', name: CCM_SERVICE_ACCOUNT, namespace: CCM_NAMESPACE }],
    },
  };
}
