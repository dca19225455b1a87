// The RBAC objects kube-apiserver reconciles into the cluster at start (its bootstrap-roles post
// start hook): default ClusterRoles, the controllers' roles, and the ClusterRoleBindings tying
// them to the components' identities, each labelled kubernetes.io/bootstrapping=rbac-defaults and
// annotated rbac.authorization.kubernetes.io/autoupdate="true", as rbac.authorization.k8s.io/v1.

import { ALL_AUTHENTICATED, ALL_SERVICE_ACCOUNTS_GROUP, ALL_UNAUTHENTICATED, KUBE_CONTROLLER_MANAGER, KUBE_PROXY, KUBE_SCHEDULER, MONITORING_GROUP, NODES_GROUP, SYSTEM_PRIVILEGED_GROUP } from '../user.ts';
import { CLUSTER_ROLES, type RoleSpec } from './cluster-roles.ts';
import { CONTROLLER_ROLES } from './controller-roles.ts';
import { NAMESPACE_ROLE_BINDINGS, NAMESPACE_ROLES } from './namespace-roles.ts';
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding, Subject } from './types.ts';

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const API_VERSION = 'rbac.authorization.k8s.io/v1';
export const BOOTSTRAP_LABEL = { 'kubernetes.io/bootstrapping': 'rbac-defaults' } as const;
export const AUTOUPDATE_ANNOTATION = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } as const;
export const CONTROLLER_ROLE_PREFIX = 'system:controller:';
const KUBE_SYSTEM = 'kube-system';

const metadata = (name: string, labels: Readonly<Record<string, string>> = {}, namespace?: string) => ({
  name,
  ...(namespace === undefined ? {} : { namespace }),
  labels: { ...BOOTSTRAP_LABEL, ...labels },
  annotations: { ...AUTOUPDATE_ANNOTATION },
});

function clusterRole(spec: RoleSpec, name = spec.name): ClusterRole {
  const role: ClusterRole = { apiVersion: API_VERSION, kind: 'ClusterRole', metadata: metadata(name, spec.labels) };
  if (spec.aggregationRule) role.aggregationRule = structuredClone(spec.aggregationRule);
  if (spec.rules) role.rules = structuredClone([...spec.rules]);
  return role;
}

const users = (...names: string[]): Subject[] => names.map((name) => ({ apiGroup: RBAC_GROUP, kind: 'User', name }));
const groups = (...names: string[]): Subject[] => names.map((name) => ({ apiGroup: RBAC_GROUP, kind: 'Group', name }));
const serviceAccount = (namespace: string, name: string): Subject => ({ kind: 'ServiceAccount', name, namespace });

function binding(name: string, subjects: Subject[], role = name): ClusterRoleBinding {
  const b: ClusterRoleBinding = { apiVersion: API_VERSION, kind: 'ClusterRoleBinding', metadata: metadata(name), roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role } };
  if (subjects.length > 0) b.subjects = subjects;
  return b;
}

export interface BootstrapOptions {
  /**
   * Bind system:node to the system:nodes group. Kubernetes leaves that binding without subjects
   * since the Node authorizer took over kubelets' permissions (and NodeRestriction limits what
   * they write); a cluster without a Node authorizer binds the group so kubelets can work at all.
   */
  readonly bindNodesGroup?: boolean;
}

export interface BootstrapPolicy {
  readonly clusterRoles: ClusterRole[];
  readonly clusterRoleBindings: ClusterRoleBinding[];
  /** In kube-system and kube-public. */
  readonly roles: Role[];
  readonly roleBindings: RoleBinding[];
}

/** The default ClusterRoles (system ones, then the controllers'), ClusterRoleBindings, and the kube-system/kube-public Roles and RoleBindings; fresh objects each call. */
export function bootstrapPolicy(opts: BootstrapOptions = {}): BootstrapPolicy {
  const clusterRoles = [...CLUSTER_ROLES.map((s) => clusterRole(s)), ...CONTROLLER_ROLES.map((s) => clusterRole(s, `${CONTROLLER_ROLE_PREFIX}${s.name}`))];
  const clusterRoleBindings = [
    binding('cluster-admin', groups(SYSTEM_PRIVILEGED_GROUP)),
    binding('system:monitoring', groups(MONITORING_GROUP)),
    binding('system:discovery', groups(ALL_AUTHENTICATED)),
    binding('system:basic-user', groups(ALL_AUTHENTICATED)),
    binding('system:public-info-viewer', groups(ALL_AUTHENTICATED, ALL_UNAUTHENTICATED)),
    binding('system:node-proxier', users(KUBE_PROXY)),
    binding('system:kube-controller-manager', users(KUBE_CONTROLLER_MANAGER)),
    binding('system:kube-dns', [serviceAccount(KUBE_SYSTEM, 'kube-dns')]),
    binding('system:kube-scheduler', users(KUBE_SCHEDULER)),
    binding('system:volume-scheduler', users(KUBE_SCHEDULER)),
    binding('system:node', opts.bindNodesGroup ? groups(NODES_GROUP) : []),
    binding('system:service-account-issuer-discovery', groups(ALL_SERVICE_ACCOUNTS_GROUP)),
    ...CONTROLLER_ROLES.map((s) => binding(`${CONTROLLER_ROLE_PREFIX}${s.name}`, [serviceAccount(KUBE_SYSTEM, s.name)])),
  ];
  const roles: Role[] = NAMESPACE_ROLES.map((r) => ({ apiVersion: API_VERSION, kind: 'Role', metadata: metadata(r.name, {}, r.namespace), rules: structuredClone([...r.rules]) }));
  const roleBindings: RoleBinding[] = NAMESPACE_ROLE_BINDINGS.map((b) => ({
    apiVersion: API_VERSION,
    kind: 'RoleBinding',
    metadata: metadata(b.name ?? b.role, {}, b.namespace),
    roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: b.role },
    subjects: [...users(...(b.users ?? [])), ...(b.serviceAccounts ?? []).map((n) => serviceAccount(KUBE_SYSTEM, n))],
  }));
  return { clusterRoles, clusterRoleBindings, roles, roleBindings };
}

/** The service account a controller runs as: `system:serviceaccount:kube-system:<name>`. */
export const controllerServiceAccounts = (): string[] => CONTROLLER_ROLES.map((s) => s.name);
