// From an apiserver call to the attributes the authorizer is asked about. The API's verbs are
// already Kubernetes' authorization verbs (get, list, create, update, patch, delete,
// deletecollection); a watch is authorized as `watch`.

import type { ApiVerb, Target } from '../../../protocols/kube/api.ts';
import type { RequestAttributes } from './rbac/rule-matching.ts';
import type { UserInfo } from './user.ts';

/** `options`: the call's options, any verb's; a list's or watch's fieldSelector is kept (the Node authorizer reads it). */
export function requestAttributes(user: UserInfo, verb: ApiVerb | 'watch', target: Target, options?: object): RequestAttributes {
  const fieldSelector = options && 'fieldSelector' in options && typeof options.fieldSelector === 'string' ? options.fieldSelector : '';
  return {
    ...(fieldSelector ? { fieldSelector } : {}),
    user,
    verb,
    apiGroup: target.group,
    resource: target.resource,
    subresource: target.subresource ?? '',
    namespace: target.namespace ?? '',
    name: target.name ?? '',
  };
}

/** A request for a path outside the resource API (`/healthz`, `/version`, `/api`, `/metrics`). */
export const nonResourceAttributes = (user: UserInfo, verb: string, path: string): RequestAttributes => ({ user, verb, path });
