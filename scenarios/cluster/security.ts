// The cluster's credentials and secrets-at-rest key, as kubeadm would make them: a token per
// component (an admin in system:masters, the scheduler, the controller manager, kube-proxy, each
// node's kubelet), and an aescbc key for Secrets. Drawn from a stream fixed for every run, so a
// cluster's tokens and stored bytes are the same under every seed.

import { Rng } from '../../runtime/index.ts';
import { type ComponentIdentity, componentIdentities, identitiesTokenTable } from '../../actors/kube-apiserver/auth/index.ts';
import { type AuthenticatorConfig, issueServiceAccountToken } from '../../actors/kube-apiserver/auth/index.ts';
import { CONTROLLER_ROLES } from '../../actors/kube-apiserver/auth/rbac/controller-roles.ts';
import { DEFAULT_EPOCH_MS } from '../../protocols/kube/time.ts';

export interface ClusterSecurity {
  readonly identities: readonly ComponentIdentity[];
  /**
   * Tokens of kube-controller-manager's controllers, by controller: each runs as its own
   * kube-system service account (--use-service-account-credentials, as kubeadm sets it).
   * Kubernetes' controller manager asks TokenRequest for them; the builder issues them instead.
   */
  readonly controllerTokens: Readonly<Record<string, string>>;
  readonly auth: AuthenticatorConfig;
  /** The EncryptionConfiguration every apiserver replica reads. */
  readonly encryption: string;
}

/** kube-controller-manager's controllers, each with its own service account (and RBAC role). */
const CONTROLLERS = CONTROLLER_ROLES.map((r) => r.name);
/** A hundred years: the builder does not rotate controller tokens. */
const CONTROLLER_TOKEN_SECONDS = 100 * 365 * 86_400;

/** 32 bytes, base64: an AES-256 key. */
const key = (rng: Rng): string => Buffer.from(Array.from({ length: 32 }, () => rng.int(256))).toString('base64');

export function clusterSecurity(nodeNames: readonly string[]): ClusterSecurity {
  const rng = Rng.stream(1, 'kybernetes cluster credentials');
  const identities = componentIdentities(nodeNames, (n) => rng.int(n));
  const encryption = [
    'apiVersion: apiserver.config.k8s.io/v1',
    'kind: EncryptionConfiguration',
    'resources:',
    '  - resources:',
    '      - secrets',
    '    providers:',
    '      - aescbc:',
    '          keys:',
    '            - name: key1',
    `              secret: ${key(rng)}`,
    '      - identity: {}',
    '',
  ].join('\n');
  const serviceAccounts = { key: key(rng), issuer: 'https://kubernetes.default.svc.cluster.local' };
  const controllerTokens = Object.fromEntries(
    CONTROLLERS.map((name, i) => [
      name,
      issueServiceAccountToken(serviceAccounts, {
        namespace: 'kube-system',
        serviceAccount: { name, uid: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}` },
        nowMs: DEFAULT_EPOCH_MS,
        expirationSeconds: CONTROLLER_TOKEN_SECONDS,
      }),
    ]),
  );
  return { identities, controllerTokens, auth: { tokens: identitiesTokenTable(identities), serviceAccounts }, encryption };
}
