// What both endpoint controllers read off a Pod and its Service (k8s.io/endpointslice/util and
// pkg/api/v1/pod in 1.32): whether the pod belongs in endpoints at all, its readiness, which of
// its IPs serve a family, the container port a Service port targets, and the services whose
// selectors take it. Pure functions of the objects.

import type { Pod, Service } from '../../../protocols/kube/objects.ts';

export type Family = 'IPv4' | 'IPv6';

export const isIPv6 = (ip: string): boolean => ip.includes(':');
export const familyOfIP = (ip: string): Family => (isIPv6(ip) ? 'IPv6' : 'IPv4');

/** The Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The Ready condition's lastTransitionTime: the moment a pod's change reached endpoints. */
export function podReadyTransition(pod: Pod): string | undefined {
  return (pod.status?.conditions ?? []).find((c) => c.type === 'Ready')?.lastTransitionTime;
}

/**
 * ShouldPodBeInEndpoints: not terminal (Succeeded/Failed), has an IP, and is not terminating
 * unless terminating pods are asked for (EndpointSlices always ask; Endpoints only with
 * publishNotReadyAddresses).
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!pod.status?.podIP && (pod.status?.podIPs ?? []).length === 0) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp !== undefined) return false;
  return true;
}

/** A pod names its hostname under the Service when its subdomain is the Service's name. */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return (pod.spec?.hostname ?? '') !== '' && pod.spec?.subdomain === svc.metadata?.name && svc.metadata?.namespace === pod.metadata?.namespace;
}

/** The pod's IPs (status.podIPs, or podIP alone on an old kubelet). */
export function podIPs(pod: Pod): string[] {
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip).filter((ip): ip is string => typeof ip === 'string' && ip !== '');
  if (ips.length === 0 && pod.status?.podIP) ips.push(pod.status.podIP);
  return ips;
}

type ServicePort = NonNullable<NonNullable<Service['spec']>['ports']>[number];

/**
 * FindPort: a numeric targetPort is taken as it is; a named one is looked up among the
 * containers' ports (then sidecars', restartable init containers) with the same protocol.
 * undefined when the name is not found: that port is left out of this pod's endpoints.
 */
export function findPort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = port.protocol ?? 'TCP';
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
  for (const c of containers) for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  return undefined;
}

/** A Service's selector matches a pod's labels; a Service without one selects nothing. */
export function selects(svc: Service, labels: Readonly<Record<string, string>> | undefined): boolean {
  const sel = svc.spec?.selector;
  if (sel === undefined || sel === null) return false;
  return Object.entries(sel).every(([k, v]) => labels?.[k] === v);
}

/** No cluster IP (None or unset): the headless label goes on its endpoints. */
export const isServiceIPSet = (svc: Service): boolean => (svc.spec?.clusterIP ?? '') !== '' && svc.spec?.clusterIP !== 'None';
