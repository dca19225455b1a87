// The cluster's credentials and secrets-at-rest key, as kubeadm would make them: a token per
// component (an admin in system:masters, the scheduler, the controller manager, kube-proxy, each
// node's kubelet), and an aescbc key for Secrets. Drawn from a stream fixed for every run, so a
// cluster's tokens and stored bytes are the same under every seed.

import { Rng } from '../../runtime/index.ts';
import { type ComponentIdentity, componentIdentities, identitiesTokenTable } from '../../actors/kube-apiserver/auth/index.ts';
import type { AuthenticatorConfig } from '../../actors/kube-apiserver/auth/index.ts';

export interface ClusterSecurity {
  readonly identities: readonly ComponentIdentity[];
  readonly auth: AuthenticatorConfig;
  /** The EncryptionConfiguration every apiserver replica reads. */
  readonly encryption: string;
}

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
  return { identities, auth: { tokens: identitiesTokenTable(identities), serviceAccounts: { key: key(rng), issuer: 'https://kubernetes.default.svc.cluster.local' } }, encryption };
}
