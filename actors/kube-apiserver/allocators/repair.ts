// The repair loops of pkg/registry/core/service/{ipallocator,portallocator}/controller: every
// replica, at start and every 3 minutes, rebuilds the ranges from the Services stored and writes
// them back by compare-and-swap. A value a Service holds but the range misses is taken again
// (with a Warning Event on the Service); one two Services hold, or one outside the range, only
// draws a Warning. A value the range holds but no Service does may belong to a create still in
// flight, so it is kept through two more passes and freed on the third that still finds it.

import type { KubeObject } from '../../../protocols/kube/objects.ts';
import type { AllocationEnv } from './etcd-allocation.ts';
import { restored } from './etcd-allocation.ts';
import { type IPFamily, familyOf, isIP } from './ip.ts';
import type { RangeSnapshot } from './range-allocation.ts';
import { ServiceAllocators, type ServiceLike } from './service-allocators.ts';

export const REPAIR_INTERVAL_MS = 3 * 60_000;

/** numRepairsBeforeLeakCleanup: the pass that first finds a leak counts as one. */
const REPAIRS_BEFORE_LEAK_CLEANUP = 3;

export interface RepairEvent {
  readonly service: KubeObject;
  /** The recorder's component: ipallocator-repair-controller or portallocator-repair-controller. */
  readonly component: string;
  readonly reason: string;
  readonly message: string;
}

export interface RepairResult {
  readonly rebuilt: ServiceAllocators;
  /** Passes left before each suspected leak is freed, by value (`ip:…`, `port:…`). */
  readonly leaks: Map<string, number>;
  readonly events: RepairEvent[];
}

const IP_COMPONENT = 'ipallocator-repair-controller';
const PORT_COMPONENT = 'portallocator-repair-controller';

export function repairRanges(snapshots: readonly RangeSnapshot[], services: readonly KubeObject[], leaks: ReadonlyMap<string, number>, env: AllocationEnv): RepairResult {
  const stored = restored(env, snapshots);
  const rebuilt = new ServiceAllocators(env.config, env.pick);
  const next = new Map(leaks);
  const events: RepairEvent[] = [];
  const cidrOf = new Map(rebuilt.ranges().map((r, i) => [rebuilt.families[i], r.range] as const));
  const ports = rebuilt.ranges().at(-1)!.range;
  for (const service of services) {
    const spec = (service as ServiceLike).spec ?? {};
    const warn = (component: string, reason: string, message: string) => events.push({ service, component, reason, message });
    for (const ip of (spec.clusterIPs ?? []).filter((x) => x !== '' && x !== 'None')) {
      if (!isIP(ip)) {
        warn(IP_COMPONENT, 'ClusterIPNotValid', `Cluster IP ${ip} is not a valid IP; please recreate service`);
        continue;
      }
      const family = familyOf(ip) as IPFamily;
      if (!rebuilt.families.includes(family)) {
        warn(IP_COMPONENT, 'ClusterIPNotValid', `Cluster IP ${ip}(${family}) is of ip family that is no longer configured on cluster; please recreate service`);
        continue;
      }
      if (rebuilt.clusterIP(family, ip) !== undefined) {
        if (stored.hasClusterIP(ip)) stored.releaseClusterIP(ip);
        else warn(IP_COMPONENT, 'ClusterIPNotAllocated', `Cluster IP [${family}]:${ip} is not allocated; repairing`);
        next.delete(`ip:${ip}`);
      } else if (rebuilt.lastError === 'provided IP is already allocated') {
        warn(IP_COMPONENT, 'ClusterIPAlreadyAllocated', `Cluster IP [${family}]:${ip} was assigned to multiple services; please recreate service`);
      } else {
        warn(IP_COMPONENT, 'ClusterIPOutOfRange', `Cluster IP [${family}]:${ip} is not within the service CIDR ${cidrOf.get(family)}; please recreate service`);
      }
    }
    for (const port of collectNodePorts(service)) {
      if (rebuilt.nodePort(port) !== undefined) {
        if (stored.hasNodePort(port)) stored.releaseNodePort(port);
        else warn(PORT_COMPONENT, 'PortNotAllocated', `Port ${port} is not allocated; repairing`);
        next.delete(`port:${port}`);
      } else if (rebuilt.lastError === 'provided port is already allocated') {
        warn(PORT_COMPONENT, 'PortAlreadyAllocated', `Port ${port} was assigned to multiple services; please recreate service`);
      } else {
        warn(PORT_COMPONENT, 'PortOutOfRange', `Port ${port} is not within the port range ${ports}; please recreate service`);
      }
    }
  }
  // What the stored ranges still hold, no Service holds.
  for (const value of stored.values()) {
    const left = next.get(value) ?? REPAIRS_BEFORE_LEAK_CLEANUP - 1;
    if (left > 0) {
      next.set(value, left - 1);
      if (value.startsWith('ip:')) rebuilt.clusterIP(familyOf(value.slice(3))!, value.slice(3));
      else rebuilt.nodePort(Number(value.slice(5)));
    } else next.delete(value);
  }
  return { rebuilt, leaks: next, events };
}

/**
 * collectServiceNodePorts: a nodePort listed twice with one protocol counts twice (so the second
 * is a duplicate), with two protocols once; the health-check port unless a UDP-only port has it.
 */
export function collectNodePorts(service: KubeObject): number[] {
  const spec = (service.spec ?? {}) as { ports?: { nodePort?: number; protocol?: string }[]; healthCheckNodePort?: number };
  const out: number[] = [];
  const seen = new Map<number, Set<string>>();
  for (const p of spec.ports ?? []) {
    const port = p.nodePort ?? 0;
    if (port === 0) continue;
    const proto = p.protocol ?? 'TCP';
    const s = seen.get(port);
    if (s === undefined) {
      seen.set(port, new Set([proto]));
      out.push(port);
    } else if (s.has(proto)) out.push(port);
    else s.add(proto);
  }
  const hc = spec.healthCheckNodePort ?? 0;
  if (hc !== 0) {
    const s = seen.get(hc);
    if (s === undefined || s.has('TCP')) out.push(hc);
  }
  return out;
}
