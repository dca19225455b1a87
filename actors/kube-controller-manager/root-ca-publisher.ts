// The root-ca-cert-publisher controller: every active namespace gets the ConfigMap
// kube-root-ca.crt holding the cluster's CA certificate, which the kube-api-access volume
// (ServiceAccount admission) mounts into every pod. Kept as the controller keeps it: created when
// missing, its data and description restored when changed, left alone in a terminating namespace.

import type { ConfigMap, KubeObject, Namespace } from '../../protocols/kube/objects.ts';
import { createCall, type Listers, type Notification, type ReconcileResult, updateCall } from '../client/index.ts';
import type { ControllerDef } from './context.ts';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
export const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
export const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

/** The namespace a change concerns: a namespace's own name, a kube-root-ca.crt's namespace. */
export function publisherKeys(informer: string, n: Notification): string[] {
  if (informer === 'namespaces') return n.type === 'delete' ? [] : [n.obj.metadata.name!];
  return n.obj.metadata.name === ROOT_CA_CONFIGMAP ? [n.obj.metadata.namespace!] : [];
}

export function reconcileRootCA(caCert: string, namespace: string, listers: Listers): ReconcileResult {
  const ns = listers.namespaces!.get(namespace) as Namespace | undefined;
  if (ns === undefined || ns.metadata?.deletionTimestamp !== undefined || ns.status?.phase === 'Terminating') return { writes: [] };
  const cm = listers.configmaps!.namespace(namespace).get(ROOT_CA_CONFIGMAP) as ConfigMap | undefined;
  const data = { 'ca.crt': caCert };
  if (cm === undefined) {
    const fresh: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIGMAP, namespace, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } }, data };
    return { writes: [createCall(fresh)] };
  }
  if (cm.data?.['ca.crt'] === caCert && Object.keys(cm.data).length === 1 && cm.metadata?.annotations?.[DESCRIPTION_ANNOTATION] === DESCRIPTION) return { writes: [] };
  const updated = { ...(cm as KubeObject), apiVersion: 'v1', kind: 'ConfigMap', data, metadata: { ...cm.metadata!, annotations: { ...cm.metadata?.annotations, [DESCRIPTION_ANNOTATION]: DESCRIPTION } } };
  return { writes: [updateCall(updated)] };
}

export const rootCAPublisher: ControllerDef = {
  name: 'root-ca-cert-publisher',
  spec: (c) => ({
    client: c.client('root-ca-cert-publisher'),
    informers: [
      { name: 'namespaces', resource: 'namespaces' },
      { name: 'configmaps', resource: 'configmaps', fieldSelector: `metadata.name=${ROOT_CA_CONFIGMAP}` },
    ],
    keysFor: publisherKeys,
    reconcile: (key, listers) => reconcileRootCA(c.rootCA, key, listers),
    component: 'root-ca-cert-publisher',
    epochMs: c.epochMs,
  }),
};
