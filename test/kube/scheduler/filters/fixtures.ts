// Small builders for the filter plugins' tests: a NodeInfo around a Node, a Pod from a spec.

import type { Node, Pod } from '../../../../protocols/kube/objects.ts';
import type { HostPortInfo, NodeInfo, Resources } from '../../../../actors/kube-scheduler/framework/types.ts';

const NONE: Resources = { milliCPU: 0, memory: 0, ephemeralStorage: 0, scalar: {} };

export function nodeInfo(node: Node, usedPorts: readonly HostPortInfo[] = []): NodeInfo {
  return { node, pods: [], requested: NONE, nonZeroRequested: NONE, allocatable: NONE, allowedPodNumber: 110, usedPorts, imageSizes: {}, podsWithAffinity: [], podsWithRequiredAntiAffinity: [] };
}

export const node = (name: string, spec: Node['spec'] = {}, labels?: Record<string, string>): Node => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, ...(labels && { labels }) },
  spec,
});

export const pod = (spec: Partial<NonNullable<Pod['spec']>> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'pod1', namespace: 'default' },
  spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
});
