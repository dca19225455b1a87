// Whether one PolicyRule covers one request, as rbac/validation's RuleAllows decides it: verbs and
// apiGroups by equality or `*`; resources as `pods`, `pods/status` (resource/subresource), `*`, or
// `*/scale` (that subresource of any resource); resourceNames, when present, must hold the name;
// non-resource requests match nonResourceURLs exactly, by `*`, or by a trailing `*` prefix.

import type { PolicyRule } from './types.ts';
import type { UserInfo } from '../user.ts';

/** What an authorizer is asked: authorizer.Attributes. */
export interface RequestAttributes {
  readonly user: UserInfo;
  /** get, list, watch, create, update, patch, delete, deletecollection, or a special verb (impersonate, bind, escalate, approve...). */
  readonly verb: string;
  readonly apiGroup?: string;
  /** The plural resource (`pods`); absent or '' with a `path` for a non-resource request. */
  readonly resource?: string;
  readonly subresource?: string;
  /** '' or absent for cluster-scoped resources and for all-namespace lists. */
  readonly namespace?: string;
  /** '' or absent for list, watch, create and deletecollection. */
  readonly name?: string;
  /** The URL path of a non-resource request (`/healthz`, `/api`). */
  readonly path?: string;
  /** A list or watch's ?fieldSelector=, which the Node authorizer reads (`spec.nodeName=<node>`). */
  readonly fieldSelector?: string;
}

export const isResourceRequest = (a: RequestAttributes): boolean => (a.resource ?? '') !== '' || a.path === undefined;

const has = (list: readonly string[] | undefined, value: string): boolean => (list ?? []).includes(value);

export const verbMatches = (rule: PolicyRule, verb: string): boolean => has(rule.verbs, '*') || has(rule.verbs, verb);

export const apiGroupMatches = (rule: PolicyRule, group: string): boolean => has(rule.apiGroups, '*') || has(rule.apiGroups, group);

/** `combined` is `resource` or `resource/subresource`. */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === '*' || r === combined) return true;
    if (subresource !== '' && r === `*/${subresource}`) return true;
  }
  return false;
}

export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === '*' || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.slice(0, -1))) return true;
  }
  return false;
}

/** RuleAllows. */
export function ruleAllows(a: RequestAttributes, rule: PolicyRule): boolean {
  if (!isResourceRequest(a)) return verbMatches(rule, a.verb) && nonResourceURLMatches(rule, a.path ?? '');
  const sub = a.subresource ?? '';
  const combined = sub === '' ? (a.resource ?? '') : `${a.resource ?? ''}/${sub}`;
  return verbMatches(rule, a.verb) && apiGroupMatches(rule, a.apiGroup ?? '') && resourceMatches(rule, combined, sub) && resourceNameMatches(rule, a.name ?? '');
}
