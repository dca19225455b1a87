// The endpoints a Service should have, per address type: each pod that belongs in endpoints
// becomes one endpoint (its IP of that family, conditions, node, zone, hostname, target) in the
// group of its resolved port set, since pods whose named ports resolve differently need slices
// of their own. As the 1.32 reconciler builds desiredEndpointsByPortMap.

import type { Node, Pod, Service } from '../../../protocols/kube/objects.ts';
import { type Endpoint, type EndpointPort, EndpointSet, portMapKey } from './endpoint-set.ts';
import { type Family, familyOfIP, findPort, isPodReady, isServiceIPSet, podIPs, shouldPodBeInEndpoints, shouldSetHostname } from './pods.ts';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** getAddressTypesForService: the Service's ipFamilies; else its clusterIP's; a headless one without either takes both. */
export function addressTypesFor(svc: Service): Family[] {
  const fams = (svc.spec?.ipFamilies ?? []).filter((f): f is Family => f === 'IPv4' || f === 'IPv6');
  if (fams.length > 0) return [...new Set(fams)];
  if (isServiceIPSet(svc)) return [familyOfIP(svc.spec!.clusterIP!)];
  return ['IPv4', 'IPv6'];
}

/** getEndpointPorts: each Service port resolved on the pod; unresolvable ones left out. */
export function endpointPorts(svc: Service, pod: Pod): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    out.push({ name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol === undefined ? {} : { appProtocol: sp.appProtocol }) });
  }
  return out;
}

/** podToEndpoint: ready only while serving and not terminating, unless the Service publishes not-ready addresses. */
export function podToEndpoint(pod: Pod, node: Node | undefined, svc: Service, family: Family): Endpoint {
  const serving = isPodReady(pod);
  const terminating = pod.metadata?.deletionTimestamp !== undefined;
  const ready = svc.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  const zone = node?.metadata?.labels?.[ZONE_LABEL];
  return {
    addresses: podIPs(pod).filter((ip) => familyOfIP(ip) === family),
    conditions: { ready, serving, terminating },
    ...(shouldSetHostname(pod, svc) ? { hostname: pod.spec!.hostname! } : {}),
    targetRef: { kind: 'Pod', namespace: pod.metadata!.namespace!, name: pod.metadata!.name!, uid: pod.metadata!.uid! },
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    ...(zone ? { zone } : {}),
  };
}

export interface PortGroup {
  readonly ports: EndpointPort[];
  readonly endpoints: EndpointSet;
}

export interface Desired {
  /** By portMapKey, in the order first seen. */
  readonly groups: Map<string, PortGroup>;
  /** Pods left out because their node is not known (the sync is retried). */
  readonly errors: string[];
}

export function desiredEndpoints(svc: Service, pods: readonly Pod[], nodeOf: (name: string) => Node | undefined, family: Family): Desired {
  const groups = new Map<string, PortGroup>();
  const errors: string[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    // Headless Services may have no ports at all: one empty port set.
    const ports = (svc.spec?.ports ?? []).length === 0 && svc.spec?.clusterIP === 'None' ? [] : endpointPorts(svc, pod);
    const key = portMapKey(ports);
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = { ports, endpoints: new EndpointSet() }));
    const nodeName = pod.spec?.nodeName ?? '';
    const node = nodeOf(nodeName);
    if (node === undefined && svc.spec?.publishNotReadyAddresses !== true) {
      errors.push(`skipping Pod ${pod.metadata!.name} for Service ${svc.metadata!.namespace}/${svc.metadata!.name}: Node ${nodeName} Not Found`);
      continue;
    }
    const ep = podToEndpoint(pod, node, svc, family);
    if (ep.addresses.length > 0) group.endpoints.insert(ep);
  }
  return { groups, errors };
}
