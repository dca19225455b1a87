// The identities a cluster's components present, as kubeadm gives them: an admin in
// system:masters, the scheduler, controller manager and kube-proxy as their well-known users,
// each kubelet as system:node:<name> in system:nodes. Tokens are drawn from the caller's seeded
// `pick`, so a seed gives the same token file; the table feeds authenticate() directly.

import { formatTokenFile } from './token-file.ts';
import { KUBE_CONTROLLER_MANAGER, KUBE_PROXY, KUBE_SCHEDULER, NODES_GROUP, NODE_USER_PREFIX, SYSTEM_PRIVILEGED_GROUP, type UserInfo, userInfo } from './user.ts';

export interface ComponentIdentity {
  /** 'admin', 'kube-scheduler', 'kube-controller-manager', 'kube-proxy', or 'kubelet:<node>'. */
  readonly component: string;
  readonly user: UserInfo;
  readonly token: string;
}

export const ADMIN_USER = 'kubernetes-admin';
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A token of `length` characters from [a-z0-9]. */
export const drawToken = (pick: (n: number) => number, length = 32): string => Array.from({ length }, () => ALPHABET[pick(ALPHABET.length)]!).join('');

/** One identity per component, in a fixed order (admin, control plane, then the kubelets as given). */
export function componentIdentities(nodeNames: readonly string[], pick: (n: number) => number): ComponentIdentity[] {
  const who: [string, UserInfo][] = [
    ['admin', userInfo(ADMIN_USER, '', [SYSTEM_PRIVILEGED_GROUP])],
    ['kube-scheduler', userInfo(KUBE_SCHEDULER)],
    ['kube-controller-manager', userInfo(KUBE_CONTROLLER_MANAGER)],
    ['kube-proxy', userInfo(KUBE_PROXY)],
    ...nodeNames.map((n): [string, UserInfo] => [`kubelet:${n}`, userInfo(`${NODE_USER_PREFIX}${n}`, '', [NODES_GROUP])]),
  ];
  return who.map(([component, user]) => ({ component, user, token: drawToken(pick) }));
}

/** The --token-auth-file text for these identities. */
export const identitiesTokenFile = (ids: readonly ComponentIdentity[]): string =>
  formatTokenFile(ids.map((i) => ({ token: i.token, user: i.user.name, uid: i.user.uid, groups: i.user.groups })));

/** The token table for these identities, without going through the file. */
export const identitiesTokenTable = (ids: readonly ComponentIdentity[]): ReadonlyMap<string, UserInfo> => new Map(ids.map((i) => [i.token, i.user]));
