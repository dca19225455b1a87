// Objects the cloud controller tests start from.

import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { UNINITIALIZED_TAINT } from '../../../actors/cloud-controller-manager/nodes.ts';

export interface NodeOptions {
  readonly uninitialized?: boolean;
  readonly ready?: 'True' | 'False' | 'Unknown';
  readonly podCIDRs?: readonly string[];
  readonly labels?: Record<string, string>;
  readonly providerID?: string;
  readonly ip?: string;
}

export function node(name: string, o: NodeOptions = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      ...(o.uninitialized ? { taints: [{ key: UNINITIALIZED_TAINT, value: 'true', effect: 'NoSchedule' }] } : {}),
      ...(o.podCIDRs ? { podCIDRs: [...o.podCIDRs], podCIDR: o.podCIDRs[0] } : {}),
      ...(o.providerID ? { providerID: o.providerID } : {}),
    },
    status: {
      addresses: [
        { type: 'InternalIP', address: o.ip ?? '10.0.0.99' },
        { type: 'Hostname', address: name },
      ],
      ...(o.ready ? { conditions: [{ type: 'Ready', status: o.ready, reason: 'KubeletReady', message: 'kubelet is posting ready status' }] } : {}),
    },
  };
}

export function lbService(name: string, ports: readonly number[] = [80]): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: { type: 'LoadBalancer', selector: { app: name }, ports: ports.map((port) => ({ name: `p${port}`, port, protocol: 'TCP', targetPort: port })) },
  };
}
