// The RBAC authorizer (plugin/pkg/auth/authorizer/rbac) over a policy held as plain objects:
// ClusterRoleBindings first, then the RoleBindings of the request's namespace; a binding counts
// when a subject names the user (User by name, Group by membership, ServiceAccount by
// system:serviceaccount:<ns>:<name>, the binding's namespace standing in for an absent one); the
// first rule of its role that covers the request allows it. A binding whose role is missing is
// skipped and named in the denial reason ("RBAC: clusterrole.rbac.authorization.k8s.io "x" not
// found"), as Kubernetes reports it. ../authorize.ts puts it behind system:masters and the Node
// authorizer.

import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, RoleRef, Subject } from './types.ts';
import { SERVICE_ACCOUNT_USER_PREFIX, type UserInfo } from '../user.ts';
import { aggregateClusterRoles } from './aggregation.ts';
import { type RequestAttributes, ruleAllows } from './rule-matching.ts';

export interface RbacPolicy {
  readonly roles?: readonly Role[];
  readonly clusterRoles?: readonly ClusterRole[];
  readonly roleBindings?: readonly RoleBinding[];
  readonly clusterRoleBindings?: readonly ClusterRoleBinding[];
}

/**
 * An allowed decision's reason names the grant, as RBAC logs it (`RBAC: allowed by
 * ClusterRoleBinding "x" of ClusterRole "y" to User "alice"`); '' for system:masters.
 */
export type Decision = { readonly allowed: true; readonly reason: string } | { readonly allowed: false; readonly reason: string };

export interface CompileOptions {
  /**
   * Fill aggregated ClusterRoles' rules here, as the clusterrole-aggregation controller would
   * (default true). Idempotent on roles that controller already filled.
   */
  readonly aggregate?: boolean;
}

/** A policy indexed for lookups; build once per policy change, ask many times. */
export interface CompiledPolicy {
  readonly clusterRoles: ReadonlyMap<string, ClusterRole>;
  /** namespace → name → Role. */
  readonly roles: ReadonlyMap<string, ReadonlyMap<string, Role>>;
  readonly clusterRoleBindings: readonly ClusterRoleBinding[];
  /** namespace → its RoleBindings. */
  readonly roleBindings: ReadonlyMap<string, readonly RoleBinding[]>;
}

function group<T extends { metadata?: { namespace?: string } }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const ns = it.metadata?.namespace ?? '';
    const list = out.get(ns);
    if (list) list.push(it);
    else out.set(ns, [it]);
  }
  return out;
}

export function compilePolicy(policy: RbacPolicy, opts: CompileOptions = {}): CompiledPolicy {
  const clusterRoles = opts.aggregate === false ? [...(policy.clusterRoles ?? [])] : aggregateClusterRoles(policy.clusterRoles ?? []);
  const roles = new Map<string, Map<string, Role>>();
  for (const [ns, list] of group(policy.roles ?? [])) roles.set(ns, new Map(list.map((r) => [r.metadata?.name ?? '', r])));
  return {
    clusterRoles: new Map(clusterRoles.map((r) => [r.metadata?.name ?? '', r])),
    roles,
    clusterRoleBindings: [...(policy.clusterRoleBindings ?? [])],
    roleBindings: group(policy.roleBindings ?? []),
  };
}

/** serviceaccount.MatchesUsername. */
const isServiceAccount = (namespace: string, name: string, username: string): boolean => username === `${SERVICE_ACCOUNT_USER_PREFIX}${namespace}:${name}`;

/** appliesToUser; `bindingNamespace` is '' for a ClusterRoleBinding. */
export function subjectAppliesTo(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns = subject.namespace ? subject.namespace : bindingNamespace;
      return ns !== '' && isServiceAccount(ns, subject.name, user.name);
    }
    default:
      return false;
  }
}

