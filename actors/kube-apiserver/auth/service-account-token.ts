// Service-account tokens: JWTs with the claims Kubernetes' bound tokens carry (iss, sub, aud,
// exp, iat, nbf, jti and the private `kubernetes.io` claim), signed here with HMAC-SHA256 over a
// key from the cluster's config instead of the RSA key a real cluster uses: nothing outside the
// simulation verifies them, and HMAC needs no key generation, so a seed gives the same tokens.
// Times are virtual: seconds since the epoch, derived from the caller's virtual milliseconds.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { type UserInfo, serviceAccountGroups, serviceAccountUsername, userInfo } from './user.ts';

export interface ServiceAccountTokenConfig {
  /** The signing key (any string); every apiserver replica must share it. */
  readonly key: string;
  /** --service-account-issuer; tokens from another issuer are not this authenticator's. */
  readonly issuer: string;
  /** --api-audiences: a token must name at least one. Defaults to [issuer], as kube-apiserver does. */
  readonly audiences?: readonly string[];
}

export interface BoundObject {
  readonly name: string;
  readonly uid: string;
}

/** What a TokenRequest asks for; times in virtual milliseconds. */
export interface TokenRequestClaims {
  readonly namespace: string;
  readonly serviceAccount: BoundObject;
  readonly nowMs: number;
  /** Defaults to 3600 s, the TokenRequest default. */
  readonly expirationSeconds?: number;
  readonly audiences?: readonly string[];
  /** A unique id from the caller's seeded stream (Kubernetes uses a random UUID). */
  readonly jti?: string;
  readonly pod?: BoundObject;
  readonly node?: BoundObject;
}

interface KubernetesClaim {
  namespace: string;
  serviceaccount: BoundObject;
  pod?: BoundObject;
  node?: BoundObject;
}

interface Claims {
  aud: string[];
  exp: number;
  iat: number;
  iss: string;
  jti?: string;
  'kubernetes.io': KubernetesClaim;
  nbf: number;
  sub: string;
}

const HEADER = { alg: 'HS256', typ: 'JWT' };
const b64url = (s: string | Buffer): string => Buffer.from(s).toString('base64url');
const sign = (key: string, input: string): string => createHmac('sha256', key).update(input).digest('base64url');

/** The signed token: header.claims.signature, each part base64url without padding. */
export function issueServiceAccountToken(config: ServiceAccountTokenConfig, req: TokenRequestClaims): string {
  const iat = Math.floor(req.nowMs / 1000);
  const k8s: KubernetesClaim = { namespace: req.namespace, serviceaccount: req.serviceAccount };
  if (req.pod) k8s.pod = req.pod;
  if (req.node) k8s.node = req.node;
  const claims: Claims = {
    aud: [...(req.audiences ?? config.audiences ?? [config.issuer])],
    exp: iat + (req.expirationSeconds ?? 3600),
    iat,
    iss: config.issuer,
    ...(req.jti === undefined ? {} : { jti: req.jti }),
    'kubernetes.io': k8s,
    nbf: iat,
    sub: serviceAccountUsername(req.namespace, req.serviceAccount.name),
  };
  const input = `${b64url(JSON.stringify(HEADER))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${sign(config.key, input)}`;
}

/**
 * Whether a service account still exists, and its uid: a token outlives neither. Return undefined
 * for a deleted one. Without a lookup the claims are trusted as they stand.
 */
export type ServiceAccountLookup = (namespace: string, name: string) => { readonly uid: string } | undefined;

export type TokenCheck =
  /** Not a token of this issuer: another authenticator may know it. */
  | { readonly kind: 'not-mine' }
  | { readonly kind: 'invalid'; readonly reason: string }
  | { readonly kind: 'user'; readonly user: UserInfo };

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The extra fields a bound token adds to its user (authentication.kubernetes.io/...). */
function extraOf(k8s: KubernetesClaim, jti: string | undefined): Record<string, string[]> {
  const extra: Record<string, string[]> = {};
  if (k8s.pod) {
    extra['authentication.kubernetes.io/pod-name'] = [k8s.pod.name];
    extra['authentication.kubernetes.io/pod-uid'] = [k8s.pod.uid];
  }
  if (k8s.node) {
    extra['authentication.kubernetes.io/node-name'] = [k8s.node.name];
    extra['authentication.kubernetes.io/node-uid'] = [k8s.node.uid];
  }
  if (jti !== undefined && jti !== '') extra['authentication.kubernetes.io/credential-id'] = [`JTI=${jti}`];
  return extra;
}

/** Verifies signature, issuer, audience and lifetime at virtual time `nowMs`, then the account. */
export function checkServiceAccountToken(config: ServiceAccountTokenConfig, token: string, nowMs: number, lookup?: ServiceAccountLookup): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { kind: 'not-mine' };
  const claims = decodeJson(parts[1]!) as Partial<Claims> | undefined;
  if (typeof claims !== 'object' || claims === null || claims.iss !== config.issuer) return { kind: 'not-mine' };
  const header = decodeJson(parts[0]!) as { alg?: unknown } | undefined;
  if (header?.alg !== HEADER.alg) return { kind: 'invalid', reason: 'unexpected signing algorithm' };
  const want = Buffer.from(sign(config.key, `${parts[0]}.${parts[1]}`));
  const got = Buffer.from(parts[2]!);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return { kind: 'invalid', reason: 'invalid signature' };
  const audiences = config.audiences ?? [config.issuer];
  if (!Array.isArray(claims.aud) || !claims.aud.some((a) => audiences.includes(a))) return { kind: 'invalid', reason: 'token audiences is invalid' };
  const now = Math.floor(nowMs / 1000);
  if (typeof claims.exp !== 'number' || now > claims.exp) return { kind: 'invalid', reason: 'service account token has expired' };
  if (typeof claims.nbf === 'number' && now < claims.nbf) return { kind: 'invalid', reason: 'service account token is not valid yet' };
  const k8s = claims['kubernetes.io'];
  if (!k8s || typeof k8s.namespace !== 'string' || typeof k8s.serviceaccount?.name !== 'string') return { kind: 'invalid', reason: 'token has no kubernetes.io claim' };
  const { namespace } = k8s;
  const sa = k8s.serviceaccount;
  if (claims.sub !== serviceAccountUsername(namespace, sa.name)) return { kind: 'invalid', reason: 'sub claim does not name the service account' };
  if (lookup) {
    const found = lookup(namespace, sa.name);
    if (!found) return { kind: 'invalid', reason: `service account ${namespace}/${sa.name} has been deleted` };
    if (found.uid !== sa.uid) return { kind: 'invalid', reason: `service account UID (${found.uid}) does not match claim (${sa.uid})` };
  }
  return { kind: 'user', user: userInfo(serviceAccountUsername(namespace, sa.name), sa.uid, serviceAccountGroups(namespace), extraOf(k8s, claims.jti)) };
}
