// Who a request is and whether it may do what it asks: authentication by bearer token (the token
// table, service-account tokens, anonymous) and authorization (--authorization-mode=Node,RBAC:
// system:masters, the Node authorizer over the replica's graph, then RBAC over the Roles and
// bindings in the replica's caches, compiled again whenever one of them changes). Until the
// caches are listed the graph is empty and kubelets' reads of their pods' objects are refused,
// as a starting kube-apiserver refuses them; their clients retry.

import type { ApiVerb, Target } from '../../../protocols/kube/api.ts';
import type { FailureStatus } from '../../../protocols/kube/status.ts';
import { type AuthenticatorConfig, authenticate, authorize, type CompiledPolicy, compilePolicy, forbiddenStatus, requestAttributes, SYSTEM_PRIVILEGED_GROUP, type UserInfo } from '../auth/index.ts';
import type { Shell } from './state.ts';

const RBAC = 'rbac.authorization.k8s.io';
const RBAC_RESOURCES = ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'] as const;
const RBAC_KEYS = RBAC_RESOURCES.map((r) => `${RBAC}/${r}`);

/** An administrator: who every request is when the replica authenticates nobody. */
export const UNAUTHENTICATED_ADMIN: UserInfo = { name: 'system:admin', uid: '', groups: ['system:masters', 'system:authenticated'], extra: {} };

function policy(sh: Pick<Shell, 's'>): CompiledPolicy {
  let at = -Infinity;
  for (const key of RBAC_KEYS) at = Math.max(at, sh.s.caches.changedAt(key));
  if (sh.s.policy === undefined || sh.s.policy.at !== at) {
    const [roles, clusterRoles, roleBindings, clusterRoleBindings] = RBAC_RESOURCES.map((r) => [...sh.s.caches.items(RBAC, r)]);
    sh.s.policy = { at, compiled: compilePolicy({ roles, clusterRoles, roleBindings, clusterRoleBindings } as never) };
  }
  return sh.s.policy.compiled;
}

/** The caller, or the 401 (a token nobody knows) or 403 (not allowed) it gets. */
export function admit(sh: Shell, token: string | undefined, verb: ApiVerb | 'watch', target: Target, options?: object): { user: UserInfo } | { status: FailureStatus } {
  return admitAt(sh, sh.env.nowMs, token, verb, target, options);
}

/** admit, for a caller with no shell made yet: the replica's options and state, and the time. */
export function admitAt(sh: Pick<Shell, 'options' | 's'>, nowMs: number, token: string | undefined, verb: ApiVerb | 'watch', target: Target, options?: object): { user: UserInfo } | { status: FailureStatus } {
  const config: AuthenticatorConfig | undefined = sh.options.auth;
  if (config === undefined) return { user: UNAUTHENTICATED_ADMIN };
  const authn = authenticate(config, token === undefined ? {} : { token }, nowMs);
  if (!authn.ok) return { status: authn.status };
  // The privileged group is allowed before any authorizer looks (authorize's first rule): its
  // requests need no attributes, and no policy compiled for them.
  if (authn.user.groups.includes(SYSTEM_PRIVILEGED_GROUP)) return { user: authn.user };
  const attrs = requestAttributes(authn.user, verb, target, options);
  const decision = authorize(attrs, policy(sh), { nodeGraph: sh.s.nodeGraph });
  return decision.allowed ? { user: authn.user } : { status: forbiddenStatus(attrs, decision.reason) };
}
