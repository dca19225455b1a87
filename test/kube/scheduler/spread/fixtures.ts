// Small builders for nodes, pods and NodeInfos, in the spirit of the scheduler's st.MakeNode and
// st.MakePod, so that the tables below read like the Kubernetes test cases they come from.

import type { Node, Pod } from '../../../../protocols/kube/objects.ts';
import type { NodeInfo } from '../../../../actors/kube-scheduler/framework/types.ts';
import { affinityLists } from '../../../../actors/kube-scheduler/framework/nodeinfo.ts';

const ZERO = { milliCPU: 0, memory: 0, ephemeralStorage: 0, scalar: {} };

export function node(name: string, labels: Record<string, string> = {}, taints: NonNullable<Node['spec']>['taints'] = undefined): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } }, spec: taints === undefined ? {} : { taints } };
}

/** A node without the hostname label the builder adds by default. */
export function bareNode(name: string, labels: Record<string, string>): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels } };
}

export function pod(name: string, labels: Record<string, string> = {}, spec: Partial<NonNullable<Pod['spec']>> = {}, namespace = 'default'): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec: { containers: [{ name: 'c', image: 'pause' }], ...spec } };
}

export function info(n: Node, pods: readonly Pod[] = []): NodeInfo {
  return { node: n, pods, requested: ZERO, nonZeroRequested: ZERO, allocatable: ZERO, allowedPodNumber: 110, usedPorts: [], imageSizes: {}, ...affinityLists(pods) };
}

/** Nodes and, per node name, how many copies of `template` run there. */
export function cluster(nodes: readonly Node[], counts: Record<string, number>, template: (i: number) => Pod): NodeInfo[] {
  let k = 0;
  return nodes.map((n) => info(n, Array.from({ length: counts[n.metadata!.name!] ?? 0 }, () => template(k++))));
}

export type Constraint = NonNullable<NonNullable<Pod['spec']>['topologySpreadConstraints']>[number];

export function spread(topologyKey: string, maxSkew: number, matchLabels: Record<string, string>, extra: Partial<Constraint> = {}): Constraint {
  return { topologyKey, maxSkew, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels }, ...extra };
}

export const nameOf = (i: NodeInfo): string => i.node.metadata!.name!;
