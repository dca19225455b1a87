// Cluster-wide values Services take: ClusterIPs and NodePorts.

export * from './banded.ts';
export * from './cluster-ip.ts';
export * from './ip.ts';
export * from './node-port.ts';
export * from './service-allocators.ts';
export * from './etcd-allocation.ts';
export * from './range-allocation.ts';
export * from './repair.ts';
