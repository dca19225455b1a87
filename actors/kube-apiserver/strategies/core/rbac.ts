// rbac.authorization.k8s.io/v1 Role, ClusterRole, RoleBinding, ClusterRoleBinding
// (pkg/apis/rbac/validation): names are path segments, rules need verbs and either resources
// with groups or (cluster-wide) non-resource URLs, bindings name a role that never changes.

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import type { ClusterRole, ClusterRoleBinding, KubeObject, Role, RoleBinding } from '../../../../protocols/kube/objects.ts';
import { type NameValidator, nameIsDNSSubdomain, validateLabelSelector } from '../../../../protocols/kube/validation/index.ts';
import { genericStrategy } from '../generic.ts';
import type { Strategy } from '../types.ts';
import { same, view } from './fields.ts';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** path.IsValidPathSegmentName (a prefix only may not contain what a name may not). */
export const nameIsPathSegment: NameValidator = (name, prefix) => {
  if (!prefix) for (const bad of ['.', '..']) if (name === bad) return [`may not be '${bad}'`];
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
};

type Rule = NonNullable<Role['rules']>[number];
type Subject = NonNullable<RoleBinding['subjects']>[number];

export function validatePolicyRule(rule: Rule, namespaced: boolean, at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if ((rule.verbs ?? []).length === 0) errs.push(fieldError.required(at.child('verbs'), 'verbs must contain at least one value'));
  const urls = rule.nonResourceURLs ?? [];
  if (urls.length > 0) {
    if (namespaced) errs.push(fieldError.invalid(at.child('nonResourceURLs'), urls, 'namespaced rules cannot apply to non-resource URLs'));
    if ((rule.apiGroups ?? []).length > 0 || (rule.resources ?? []).length > 0 || (rule.resourceNames ?? []).length > 0)
      errs.push(fieldError.invalid(at.child('nonResourceURLs'), urls, 'rules cannot apply to both regular resources and non-resource URLs'));
    return errs;
  }
  if ((rule.apiGroups ?? []).length === 0) errs.push(fieldError.required(at.child('apiGroups'), 'resource rules must supply at least one api group'));
  if ((rule.resources ?? []).length === 0) errs.push(fieldError.required(at.child('resources'), 'resource rules must supply at least one resource'));
  return errs;
}

const validateRules = (rules: readonly Rule[] | undefined, namespaced: boolean) => (rules ?? []).flatMap((r, i) => validatePolicyRule(r, namespaced, FieldPath.root('rules').index(i)));

function validateClusterRole(obj: KubeObject): FieldError[] {
  const cr = view<ClusterRole>(obj);
  const errs = validateRules(cr.rules, false);
  if (cr.aggregationRule !== undefined && cr.aggregationRule !== null) {
    const at = FieldPath.root('aggregationRule', 'clusterRoleSelectors');
    const selectors = cr.aggregationRule.clusterRoleSelectors ?? [];
    if (selectors.length === 0) errs.push(fieldError.required(at, 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    selectors.forEach((s, i) => errs.push(...validateLabelSelector(s, at.index(i))));
  }
  return errs;
}

export function validateSubject(s: Subject, namespaced: boolean, at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if ((s.name ?? '') === '') errs.push(fieldError.required(at.child('name')));
  switch (s.kind) {
    case 'ServiceAccount':
      if ((s.name ?? '') !== '') for (const m of nameIsDNSSubdomain(s.name, false)) errs.push(fieldError.invalid(at.child('name'), s.name, m));
      if ((s.apiGroup ?? '') !== '') errs.push(fieldError.notSupported(at.child('apiGroup'), s.apiGroup, ['']));
      if (!namespaced && (s.namespace ?? '') === '') errs.push(fieldError.required(at.child('namespace')));
      break;
    case 'User':
    case 'Group':
      if (s.apiGroup !== RBAC_GROUP) errs.push(fieldError.notSupported(at.child('apiGroup'), s.apiGroup ?? '', [RBAC_GROUP]));
      break;
    default:
      errs.push(fieldError.notSupported(at.child('kind'), s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

function validateBinding(obj: KubeObject, cluster: boolean): FieldError[] {
  const b = view<RoleBinding>(obj);
  const ref: Partial<RoleBinding['roleRef']> = b.roleRef ?? {};
  const errs: FieldError[] = [];
  if (ref.apiGroup !== RBAC_GROUP) errs.push(fieldError.notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  const kinds = cluster ? ['ClusterRole'] : ['Role', 'ClusterRole'];
  if (!kinds.includes(ref.kind ?? '')) errs.push(fieldError.notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if ((ref.name ?? '') === '') errs.push(fieldError.required('roleRef.name'));
  else for (const m of nameIsPathSegment(ref.name!, false)) errs.push(fieldError.invalid('roleRef.name', ref.name, m));
  (b.subjects ?? []).forEach((s, i) => errs.push(...validateSubject(s, !cluster, FieldPath.root('subjects').index(i))));
  return errs;
}

function validateBindingUpdate(obj: KubeObject, old: KubeObject, cluster: boolean): FieldError[] {
  const errs = validateBinding(obj, cluster);
  const ref = view<RoleBinding>(obj).roleRef;
  if (!same(ref, view<RoleBinding>(old).roleRef)) errs.push(fieldError.invalid('roleRef', ref ?? null, 'cannot change roleRef'));
  return errs;
}

/** SetDefaults_Subject and the roleRef's group: User and Group subjects belong to the RBAC group. */
function defaultBinding(obj: KubeObject): KubeObject {
  const b = view<RoleBinding>(obj) as { roleRef?: { apiGroup?: string }; subjects?: Subject[] };
  if (b.roleRef !== undefined && (b.roleRef.apiGroup ?? '') === '') b.roleRef.apiGroup = RBAC_GROUP;
  for (const s of b.subjects ?? []) if ((s.apiGroup ?? '') === '' && (s.kind === 'User' || s.kind === 'Group')) s.apiGroup = RBAC_GROUP;
  return obj;
}

const rbacBase = { ...genericStrategy(false), nameValidator: nameIsPathSegment };

export const roleStrategy: Strategy = { ...rbacBase, validate: (o) => validateRules(view<Role>(o).rules, true), validateUpdate: (o) => validateRules(view<Role>(o).rules, true) };
export const clusterRoleStrategy: Strategy = { ...rbacBase, validate: validateClusterRole, validateUpdate: validateClusterRole };
export const roleBindingStrategy: Strategy = { ...rbacBase, defaults: defaultBinding, validate: (o) => validateBinding(o, false), validateUpdate: (o, old) => validateBindingUpdate(o, old, false) };
export const clusterRoleBindingStrategy: Strategy = {
  ...rbacBase,
  defaults: defaultBinding,
  validate: (o) => validateBinding(o, true),
  validateUpdate: (o, old) => validateBindingUpdate(o as KubeObject & ClusterRoleBinding, old, true),
};
