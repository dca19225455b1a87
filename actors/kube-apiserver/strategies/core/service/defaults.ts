// Service defaulting (SetDefaults_Service, pkg/apis/core/v1/defaults.go) and the strategy's
// ClusterIP/ClusterIPs reconciliation (normalizeClusterIPs, patchAllocatedValues and
// dropTypeDependentFields of pkg/registry/core/service/strategy.go), which let old clients that
// know only `clusterIP` and patch clients that omit allocated values keep working.

import type { Service } from '../../../../../protocols/kube/objects.ts';

export type ServiceSpec = NonNullable<Service['spec']>;
export type ServicePort = NonNullable<ServiceSpec['ports']>[number];

/** apiservice.ExternallyAccessible: reachable from outside the cluster network. */
export const externallyAccessible = (spec: ServiceSpec): boolean =>
  spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && (spec.externalIPs ?? []).length > 0);

/** apiservice.NeedsHealthCheck: a LoadBalancer that keeps traffic on the receiving node. */
export const needsHealthCheck = (spec: ServiceSpec): boolean => spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';

export const needsNodePorts = (spec: ServiceSpec): boolean => spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);

export const isHeadless = (spec: ServiceSpec): boolean => (spec.clusterIPs ?? []).length === 1 && spec.clusterIPs![0] === 'None';

export function defaultService(svc: Service): Service {
  const spec: ServiceSpec = (svc.spec ??= {});
  if (spec.sessionAffinity === undefined || spec.sessionAffinity === '') spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const cfg = (spec.sessionAffinityConfig ??= {});
    const clientIP = (cfg.clientIP ??= {});
    clientIP.timeoutSeconds ??= 10800;
  }
  if (spec.type === undefined || spec.type === '') spec.type = 'ClusterIP';
  for (const p of spec.ports ?? []) {
    if (p.protocol === undefined || p.protocol === '') p.protocol = 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if ((spec.externalTrafficPolicy ?? '') === '' && externallyAccessible(spec)) spec.externalTrafficPolicy = 'Cluster';
  if (spec.internalTrafficPolicy === undefined && (spec.type === 'ClusterIP' || spec.type === 'NodePort' || spec.type === 'LoadBalancer')) spec.internalTrafficPolicy = 'Cluster';
  if (spec.type === 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts === undefined) spec.allocateLoadBalancerNodePorts = true;
    // LoadBalancerIPMode (on by default since 1.30): an ingress IP without a mode is a VIP.
    for (const ing of svc.status?.loadBalancer?.ingress ?? []) if ((ing.ip ?? '') !== '' && ing.ipMode === undefined) ing.ipMode = 'VIP';
  }
  return svc;
}

const sameIPs = (a: ServiceSpec, b: ServiceSpec) => JSON.stringify(a.clusterIPs ?? []) === JSON.stringify(b.clusterIPs ?? []);

/** Keeps `clusterIP` and `clusterIPs` in step for clients that set only one of them. */
export function normalizeClusterIPs(spec: ServiceSpec, old: ServiceSpec | undefined): void {
  if (old === undefined) {
    if ((spec.clusterIP ?? '') !== '' && (spec.clusterIPs ?? []).length === 0) spec.clusterIPs = [spec.clusterIP!];
    return;
  }
  if ((old.clusterIPs ?? []).length > 0 && (spec.clusterIPs ?? []).length === 0 && (old.clusterIP ?? '') === (spec.clusterIP ?? '')) spec.clusterIPs = old.clusterIPs;
  if ((old.clusterIP ?? '') === (spec.clusterIP ?? '')) return;
  if ((old.clusterIP ?? '') !== '' && (spec.clusterIP ?? '') === '') {
    if (sameIPs(old, spec)) delete spec.clusterIPs;
  } else if (sameIPs(old, spec)) spec.clusterIPs = [spec.clusterIP!];
}

/** A write that leaves out what the apiserver allocated keeps it (as a PUT of an edited GET would). */
export function patchAllocatedValues(spec: ServiceSpec, old: ServiceSpec): void {
  const usesIP = (s: ServiceSpec) => s.type !== 'ExternalName';
  if (usesIP(spec) && usesIP(old)) {
    if ((spec.clusterIP ?? '') === '') spec.clusterIP = old.clusterIP;
    if ((spec.clusterIPs ?? []).length === 0 && (old.clusterIPs ?? []).length > 0) spec.clusterIPs = old.clusterIPs;
  }
  if (needsNodePorts(spec) && needsNodePorts(old)) {
    for (const p of spec.ports ?? []) {
      if ((p.nodePort ?? 0) !== 0) continue;
      const match = (old.ports ?? []).find((o) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
      if (match?.nodePort !== undefined) p.nodePort = match.nodePort;
    }
  }
  if (needsHealthCheck(spec) && needsHealthCheck(old) && (spec.healthCheckNodePort ?? 0) === 0 && old.healthCheckNodePort !== undefined) spec.healthCheckNodePort = old.healthCheckNodePort;
}

/** Fields a type change leaves without meaning are dropped, unless the user set them in this write. */
export function dropTypeDependentFields(spec: ServiceSpec, old: ServiceSpec): void {
  if (spec.type === 'ExternalName' && old.type !== 'ExternalName') {
    if (sameIPs(spec, old) && spec.clusterIP === old.clusterIP) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (JSON.stringify(spec.ipFamilies) === JSON.stringify(old.ipFamilies)) delete spec.ipFamilies;
    if (spec.ipFamilyPolicy === old.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  if (!needsNodePorts(spec) && needsNodePorts(old)) {
    for (const p of spec.ports ?? []) {
      const was = (old.ports ?? []).find((o) => o.port === p.port && o.protocol === p.protocol);
      if (was !== undefined && was.nodePort === p.nodePort) delete p.nodePort;
    }
  }
  if (!needsHealthCheck(spec) && needsHealthCheck(old) && spec.healthCheckNodePort === old.healthCheckNodePort) delete spec.healthCheckNodePort;
  if (spec.type !== 'LoadBalancer' && old.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === old.allocateLoadBalancerNodePorts) delete spec.allocateLoadBalancerNodePorts;
  if (spec.type !== 'LoadBalancer' && old.type === 'LoadBalancer' && spec.loadBalancerClass === old.loadBalancerClass) delete spec.loadBalancerClass;
  if (!externallyAccessible(spec) && externallyAccessible(old) && spec.externalTrafficPolicy === old.externalTrafficPolicy) delete spec.externalTrafficPolicy;
}
