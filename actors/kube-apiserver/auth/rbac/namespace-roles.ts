// The Roles and RoleBindings the bootstrap policy puts in kube-system and kube-public: leader
// election for the scheduler and controller manager, the bootstrap-token controllers, and the
// reader of the extension-apiserver-authentication ConfigMap. (The leasecandidates rules of the
// CoordinatedLeaderElection feature, off by default in 1.32, are left out.)

import { KUBE_CONTROLLER_MANAGER, KUBE_SCHEDULER } from '../user.ts';
import { CORE, EVENTS, READ, rule } from './rule-builder.ts';
import type { PolicyRule } from './types.ts';

export interface NamespacedRoleSpec {
  readonly namespace: string;
  readonly name: string;
  readonly rules: readonly PolicyRule[];
}

export interface NamespacedBindingSpec {
  readonly namespace: string;
  /** Defaults to the role's name. */
  readonly name?: string;
  readonly role: string;
  readonly users?: readonly string[];
  /** kube-system service accounts. */
  readonly serviceAccounts?: readonly string[];
}

const LEADER_LOCKING = [rule('create get list update watch', ['coordination.k8s.io'], 'leases')];

export const NAMESPACE_ROLES: readonly NamespacedRoleSpec[] = [
  {
    namespace: 'kube-public',
    name: 'system:controller:bootstrap-signer',
    rules: [rule(READ, CORE, 'configmaps'), rule('update', CORE, 'configmaps', 'cluster-info'), EVENTS],
  },
  { namespace: 'kube-system', name: 'extension-apiserver-authentication-reader', rules: [rule(READ, CORE, 'configmaps', 'extension-apiserver-authentication')] },
  { namespace: 'kube-system', name: 'system::leader-locking-kube-controller-manager', rules: LEADER_LOCKING },
  { namespace: 'kube-system', name: 'system::leader-locking-kube-scheduler', rules: LEADER_LOCKING },
  { namespace: 'kube-system', name: 'system:controller:bootstrap-signer', rules: [rule(READ, CORE, 'secrets')] },
  { namespace: 'kube-system', name: 'system:controller:cloud-provider', rules: [rule('create get list watch', CORE, 'configmaps')] },
  { namespace: 'kube-system', name: 'system:controller:token-cleaner', rules: [rule('delete get list watch', CORE, 'secrets'), EVENTS] },
];

export const NAMESPACE_ROLE_BINDINGS: readonly NamespacedBindingSpec[] = [
  { namespace: 'kube-public', role: 'system:controller:bootstrap-signer', serviceAccounts: ['bootstrap-signer'] },
  { namespace: 'kube-system', name: 'system::extension-apiserver-authentication-reader', role: 'extension-apiserver-authentication-reader', users: [KUBE_CONTROLLER_MANAGER, KUBE_SCHEDULER] },
  {
    namespace: 'kube-system',
    role: 'system::leader-locking-kube-controller-manager',
    users: [KUBE_CONTROLLER_MANAGER],
    serviceAccounts: ['kube-controller-manager', 'leader-election-controller'],
  },
  { namespace: 'kube-system', role: 'system::leader-locking-kube-scheduler', users: [KUBE_SCHEDULER], serviceAccounts: ['kube-scheduler'] },
  { namespace: 'kube-system', role: 'system:controller:bootstrap-signer', serviceAccounts: ['bootstrap-signer'] },
  { namespace: 'kube-system', role: 'system:controller:cloud-provider', serviceAccounts: ['cloud-provider'] },
  { namespace: 'kube-system', role: 'system:controller:token-cleaner', serviceAccounts: ['token-cleaner'] },
];
