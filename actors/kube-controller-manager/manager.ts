// kube-controller-manager: a supervisor of controllers (kind controller), each a reconcile loop
// built with the client library, reading as the manager and writing as its own service account.
// For now it runs the root-ca-cert-publisher, which pods' service-account volumes need; the other
// controllers and the manager's leader election come with the control-loops issue (until then
// every replica's publisher works: their writes are idempotent, a second create is a 409).

import { type ChildSpec, supervisor } from '../../runtime/index.ts';
import { DEFAULT_EPOCH_MS, defineController } from '../client/index.ts';
import { publisherKeys, reconcileRootCA, ROOT_CA_CONFIGMAP } from './root-ca-publisher.ts';

export interface ControllerManagerOptions {
  /** The host this replica runs on: its leader-election identity. */
  readonly host: string;
  /** Apiserver replicas, nearest first. */
  readonly apiservers: readonly string[];
  /** The manager's own token: its shared informers read with it. */
  readonly token: string;
  /** Each controller's service-account token, by controller name: its writes go with it. */
  readonly controllerTokens: Readonly<Record<string, string>>;
  /** The cluster CA certificate (--root-ca-file). */
  readonly rootCA: string;
  readonly epochMs?: number;
}

export const KCM_KIND = 'kube-controller-manager';

function rootCAPublisher(o: ControllerManagerOptions) {
  return defineController({
    client: { hosts: o.apiservers, token: o.controllerTokens['root-ca-cert-publisher']!, readToken: o.token, qps: 20, burst: 30 },
    informers: [
      { name: 'namespaces', resource: 'namespaces' },
      { name: 'configmaps', resource: 'configmaps', fieldSelector: `metadata.name=${ROOT_CA_CONFIGMAP}` },
    ],
    keysFor: publisherKeys,
    reconcile: (key, listers) => reconcileRootCA(o.rootCA, key, listers),
    component: 'root-ca-cert-publisher',
    epochMs: o.epochMs ?? DEFAULT_EPOCH_MS,
  });
}

export function kubeControllerManager(o: ControllerManagerOptions) {
  const children: ChildSpec[] = [{ id: 'root-ca-cert-publisher', actor: rootCAPublisher(o) }];
  return supervisor({ kind: KCM_KIND, children });
}
