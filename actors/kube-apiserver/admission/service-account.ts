// ServiceAccount: every pod runs as a service account ("default" unless it names one), which must
// exist, and unless automounting is switched off (on the pod, else on the account) every container
// gets the account's API credentials: a projected `kube-api-access-<5 random>` volume (a bound
// token valid 3607 s, the cluster CA from the kube-root-ca.crt ConfigMap, the namespace) mounted
// read-only at /var/run/secrets/kubernetes.io/serviceaccount. Mirror pods are left as they are and
// may reference no account, secret or token.
//
// Not done: the kubernetes.io/enforce-mountable-secrets annotation's secret restrictions and the
// ephemeralcontainers subresource's checks.

import type { Pod, ServiceAccount } from '../../../protocols/kube/objects.ts';
import { admissionForbidden } from './errors.ts';
import { deepFrozen } from '../deep-frozen.ts';
import { isJsonRoundTrip } from '../storage/json-copy.ts';
import { isMirrorPod, podReferences } from '../../../protocols/kube/pod-references.ts';
import type { AdmissionAttributes, AdmissionContext, AdmissionPlugin, Verdict } from './types.ts';

export const DEFAULT_SERVICE_ACCOUNT = 'default';
export const TOKEN_VOLUME_PREFIX = 'kube-api-access-';
export const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** A token's default life: an hour, plus 7 s so a kubelet can tell it is a bound token. */
export const TOKEN_EXPIRATION_SECONDS = 3607;

/** The alphabet of apimachinery's rand.String: no vowels (no words), no 0/1/3 (no look-alikes). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(pick: (n: number) => number, length = 5): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHANUMS[pick(ALPHANUMS.length)];
  return s;
}

type Volume = NonNullable<NonNullable<Pod['spec']>['volumes']>[number];

type Projection = NonNullable<Volume['projected']>;

/**
 * What every pod's token volume projects, the same for all: one value, frozen through and through
 * and known to survive a JSON round trip (settled, see storage/json-copy.ts), shared by every pod
 * instead of twelve objects built for each. Nothing changes a stored object's parts in place
 * (writes build new ones, as for the FieldsV1 shared by objects created alike), and what reads it
 * (the round-trip check, the spec memo's comparison) knows it by its identity.
 */
const TOKEN_PROJECTION: Readonly<Projection> = deepFrozen({
  sources: [
    { serviceAccountToken: { expirationSeconds: TOKEN_EXPIRATION_SECONDS, path: 'token' } },
    { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
  ],
  defaultMode: 0o644,
});
isJsonRoundTrip(TOKEN_PROJECTION);

export function tokenVolume(name: string): Volume {
  return { name, projected: TOKEN_PROJECTION };
}

const handles = (a: AdmissionAttributes): boolean =>
  a.resource.group === '' && a.resource.resource === 'pods' && a.resource.subresource === '' && a.operation === 'CREATE' && a.object !== undefined;

const lookupFailed = (a: AdmissionAttributes, account: string): string =>
  `error looking up service account ${a.namespace}/${account}: serviceaccount "${account}" not found`;

function shouldAutomount(sa: ServiceAccount, pod: Pod): boolean {
  if (pod.spec?.automountServiceAccountToken !== undefined) return pod.spec.automountServiceAccountToken;
  if (sa.automountServiceAccountToken !== undefined) return sa.automountServiceAccountToken;
  return true;
}

function mountToken(pod: Pod, pick: (n: number) => number): void {
  const spec = pod.spec!;
  const existing = (spec.volumes ?? []).find((v) => v.name.startsWith(TOKEN_VOLUME_PREFIX));
  const volumeName = existing?.name ?? `${TOKEN_VOLUME_PREFIX}${randomSuffix(pick)}`;
  // Init containers, then the others, each list read where it is (no list of both is built).
  let needsVolume = false;
  for (const c of spec.initContainers ?? []) if (mountIn(c, volumeName)) needsVolume = true;
  for (const c of spec.containers) if (mountIn(c, volumeName)) needsVolume = true;
  if (existing === undefined && needsVolume) spec.volumes = [...(spec.volumes ?? []), tokenVolume(volumeName)];
}

type Container = NonNullable<Pod['spec']>['containers'][number];

/** Mounts the token volume in a container that has nothing at its path; whether it did. */
function mountIn(c: Container, volumeName: string): boolean {
  if ((c.volumeMounts ?? []).some((m) => m.mountPath === TOKEN_MOUNT_PATH)) return false;
  c.volumeMounts = [...(c.volumeMounts ?? []), { name: volumeName, readOnly: true, mountPath: TOKEN_MOUNT_PATH }];
  return true;
}

function validate(a: AdmissionAttributes, ctx: AdmissionContext): Verdict {
  if (!handles(a)) return undefined;
  const pod = a.object as unknown as Pod;
  if (isMirrorPod(pod)) {
    if (pod.spec?.serviceAccountName) return admissionForbidden(a, 'a mirror pod may not reference service accounts');
    if (podReferences(pod).secrets.length > 0) return admissionForbidden(a, 'a mirror pod may not reference secrets');
    const projectsToken = (pod.spec?.volumes ?? []).some((v) => (v.projected?.sources ?? []).some((s) => s.serviceAccountToken !== undefined));
    if (projectsToken) return admissionForbidden(a, 'a mirror pod may not use ServiceAccountToken volume projections');
    return undefined;
  }
  const account = pod.spec?.serviceAccountName ?? '';
  if (account === '') return admissionForbidden(a, `no service account specified for pod ${a.namespace}/${pod.metadata?.name ?? ''}`);
  if (ctx.listers.serviceAccount(a.namespace, account) === undefined) return admissionForbidden(a, lookupFailed(a, account));
  return undefined;
}

function admit(a: AdmissionAttributes, ctx: AdmissionContext): Verdict {
  if (!handles(a)) return undefined;
  const pod = a.object as unknown as Pod;
  // A mirror pod's spec must stay as its static manifest says, or the kubelet deletes it.
  if (isMirrorPod(pod)) return validate(a, ctx);
  const spec = (pod.spec ??= { containers: [] });
  if (!spec.serviceAccountName) spec.serviceAccountName = DEFAULT_SERVICE_ACCOUNT;
  const sa = ctx.listers.serviceAccount(a.namespace, spec.serviceAccountName);
  if (sa === undefined) return admissionForbidden(a, lookupFailed(a, spec.serviceAccountName));
  if (shouldAutomount(sa, pod)) mountToken(pod, ctx.pick);
  if ((spec.imagePullSecrets ?? []).length === 0 && (sa.imagePullSecrets ?? []).length > 0) {
    spec.imagePullSecrets = sa.imagePullSecrets!.map((s) => ({ name: s.name }));
  }
  // What validate() would check holds: not a mirror pod, an account named, and found just now.
  return undefined;
}

export const serviceAccount: AdmissionPlugin = { name: 'ServiceAccount', admit, validate };
