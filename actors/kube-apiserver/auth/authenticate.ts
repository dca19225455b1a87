// Request authentication as kube-apiserver chains it: the bearer token of the Authorization
// header tried against the static token table, then the service-account token authenticator;
// the first that knows the token names the user, and every named user joins system:authenticated.
// A request without a bearer token (or with an empty one) is anonymous (system:anonymous in
// system:unauthenticated) when anonymous auth is on, its default; a bearer token nobody accepts
// is a 401 and never anonymous.

import { type FailureStatus, unauthorized } from '../../../protocols/kube/status.ts';
import { type ServiceAccountLookup, type ServiceAccountTokenConfig, checkServiceAccountToken } from './service-account-token.ts';
import type { TokenTable } from './token-file.ts';
import { type UserInfo, anonymousUser, withAuthenticatedGroup } from './user.ts';
import { deepFrozen } from '../deep-frozen.ts';

export interface AuthenticatorConfig {
  /** --token-auth-file's table (parseTokenFile). */
  readonly tokens?: TokenTable;
  readonly serviceAccounts?: ServiceAccountTokenConfig;
  /** Checks a service-account token's account still exists with the uid it names. */
  readonly serviceAccountLookup?: ServiceAccountLookup;
  /** --anonymous-auth; true unless set to false, as kube-apiserver's default. */
  readonly anonymous?: boolean;
}

export interface Credentials {
  /** The Authorization header as sent: `Bearer <token>` (what `kyb serve` hears over HTTP). */
  readonly authorization?: string;
  /** The bearer token itself, as an ApiserverMsg carries it; wins over `authorization`. */
  readonly token?: string;
}

export type AuthnResult =
  /** `warnings`: what the apiserver sends back as Warning headers. */
  | { readonly ok: true; readonly user: UserInfo; readonly warnings?: readonly string[] }
  /** `reason` is for logs and traces only: the client sees the Status, which never says why. */
  | { readonly ok: false; readonly status: FailureStatus; readonly reason: string };

/**
 * The token of an `Authorization: Bearer <token>` header, or undefined when it carries none. An
 * empty token (`Bearer  abc`, two spaces) counts as none, as the apiserver's bearer-token
 * authenticator has it, which also warns about the extra space.
 */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const parts = authorization.trim().split(' ');
  if (parts.length < 2 || parts[0]!.toLowerCase() !== 'bearer' || parts[1] === '') return undefined;
  return parts[1]!;
}

export const EXTRA_SPACE_WARNING = 'the provided Authorization header contains extra space before the bearer token, and is ignored';
const extraSpace = (authorization: string | undefined): boolean => {
  const parts = (authorization ?? '').trim().split(' ');
  return parts.length >= 3 && parts[0]!.toLowerCase() === 'bearer' && parts[1] === '';
};

const rejected = (reason: string): AuthnResult => ({ ok: false, status: unauthorized('Unauthorized'), reason });

// A token-table row names the same user on every request: its answer (plain data, never changed)
// is made once per row, not per request, and frozen: every request (of every replica) on that row
// shares it. Service-account users are made afresh per token check.
const fromTableRow = new WeakMap<UserInfo, AuthnResult>();
function tableResult(row: UserInfo): AuthnResult {
  let r = fromTableRow.get(row);
  if (r === undefined) fromTableRow.set(row, (r = deepFrozen({ ok: true, user: withAuthenticatedGroup(row) })));
  return r;
}

/** Authenticates one request at virtual time `nowMs` (service-account tokens expire). */
export function authenticate(config: AuthenticatorConfig, creds: Credentials, nowMs: number): AuthnResult {
  const token = creds.token !== undefined ? creds.token : bearerToken(creds.authorization);
  if (token === undefined || token === '') {
    if (config.anonymous === false) return rejected('no credentials and anonymous auth is off');
    return creds.token === undefined && extraSpace(creds.authorization) ? { ok: true, user: anonymousUser(), warnings: [EXTRA_SPACE_WARNING] } : { ok: true, user: anonymousUser() };
  }
  const fromTable = config.tokens?.get(token);
  if (fromTable) return tableResult(fromTable);
  if (config.serviceAccounts) {
    const check = checkServiceAccountToken(config.serviceAccounts, token, nowMs, config.serviceAccountLookup);
    if (check.kind === 'user') return { ok: true, user: withAuthenticatedGroup(check.user) };
    if (check.kind === 'invalid') return rejected(check.reason);
  }
  return rejected('invalid bearer token');
}
