// user.Info as k8s.io/apiserver/pkg/authentication/user has it: who a request is, as every
// authenticator produces it and every authorizer reads it. The well-known names are those the
// apiserver and the bootstrap policy agree on.

/** An authenticated (or anonymous) requester. Plain data: it rides in messages and traces. */
export interface UserInfo {
  readonly name: string;
  /** '' when the authenticator knows none (anonymous, some token-file rows). */
  readonly uid: string;
  readonly groups: readonly string[];
  readonly extra: Readonly<Record<string, readonly string[]>>;
}

export const ANONYMOUS_USER = 'system:anonymous';
export const ALL_AUTHENTICATED = 'system:authenticated';
export const ALL_UNAUTHENTICATED = 'system:unauthenticated';
/** The group the apiserver lets past every authorizer (its privileged-group authorizer). */
export const SYSTEM_PRIVILEGED_GROUP = 'system:masters';
export const NODES_GROUP = 'system:nodes';
export const NODE_USER_PREFIX = 'system:node:';
export const KUBE_PROXY = 'system:kube-proxy';
export const KUBE_CONTROLLER_MANAGER = 'system:kube-controller-manager';
export const KUBE_SCHEDULER = 'system:kube-scheduler';
export const MONITORING_GROUP = 'system:monitoring';

export const SERVICE_ACCOUNT_USER_PREFIX = 'system:serviceaccount:';
export const ALL_SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';
export const SERVICE_ACCOUNT_GROUP_PREFIX = 'system:serviceaccounts:';

export function userInfo(name: string, uid = '', groups: readonly string[] = [], extra: Readonly<Record<string, readonly string[]>> = {}): UserInfo {
  return { name, uid, groups, extra };
}

/** What the anonymous authenticator makes of a request that carries no credential. */
export const anonymousUser = (): UserInfo => userInfo(ANONYMOUS_USER, '', [ALL_UNAUTHENTICATED]);

/**
 * The AuthenticatedGroupAdder: every user a credential named, except the anonymous one, also
 * belongs to system:authenticated, unless the authenticator already put it in either
 * system:authenticated or system:unauthenticated.
 */
export function withAuthenticatedGroup(u: UserInfo): UserInfo {
  if (u.name === ANONYMOUS_USER) return u;
  if (u.groups.includes(ALL_AUTHENTICATED) || u.groups.includes(ALL_UNAUTHENTICATED)) return u;
  return { ...u, groups: [...u.groups, ALL_AUTHENTICATED] };
}

/** `system:serviceaccount:<ns>:<name>`. */
export const serviceAccountUsername = (namespace: string, name: string): string => `${SERVICE_ACCOUNT_USER_PREFIX}${namespace}:${name}`;

/** The groups a service account's user belongs to, before system:authenticated is added. */
export const serviceAccountGroups = (namespace: string): string[] => [ALL_SERVICE_ACCOUNTS_GROUP, `${SERVICE_ACCOUNT_GROUP_PREFIX}${namespace}`];

/** serviceaccount.SplitUsername: the namespace and name of a service account's user, or undefined. */
export function splitServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_USER_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_USER_PREFIX.length).split(':');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return undefined;
  return { namespace: parts[0]!, name: parts[1]! };
}
