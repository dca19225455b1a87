// Which hosts a cluster has, and what runs on each: the one place that names hosts. A host's name
// is its node's name (and an etcd member's id), so a fault aimed at a node names its host.

import type { InstanceSpec } from '../../protocols/kube/cloud.ts';
import type { ResolvedClusterSpec } from './spec.ts';

export type HostRole = 'control-plane' | 'etcd' | 'worker';

export interface HostPlan {
  readonly name: string;
  readonly role: HostRole;
  /** An etcd member runs here (stacked on a control plane, or alone on an etcd host). */
  readonly etcdMember: boolean;
  /** The host's addresses on the node network (DESIGN's IP plan). */
  readonly addresses: NodeAddresses;
  /** Control planes and workers are Kubernetes nodes: the pod ranges their CNI plugin hands out. */
  readonly podCIDRs: readonly string[];
}

export interface NodeAddresses {
  readonly ipv4: string;
  /** Only when the cluster is dual-stack. */
  readonly ipv6?: string;
}

export interface Topology {
  readonly controlPlanes: readonly string[];
  readonly workers: readonly string[];
  /** Hosts of external etcd; none when etcd is stacked. */
  readonly etcdHosts: readonly string[];
  /** The etcd members' ids, which are the names of their hosts. */
  readonly etcdMembers: readonly string[];
  /** Every host, in start order: etcd first, then control planes, then workers. */
  readonly hosts: readonly HostPlan[];
  /** The simulated cloud, when the cluster has one (spec.cloud). */
  readonly cloud?: CloudPlan;
}

/** The cloud's own host (not a node) and the instance each node host is. */
export interface CloudPlan {
  readonly host: string;
  readonly region: string;
  readonly zones: readonly string[];
  /** One per node host, in host order, zones taken round-robin. */
  readonly instances: readonly InstanceSpec[];
}

export const CLOUD_HOST = 'cloud';
export const CLOUD_REGION = 'region-1';
export const CLOUD_ZONES = ['zone-a', 'zone-b', 'zone-c'] as const;

/** The instances of the node hosts: each in the next zone, its internal IPs its host's addresses. */
export function cloudPlanOf(hosts: readonly HostPlan[]): CloudPlan {
  const nodes = hosts.filter((h) => h.role !== 'etcd');
  const instances = nodes.map((h, i) => ({
    name: h.name,
    zone: CLOUD_ZONES[i % CLOUD_ZONES.length]!,
    internalIPs: [h.addresses.ipv4, ...(h.addresses.ipv6 === undefined ? [] : [h.addresses.ipv6])],
  }));
  return { host: CLOUD_HOST, region: CLOUD_REGION, zones: [...CLOUD_ZONES], instances };
}

export const hostName = {
  controlPlane: (i: number) => `control-plane-${i}`,
  worker: (i: number) => `worker-${i}`,
  etcd: (i: number) => `etcd-${i}`,
};

/** The n-th host's (1-based) addresses: 10.0.0.0/16 and fd00:10::/64. */
export function hostAddresses(n: number, dualStack: boolean): NodeAddresses {
  const ipv4 = `10.0.${Math.floor(n / 254)}.${(n % 254) + 1}`;
  return dualStack ? { ipv4, ipv6: `fd00:10::${(n + 1).toString(16)}` } : { ipv4 };
}

/** --cluster-cidr: the pod network of each family. */
export const CLUSTER_POD_CIDRS = { ipv4: '10.244.0.0/16', ipv6: 'fd00:10:244::/56' } as const;

/**
 * The k-th node's (0-based) pod ranges: a /24 of 10.244.0.0/16 and a /64 of fd00:10:244::/56, as
 * the node-IPAM controller hands them out in order (until that controller runs, the builder does).
 */
export function nodePodCIDRs(k: number, dualStack: boolean): string[] {
  if (k > 255) throw new Error(`cluster: node ${k + 1}: the pod network 10.244.0.0/16 has room for 256 nodes (a /24 each)`);
  const v4 = `10.244.${k}.0/24`;
  return dualStack ? [v4, k === 0 ? 'fd00:10:244::/64' : `fd00:10:244:${k.toString(16)}::/64`] : [v4];
}

const numbered = (n: number, name: (i: number) => string) => Array.from({ length: n }, (_, i) => name(i + 1));

export function topologyOf(spec: ResolvedClusterSpec): Topology {
  const controlPlanes = numbered(spec.controlPlanes, hostName.controlPlane);
  const workers = numbered(spec.workers, hostName.worker);
  const etcdHosts = spec.etcd === 'external' ? numbered(spec.etcdMembers, hostName.etcd) : [];
  const etcdMembers = spec.etcd === 'external' ? etcdHosts : controlPlanes;
  const dual = spec.dualStack;
  const planned = [
    ...etcdHosts.map((name) => ({ name, role: 'etcd' as const, etcdMember: true })),
    ...controlPlanes.map((name) => ({ name, role: 'control-plane' as const, etcdMember: spec.etcd === 'stacked' })),
    ...workers.map((name) => ({ name, role: 'worker' as const, etcdMember: false })),
  ];
  let nodes = 0;
  const hosts: HostPlan[] = planned.map((h, i) => ({
    ...h,
    addresses: hostAddresses(i + 1, dual),
    podCIDRs: h.role === 'etcd' ? [] : nodePodCIDRs(nodes++, dual),
  }));
  return { controlPlanes, workers, etcdHosts, etcdMembers, hosts, ...(spec.cloud ? { cloud: cloudPlanOf(hosts) } : {}) };
}
