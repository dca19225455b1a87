// The cluster's credentials and secrets-at-rest key, as kubeadm would make them: a token per
// component (an admin in system:masters, the scheduler, the controller manager, kube-proxy, each
// node's kubelet), and an aescbc key for Secrets. Drawn from a stream fixed for every run, so a
// cluster's tokens and stored bytes are the same under every seed.

import { Rng } from '../../runtime/index.ts';
import { type ComponentIdentity, componentIdentities, identitiesTokenTable } from '../../actors/kube-apiserver/auth/index.ts';
import { type AuthenticatorConfig, CCM_NAMESPACE, CCM_SERVICE_ACCOUNT, issueServiceAccountToken } from '../../actors/kube-apiserver/auth/index.ts';
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
  /**
   * With a cloud: the cloud-controller-manager's token, for the ServiceAccount
   * kube-system/cloud-controller-manager (as the upstream cloud-provider manifests run it).
   */
  readonly cloudControllerManagerToken?: string;
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

/** The ServiceAccount uid the builder's CCM token names: outside the controllers' range. */
const CCM_ACCOUNT_UID = '00000000-0000-4000-8001-000000000001';

export function clusterSecurity(nodeNames: readonly string[], options: { readonly cloud?: boolean } = {}): ClusterSecurity {
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
  // Issued last and only with a cloud (signing draws nothing), so a cloud-less cluster's credentials stay as they were.
  const ccm = options.cloud
    ? issueServiceAccountToken(serviceAccounts, {
        namespace: CCM_NAMESPACE,
        serviceAccount: { name: CCM_SERVICE_ACCOUNT, uid: CCM_ACCOUNT_UID },
        nowMs: DEFAULT_EPOCH_MS,
        expirationSeconds: CONTROLLER_TOKEN_SECONDS,
      })
    : undefined;
  return { identities, controllerTokens, ...(ccm === undefined ? {} : { cloudControllerManagerToken: ccm }), auth: { tokens: identitiesTokenTable(identities), serviceAccounts }, encryption };
}
