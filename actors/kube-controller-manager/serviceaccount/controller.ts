// The ServiceAccount controller (pkg/controller/serviceaccount, 1.32): every active namespace
// has the ServiceAccount "default"; it is created when a namespace appears and again whenever
// it is deleted. Namespaces that are not Active (terminating) are left alone. Tokens are not
// this controller's business since 1.24: pods get bound tokens projected by the kubelet.

import type { KubeObject, Namespace, ServiceAccount } from '../../../protocols/kube/objects.ts';
import { createCall, type Listers, type Notification, type ReconcileResult } from '../../client/index.ts';
import type { ControllerDef } from '../context.ts';

export const SERVICE_ACCOUNT_CONTROLLER = 'service-account-controller';
/** ServiceAccountsControllerOptions.ServiceAccounts by default. */
export const DEFAULT_SERVICE_ACCOUNTS = ['default'] as const;

export const SERVICE_ACCOUNT_INFORMERS = [
  { name: 'namespaces', resource: 'namespaces' },
  { name: 'serviceaccounts', resource: 'serviceaccounts' },
] as const;

/** A namespace added or updated; a managed ServiceAccount deleted (its namespace is looked at). */
export function serviceAccountKeys(informer: string, n: Notification): string[] {
  if (informer === 'namespaces') return n.type === 'delete' ? [] : [n.obj.metadata.name!];
  if (n.type !== 'delete' || !(DEFAULT_SERVICE_ACCOUNTS as readonly string[]).includes(n.obj.metadata.name!)) return [];
  return [n.obj.metadata.namespace!];
}

export function syncNamespace(namespace: string, listers: Listers, accounts: readonly string[] = DEFAULT_SERVICE_ACCOUNTS): ReconcileResult {
  const ns = listers.namespaces!.get(namespace) as Namespace | undefined;
  if (ns === undefined || ns.status?.phase !== 'Active') return { writes: [] };
  const writes = accounts
    .filter((name) => (listers.serviceaccounts!.namespace(namespace).get(name) as ServiceAccount | undefined) === undefined)
    .map((name) => createCall({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } } as KubeObject));
  return { writes };
}

export const serviceAccountController: ControllerDef = {
  name: SERVICE_ACCOUNT_CONTROLLER,
  spec: (c) => ({
    client: c.client(SERVICE_ACCOUNT_CONTROLLER),
    informers: SERVICE_ACCOUNT_INFORMERS,
    keysFor: serviceAccountKeys,
    reconcile: (key, listers) => syncNamespace(key, listers),
    component: SERVICE_ACCOUNT_CONTROLLER,
    epochMs: c.epochMs,
  }),
};
