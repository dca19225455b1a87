// What Services hold, one request's view: one ClusterIP allocator per configured family and one
// NodePort allocator, restored from etcd's RangeAllocations (etcd-allocation.ts) or rebuilt from
// the Services stored (repair.ts). It implements the strategy's `Allocators` and records why a
// specific value was refused, for Kubernetes' error wording.

import type { KubeObject } from '../../../protocols/kube/objects.ts';
import type { Allocators } from '../strategies/types.ts';
import { ClusterIPAllocator, DEFAULT_SERVICE_CIDRS } from './cluster-ip.ts';
import { type IPFamily, familyOf } from './ip.ts';
import { DEFAULT_NODE_PORT_RANGE, formatPortRange, NodePortAllocator, type PortRange } from './node-port.ts';
import { RANGE_KEYS } from './range-allocation.ts';

export interface ServiceAllocatorConfig {
  /** --service-cluster-ip-range: one CIDR, or one per family (the first is the primary). */
  readonly serviceCIDRs: readonly string[];
  readonly nodePortRange: PortRange;
}

export const DEFAULT_SERVICE_ALLOCATOR_CONFIG: ServiceAllocatorConfig = {
  serviceCIDRs: [DEFAULT_SERVICE_CIDRS.IPv4, DEFAULT_SERVICE_CIDRS.IPv6],
  nodePortRange: DEFAULT_NODE_PORT_RANGE,
};

/** Allocators that say why a specific value was refused, for Kubernetes' error wording. */
export interface ExplainingAllocators extends Allocators {
  /** The families the cluster serves, primary first. */
  readonly families: readonly IPFamily[];
  /** Why the last refused allocation failed ("provided IP is already allocated", "range is full"…). */
  readonly lastError: string | undefined;
}

export interface ServiceLike {
  readonly spec?: {
    readonly clusterIP?: string;
    readonly clusterIPs?: readonly string[];
    readonly ports?: readonly { readonly nodePort?: number }[];
    readonly healthCheckNodePort?: number;
  };
}

export class ServiceAllocators implements ExplainingAllocators {
  private readonly ips: Map<IPFamily, ClusterIPAllocator>;
  private readonly ports: NodePortAllocator;
  lastError: string | undefined;

  constructor(
    config: ServiceAllocatorConfig,
    private readonly pick: (n: number) => number,
  ) {
    this.ips = new Map(config.serviceCIDRs.map((c) => new ClusterIPAllocator(c)).map((a) => [a.family, a] as const));
    this.ports = new NodePortAllocator(config.nodePortRange);
  }

  get families(): IPFamily[] {
    return [...this.ips.keys()];
  }

  /** Each range's RangeAllocation key, the range it covers and its taken slots, primary family first. */
  ranges(): { key: string; range: string; slots: number[] }[] {
    const out: { key: string; range: string; slots: number[] }[] = [...this.ips.values()].map((a, i) => ({ key: i === 0 ? RANGE_KEYS.primary : RANGE_KEYS.secondary, range: a.cidr.text, slots: a.takenSlots() }));
    out.push({ key: RANGE_KEYS.nodePorts, range: formatPortRange(this.ports.range), slots: this.ports.takenSlots() });
    return out;
  }

  /** Takes the slots a RangeAllocation at `key` lists. */
  restoreRange(key: string, slots: readonly number[]): void {
    if (key === RANGE_KEYS.nodePorts) return this.ports.restore(slots);
    const ips = [...this.ips.values()];
    (key === RANGE_KEYS.primary ? ips[0] : key === RANGE_KEYS.secondary ? ips[1] : undefined)?.restore(slots);
  }

  clusterIP(family: IPFamily, ip?: string): string | undefined {
    const alloc = this.ips.get(family);
    if (alloc === undefined) return this.fail(`not configured for ${family}`);
    if (ip === undefined) return alloc.allocateNext(this.pick) ?? this.fail('range is full');
    const err = alloc.allocate(ip);
    return err === undefined ? ip : this.fail(err);
  }

  nodePort(port?: number): number | undefined {
    if (port === undefined) return this.ports.allocateNext(this.pick) ?? this.fail('range is full');
    const err = this.ports.allocate(port);
    return err === undefined ? port : this.fail(err);
  }

  hasClusterIP(ip: string): boolean {
    const family = familyOf(ip);
    return family !== undefined && (this.ips.get(family)?.has(ip) ?? false);
  }

  hasNodePort(port: number): boolean {
    return this.ports.has(port);
  }

  /** Every value taken, as `ip:<address>` and `port:<number>`. */
  values(): string[] {
    return [...[...this.ips.values()].flatMap((a) => a.allocated().map((ip) => `ip:${ip}`)), ...this.ports.allocated().map((p) => `port:${p}`)];
  }

  releaseClusterIP(ip: string): void {
    const family = familyOf(ip);
    if (family !== undefined) this.ips.get(family)?.release(ip);
  }

  releaseNodePort(port: number): void {
    this.ports.release(port);
  }

  private fail(why: string): undefined {
    this.lastError = why;
    return undefined;
  }
}

export const serviceIPs = (svc: ServiceLike): string[] => {
  const s = svc.spec ?? {};
  const all = [...(s.clusterIPs ?? []), ...(s.clusterIP === undefined ? [] : [s.clusterIP])];
  return [...new Set(all.filter((ip) => ip !== '' && ip !== 'None'))];
};

export const serviceNodePorts = (svc: ServiceLike): number[] => {
  const s = svc.spec ?? {};
  const ports = (s.ports ?? []).map((p) => p.nodePort ?? 0);
  if (s.healthCheckNodePort !== undefined) ports.push(s.healthCheckNodePort);
  return [...new Set(ports.filter((p) => p > 0))];
};
