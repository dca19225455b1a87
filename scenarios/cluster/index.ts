export { Cluster, EtcdHandle, type Spawn, startCluster } from './cluster.ts';
export { type ApiserverTuning, type ClusterSpec, ClusterSpecError, etcdOnly, type EtcdMemberTuning, type EtcdTopology, resolveClusterSpec, type ResolvedClusterSpec } from './spec.ts';
export { type HostPlan, type HostRole, hostName, type Topology, topologyOf } from './topology.ts';
