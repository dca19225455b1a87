// The RBAC object types this folder reads. protocols/kube/objects.ts exports the four kinds but
// not their parts (PolicyRule, RoleRef, Subject, AggregationRule), so the parts come from the
// same package, type-only.

export type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from '../../../../protocols/kube/objects.ts';
export type { AggregationRule, PolicyRule, RoleRef, Subject } from 'kubernetes-types/rbac/v1.d.ts';
