// The legacy Endpoints object's subsets (pkg/controller/endpoint and pkg/api/v1/endpoints in
// 1.32): one address per pod (the IP of the Service's primary family), ready or not ready, per
// resolved port; repacked so that ports offered by the same set of addresses share a subset; then
// truncated to 1000 addresses, ready ones first, each subset keeping its share.
// Order: Kubernetes sorts subsets and ports by a hash of their contents; here subsets and ports
// are sorted by their contents and addresses by IP then uid, so the same set gives the same object.

import type { Endpoints, Pod, Service } from '../../../protocols/kube/objects.ts';
import { canonical } from '../endpointslice/endpoint-set.ts';
import { type Family, familyOfIP, findPort, isPodReady, isServiceIPSet, podIPs, shouldPodBeInEndpoints, shouldSetHostname } from '../endpointslice/pods.ts';

export type Subset = NonNullable<Endpoints['subsets']>[number];
export type Address = NonNullable<Subset['addresses']>[number];
export type Port = NonNullable<Subset['ports']>[number];

/** maxCapacity: addresses an Endpoints object holds at most. */
export const MAX_CAPACITY = 1000;
export const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
export const TRUNCATED = 'truncated';

/** podToEndpointAddressForService: the Service's first family; else its clusterIP's; a headless one's from the pod's own IP. */
export function addressFor(svc: Service, pod: Pod): Address | undefined {
  let family: Family = 'IPv4';
  const fams = svc.spec?.ipFamilies ?? [];
  if (fams.length > 0) family = fams[0] as Family;
  else if (isServiceIPSet(svc)) family = familyOfIP(svc.spec!.clusterIP!);
  else if (pod.status?.podIP) family = familyOfIP(pod.status.podIP);
  const ip = podIPs(pod).find((i) => familyOfIP(i) === family);
  if (ip === undefined) return undefined;
  return {
    ip,
    ...(shouldSetHostname(pod, svc) ? { hostname: pod.spec!.hostname! } : {}),
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    targetRef: { kind: 'Pod', namespace: pod.metadata!.namespace!, name: pod.metadata!.name!, uid: pod.metadata!.uid! },
  };
}

interface Entry {
  readonly port: Port | undefined;
  readonly address: Address;
  readonly ready: boolean;
}

const addrKey = (a: Address) => `${a.ip}/${a.targetRef?.uid ?? ''}`;
const byIP = (a: Address, b: Address) => (addrKey(a) < addrKey(b) ? -1 : addrKey(a) > addrKey(b) ? 1 : 0);
const portKey = (p: Port) => canonical({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP', appProtocol: p.appProtocol });

/** RepackSubsets: ports grouped by the exact set of (address, readiness) offering them. */
export function repack(entries: readonly Entry[]): Subset[] {
  const byPort = new Map<string, { port: Port | undefined; addrs: Map<string, { address: Address; ready: boolean }> }>();
  for (const e of entries) {
    const k = e.port === undefined ? '' : portKey(e.port);
    let slot = byPort.get(k);
    if (slot === undefined) byPort.set(k, (slot = { port: e.port, addrs: new Map() }));
    const prev = slot.addrs.get(addrKey(e.address));
    slot.addrs.set(addrKey(e.address), { address: e.address, ready: e.ready || (prev?.ready ?? false) });
  }
  const groups = new Map<string, { addrs: { address: Address; ready: boolean }[]; ports: Port[] }>();
  for (const slot of byPort.values()) {
    const addrs = [...slot.addrs.values()].sort((a, b) => byIP(a.address, b.address));
    const k = addrs.map((a) => `${addrKey(a.address)}:${a.ready}`).join(',');
    let g = groups.get(k);
    if (g === undefined) groups.set(k, (g = { addrs, ports: [] }));
    if (slot.port !== undefined) g.ports.push(slot.port);
  }
  const subsets = [...groups.values()].map((g) => {
    const ready = g.addrs.filter((a) => a.ready).map((a) => a.address);
    const notReady = g.addrs.filter((a) => !a.ready).map((a) => a.address);
    const ports = g.ports.sort((a, b) => (portKey(a) < portKey(b) ? -1 : 1));
    return { ...(ready.length > 0 ? { addresses: ready } : {}), ...(notReady.length > 0 ? { notReadyAddresses: notReady } : {}), ...(ports.length > 0 ? { ports } : {}) } as Subset;
  });
  return subsets.sort((a, b) => (canonical(a) < canonical(b) ? -1 : 1));
}

/** The subsets a Service's pods give (before truncation). */
export function subsetsFor(svc: Service, pods: readonly Pod[]): Subset[] {
  const publish = svc.spec?.publishNotReadyAddresses === true;
  const entries: Entry[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publish)) continue;
    const address = addressFor(svc, pod);
    if (address === undefined) continue;
    const ready = publish || isPodReady(pod);
    const ports = svc.spec?.ports ?? [];
    if (ports.length === 0) {
      if (svc.spec?.clusterIP === 'None') entries.push({ port: undefined, address, ready });
      continue;
    }
    for (const sp of ports) {
      const num = findPort(pod, sp);
      if (num === undefined) continue;
      entries.push({ port: { name: sp.name ?? '', port: num, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol === undefined ? {} : { appProtocol: sp.appProtocol }) }, address, ready });
    }
  }
  return repack(entries);
}

const count = (subsets: readonly Subset[]) => subsets.reduce((n, s) => n + (s.addresses ?? []).length + (s.notReadyAddresses ?? []).length, 0);

/** truncateEndpoints: undefined when within capacity; else subsets cut to 1000, ready addresses kept first, each subset its rounded-up share. */
export function truncate(subsets: readonly Subset[]): Subset[] | undefined {
  const totalReady = subsets.reduce((n, s) => n + (s.addresses ?? []).length, 0);
  const totalNotReady = subsets.reduce((n, s) => n + (s.notReadyAddresses ?? []).length, 0);
  if (totalReady + totalNotReady <= MAX_CAPACITY) return undefined;
  const cutReady = totalReady > MAX_CAPACITY;
  const max = cutReady ? MAX_CAPACITY : MAX_CAPACITY - totalReady;
  const total = cutReady ? totalReady : totalNotReady;
  let room = max;
  return subsets.map((s) => {
    const inSubset = (cutReady ? s.addresses : s.notReadyAddresses) ?? [];
    const take = Math.min(Math.ceil((inSubset.length / total) * max), room);
    const kept = inSubset.slice(0, take);
    room -= kept.length;
    return cutReady ? { ...s, addresses: kept, notReadyAddresses: [] } : { ...s, notReadyAddresses: kept };
  });
}

/** capacityAnnotationSetCorrectly: within capacity and not marked over it. */
export function capacityAnnotationCorrect(ep: Endpoints): boolean {
  return count(ep.subsets ?? []) <= MAX_CAPACITY && ep.metadata?.annotations?.[OVER_CAPACITY] === undefined;
}

/** Subsets equal, a target's resourceVersion aside. */
export function sameSubsets(a: readonly Subset[] | undefined, b: readonly Subset[]): boolean {
  const strip = (ss: readonly Subset[]) =>
    canonical(
      ss.map((s) => ({
        addresses: (s.addresses ?? []).map((x) => ({ ...x, targetRef: x.targetRef && { ...x.targetRef, resourceVersion: undefined } })),
        notReadyAddresses: (s.notReadyAddresses ?? []).map((x) => ({ ...x, targetRef: x.targetRef && { ...x.targetRef, resourceVersion: undefined } })),
        ports: s.ports ?? [],
      })),
    );
  return strip(a ?? []) === strip(b);
}
