// From an apiserver call to the attributes the authorizer is asked about. The API's verbs are
// already Kubernetes' authorization verbs (get, list, create, update, patch, delete,
// deletecollection); a watch is authorized as `watch`.

import type { ApiVerb, Target } from '../../../protocols/kube/api.ts';
import type { RequestAttributes } from './rbac/rule-matching.ts';
import type { UserInfo } from './user.ts';

/**
 * The name a list or watch names through its field selector, as the apiserver's RequestInfo
 * takes it: the value of a `metadata.name=<n>` (or `==`) term, when it is a valid path segment.
 * So a kubelet's watch of one Secret is authorized as that Secret's.
 */
function selectedName(fieldSelector: string): string {
  if (!fieldSelector.includes('metadata.name')) return '';
  for (const term of fieldSelector.split(',')) {
    const eq = term.indexOf('=');
    if (eq < 0 || term[eq - 1] === '!' || term.slice(0, eq).trim() !== 'metadata.name') continue;
    const value = term.slice(term[eq + 1] === '=' ? eq + 2 : eq + 1).trim();
    if (value === '' || value === '.' || value === '..' || value.includes('/') || value.includes('%')) return '';
    return value;
  }
  return '';
}

/** `options`: the call's options, any verb's; a list's or watch's fieldSelector is kept (the Node authorizer reads it). */
export function requestAttributes(user: UserInfo, verb: ApiVerb | 'watch', target: Target, options?: object): RequestAttributes {
  const fieldSelector = options && 'fieldSelector' in options && typeof options.fieldSelector === 'string' ? options.fieldSelector : '';
  const name = target.name ?? (fieldSelector !== '' && (verb === 'list' || verb === 'watch') ? selectedName(fieldSelector) : '');
  // Written out for both shapes (a spread is many times slower): every request not in
  // system:masters makes one.
  const subresource = target.subresource ?? '';
  const namespace = target.namespace ?? '';
  if (fieldSelector) return { fieldSelector, user, verb, apiGroup: target.group, resource: target.resource, subresource, namespace, name };
  return { user, verb, apiGroup: target.group, resource: target.resource, subresource, namespace, name };
}

/** A request for a path outside the resource API (`/healthz`, `/version`, `/api`, `/metrics`). */
export const nonResourceAttributes = (user: UserInfo, verb: string, path: string): RequestAttributes => ({ user, verb, path });
