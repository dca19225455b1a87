// Node facts the cloud controllers share: the cloud taints, the Ready condition, and copies of a
// Node with one thing changed (listers' objects are shared with the cache and never modified).

import type { KubeObject, Node } from '../../protocols/kube/objects.ts';

export type Taint = NonNullable<NonNullable<Node['spec']>['taints']>[number];
export type NodeCondition = NonNullable<NonNullable<Node['status']>['conditions']>[number];
/** A Node as the API carries it (apiVersion, kind and metadata present). */
export type NodeObject = Node & KubeObject;

/** Set by a kubelet started with --cloud-provider=external until the cloud node controller initializes the node. */
export const UNINITIALIZED_TAINT = 'node.cloudprovider.kubernetes.io/uninitialized';
/** On a NotReady node whose instance the cloud reports shut down. */
export const SHUTDOWN_TAINT = 'node.cloudprovider.kubernetes.io/shutdown';

export const hasTaint = (n: Node, key: string) => (n.spec?.taints ?? []).some((t) => t.key === key);

/** The Ready condition's status; Unknown when the node has none. */
export const readyStatus = (n: Node): string => n.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';

export const withTaints = (n: Node, taints: readonly Taint[]): NodeObject => {
  const spec = { ...n.spec };
  if (taints.length === 0) delete spec.taints;
  else spec.taints = [...taints];
  return { ...(n as NodeObject), apiVersion: 'v1', kind: 'Node', spec };
};

export const withoutTaint = (n: Node, key: string): NodeObject => withTaints(n, (n.spec?.taints ?? []).filter((t) => t.key !== key));

/** The node with condition `c` set in place of any of its type. */
export function withCondition(n: Node, c: NodeCondition): NodeObject {
  const conditions = [...(n.status?.conditions ?? [])];
  const i = conditions.findIndex((x) => x.type === c.type);
  if (i >= 0) conditions[i] = c;
  else conditions.push(c);
  return { ...(n as NodeObject), apiVersion: 'v1', kind: 'Node', status: { ...n.status, conditions } };
}