/** GetRoleReferenceRules: the rules a roleRef names, or the error Kubernetes reports for it. */
export function roleRefRules(p: CompiledPolicy, ref: RoleRef, bindingNamespace: string): { rules: readonly PolicyRule[] } | { error: string } {
  switch (ref.kind) {
    case 'Role': {
      const role = p.roles.get(bindingNamespace)?.get(ref.name);
      return role ? { rules: role.rules ?? [] } : { error: `role.rbac.authorization.k8s.io "${ref.name}" not found` };
    }
    case 'ClusterRole': {
      const role = p.clusterRoles.get(ref.name);
      return role ? { rules: role.rules ?? [] } : { error: `clusterrole.rbac.authorization.k8s.io "${ref.name}" not found` };
    }
    default:
      return { error: `unsupported role reference kind: "${ref.kind}"` };
  }
}

/** utilerrors.NewAggregate(errs).Error(): one message bare, several bracketed, duplicates once. */
function aggregateMessage(errors: readonly string[]): string {
  const seen = [...new Set(errors)];
  return seen.length === 1 ? seen[0]! : `[${seen.join(', ')}]`;
}

/** describeSubject: service accounts as `name/namespace`. */
function describeSubject(s: Subject, bindingNamespace: string): string {
  const name = s.kind === 'ServiceAccount' ? `${s.name}/${s.namespace ? s.namespace : bindingNamespace}` : s.name;
  return `${s.kind} "${name}"`;
}

/** The binding that granted a request, as RBAC's rule-source describers print it. */
function describeGrant(b: RoleBinding | ClusterRoleBinding, subject: Subject, ns: string): string {
  const binding = ns === '' ? `ClusterRoleBinding "${b.metadata?.name ?? ''}"` : `RoleBinding "${b.metadata?.name ?? ''}/${ns}"`;
  return `${binding} of ${b.roleRef.kind} "${b.roleRef.name}" to ${describeSubject(subject, ns)}`;
}

/** The RBAC decision alone (no privileged-group bypass). */
export function rbacAuthorize(p: CompiledPolicy, a: RequestAttributes): Decision {
  const errors: string[] = [];
  const visit = (bindings: readonly (RoleBinding | ClusterRoleBinding)[], ns: string): string | undefined => {
    for (const b of bindings) {
      const subject = (b.subjects ?? []).find((s) => subjectAppliesTo(a.user, s, ns));
      if (!subject) continue;
      const found = roleRefRules(p, b.roleRef, ns);
      if ('error' in found) {
        errors.push(found.error);
        continue;
      }
      if (found.rules.some((r) => ruleAllows(a, r))) return `RBAC: allowed by ${describeGrant(b, subject, ns)}`;
    }
    return undefined;
  };
  const ns = a.namespace ?? '';
  const grant = visit(p.clusterRoleBindings, '') ?? (ns === '' ? undefined : visit(p.roleBindings.get(ns) ?? [], ns));
  if (grant) return { allowed: true, reason: grant };
  return { allowed: false, reason: errors.length > 0 ? `RBAC: ${aggregateMessage(errors)}` : '' };
}

export const isCompiled = (p: CompiledPolicy | RbacPolicy): p is CompiledPolicy => p.clusterRoles instanceof Map;

/**
 * RulesFor: every rule a user holds in a namespace ('' for cluster-wide only), as a
 * SelfSubjectRulesReview (`kubectl auth can-i --list`) reports them, and the errors of bindings
 * whose role is missing (the review is then incomplete).
 */
export function rulesFor(p: CompiledPolicy, user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
  const rules: PolicyRule[] = [];
  const errors: string[] = [];
  const collect = (bindings: readonly (RoleBinding | ClusterRoleBinding)[], ns: string) => {
    for (const b of bindings) {
      if (!(b.subjects ?? []).some((s) => subjectAppliesTo(user, s, ns))) continue;
      const found = roleRefRules(p, b.roleRef, ns);
      if ('error' in found) errors.push(found.error);
      else rules.push(...found.rules);
    }
  };
  collect(p.clusterRoleBindings, '');
  if (namespace !== '') collect(p.roleBindings.get(namespace) ?? [], namespace);
  return { rules, errors };
}
