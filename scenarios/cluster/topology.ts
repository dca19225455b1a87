// Which hosts a cluster has, and what runs on each: the one place that names hosts. A host's name
// is its node's name (and an etcd member's id), so a fault aimed at a node names its host.

import type { ResolvedClusterSpec } from './spec.ts';

export type HostRole = 'control-plane' | 'etcd' | 'worker';

export interface HostPlan {
  readonly name: string;
  readonly role: HostRole;
  /** An etcd member runs here (stacked on a control plane, or alone on an etcd host). */
  readonly etcdMember: boolean;
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
}

export const hostName = {
  controlPlane: (i: number) => `control-plane-${i}`,
  worker: (i: number) => `worker-${i}`,
  etcd: (i: number) => `etcd-${i}`,
};

const numbered = (n: number, name: (i: number) => string) => Array.from({ length: n }, (_, i) => name(i + 1));

export function topologyOf(spec: ResolvedClusterSpec): Topology {
  const controlPlanes = numbered(spec.controlPlanes, hostName.controlPlane);
  const workers = numbered(spec.workers, hostName.worker);
  const etcdHosts = spec.etcd === 'external' ? numbered(spec.etcdMembers, hostName.etcd) : [];
  const etcdMembers = spec.etcd === 'external' ? etcdHosts : controlPlanes;
  const hosts: HostPlan[] = [
    ...etcdHosts.map((name) => ({ name, role: 'etcd' as const, etcdMember: true })),
    ...controlPlanes.map((name) => ({ name, role: 'control-plane' as const, etcdMember: spec.etcd === 'stacked' })),
    ...workers.map((name) => ({ name, role: 'worker' as const, etcdMember: false })),
  ];
  return { controlPlanes, workers, etcdHosts, etcdMembers, hosts };
}
