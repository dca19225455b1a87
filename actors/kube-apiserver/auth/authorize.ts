// The apiserver's authorization chain (--authorization-mode=Node,RBAC behind the privileged
// group): system:masters is allowed everything; then the Node authorizer, when given its graph;
// then RBAC. And the 403 a denied request gets, worded as the apiserver's Forbidden response.

import { type FailureStatus, forbidden, forbiddenBecause } from '../../../protocols/kube/status.ts';
import type { NodeGraph } from './node/node-graph.ts';
import { nodeAuthorize } from './node/node-authorizer.ts';
import { type CompiledPolicy, type Decision, type RbacPolicy, compilePolicy, isCompiled, rbacAuthorize } from './rbac/authorizer.ts';
import { type RequestAttributes, isResourceRequest } from './rbac/rule-matching.ts';
import { SYSTEM_PRIVILEGED_GROUP } from './user.ts';

const ALLOWED: Decision = { allowed: true, reason: '' };

export interface AuthorizeOptions {
  /** With a graph, the Node authorizer runs before RBAC (--authorization-mode=Node,RBAC). */
  readonly nodeGraph?: NodeGraph;
}

/**
 * What kube-apiserver decides: system:masters first, then the Node authorizer (when given its
 * graph), then RBAC; the first to allow wins, and a denial carries every authorizer's reason,
 * one per line, as the union authorizer joins them.
 */
export function authorize(a: RequestAttributes, policy: CompiledPolicy | RbacPolicy, opts: AuthorizeOptions = {}): Decision {
  if (a.user.groups.includes(SYSTEM_PRIVILEGED_GROUP)) return ALLOWED;
  let nodeReason = '';
  if (opts.nodeGraph) {
    const node = nodeAuthorize(a, opts.nodeGraph);
    if (node?.allowed) return ALLOWED;
    if (node) nodeReason = node.reason;
  }
  const rbac = rbacAuthorize(isCompiled(policy) ? policy : compilePolicy(policy), a);
  if (rbac.allowed) return rbac;
  const reason = nodeReason === '' ? rbac.reason : rbac.reason === '' ? nodeReason : `${nodeReason}\n${rbac.reason}`;
  return { allowed: false, reason };
}

/**
 * The 403 for a denied request, worded as the apiserver's Forbidden response: `pods is
 * forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace
 * "default"`, or `forbidden: User "alice" cannot get path "/metrics"` for a non-resource request.
 */
export function forbiddenStatus(a: RequestAttributes, reason = ''): FailureStatus {
  if (!isResourceRequest(a)) {
    const sentence = `User "${a.user.name}" cannot ${a.verb} path "${a.path ?? ''}"`;
    return forbidden({ group: '', resource: '' }, '', reason === '' ? sentence : `${sentence}: ${reason}`);
  }
  return forbiddenBecause({
    user: a.user.name,
    verb: a.verb,
    group: a.apiGroup ?? '',
    resource: a.resource ?? '',
    ...(a.subresource ? { subresource: a.subresource } : {}),
    ...(a.namespace ? { namespace: a.namespace } : {}),
    ...(a.name ? { name: a.name } : {}),
    ...(reason === '' ? {} : { reason }),
  });
}
