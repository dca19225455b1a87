// The simulated cloud as plain data: one region of zones holding instances, load balancers with
// external IPs from a pool, routes and disks, and `handle` answering each request the way a cloud's
// API would (idempotent Ensure calls, NotFound for what does not exist). Deterministic: instance
// ids count up and external IPs are taken lowest-free from the pool, starting at a seeded offset.

import ipaddr from 'ipaddr.js';
import {
  type CloudCall,
  type CloudControl,
  type CloudReply,
  type CloudResult,
  type DiskInfo,
  type InstanceMetadata,
  type InstanceSpec,
  type InstanceState,
  type LoadBalancerPort,
  type NodeAddress,
  parseProviderID,
  providerIDOf,
  type Route,
} from '../../protocols/kube/cloud.ts';

export interface Instance {
  readonly name: string;
  readonly id: string;
  readonly zone: string;
  readonly instanceType: string;
  readonly addresses: readonly NodeAddress[];
  state: InstanceState;
}

export interface LoadBalancer {
  readonly name: string;
  /** The Service it serves, namespace/name. */
  readonly service: string;
  readonly ip: string;
  readonly ports: readonly LoadBalancerPort[];
  /** Backend node names, sorted. */
  nodes: readonly string[];
}

export interface CloudOptions {
  readonly region?: string;
  readonly zones?: readonly string[];
  /** External IPs for load balancers; default 203.0.113.0/24 (TEST-NET-3). */
  readonly externalPool?: string;
  /** Where in the pool allocation starts (a seeded choice); default 0. */
  readonly poolOffset?: number;
  readonly instances?: readonly InstanceSpec[];
  readonly defaultInstanceType?: string;
}

export interface CloudState {
  readonly region: string;
  readonly zones: readonly string[];
  readonly defaultInstanceType: string;
  instances: Record<string, Instance>;
  nextInstance: number;
  loadBalancers: Record<string, LoadBalancer>;
  /** Usable pool addresses as numbers (network and broadcast excluded), in order; and the seeded start. */
  readonly pool: { readonly cidr: string; readonly first: number; readonly size: number; readonly offset: number };
  routes: Record<string, Route>;
  disks: Record<string, DiskInfo>;
}

const toNum = (ip: string) => ipaddr.IPv4.parse(ip).toByteArray().reduce((a, b) => a * 256 + b, 0);
const toIP = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

export function newCloud(o: CloudOptions = {}): CloudState {
  const cidr = o.externalPool ?? '203.0.113.0/24';
  const [net, bits] = ipaddr.IPv4.parseCIDR(cidr);
  const total = 2 ** (32 - bits);
  const size = Math.max(1, total - 2);
  const s: CloudState = {
    region: o.region ?? 'region-1',
    zones: o.zones ?? ['zone-a', 'zone-b', 'zone-c'],
    defaultInstanceType: o.defaultInstanceType ?? 'standard-2',
    instances: {},
    nextInstance: 1,
    loadBalancers: {},
    pool: { cidr, first: toNum(net.toString()) + 1, size, offset: (o.poolOffset ?? 0) % size },
    routes: {},
    disks: {},
  };
  for (const i of o.instances ?? []) addInstance(s, i);
  return s;
}

export function addInstance(s: CloudState, spec: InstanceSpec): Instance {
  const existing = s.instances[spec.name];
  if (existing !== undefined && existing.state !== 'terminated') return existing;
  const addresses: NodeAddress[] = [
    ...(spec.internalIPs ?? []).map((address) => ({ type: 'InternalIP' as const, address })),
    ...(spec.externalIP === undefined ? [] : [{ type: 'ExternalIP' as const, address: spec.externalIP }]),
    { type: 'Hostname', address: spec.name },
  ];
  const inst: Instance = { name: spec.name, id: `i-${(s.nextInstance++).toString(16).padStart(8, '0')}`, zone: spec.zone, instanceType: spec.instanceType ?? s.defaultInstanceType, addresses, state: 'running' };
  s.instances[spec.name] = inst;
  return inst;
}

export const metadataOf = (s: CloudState, i: Instance): InstanceMetadata => ({
  providerID: providerIDOf(s.region, i.zone, i.name),
  instanceType: i.instanceType,
  zone: i.zone,
  region: s.region,
  addresses: i.addresses,
  state: i.state === 'shutdown' ? 'shutdown' : 'running',
});

/** The live instance a node name or providerID names; a terminated one is gone, as InstanceExists says. */
export function findInstance(s: CloudState, nodeName: string, providerID?: string): Instance | undefined {
  let name = nodeName;
  if (providerID !== undefined && providerID !== '') {
    const p = parseProviderID(providerID);
    if (p === undefined || p.region !== s.region) return undefined;
    name = p.instance;
  }
  const i = s.instances[name];
  return i === undefined || i.state === 'terminated' ? undefined : i;
}

/** The address a Service asked for, if the pool has it free; an error otherwise. */
function requestedIP(s: CloudState, ip: string, lbName: string): { ip: string } | { error: string } {
  const n = ipaddr.IPv4.isValidFourPartDecimal(ip) ? toNum(ip) : NaN;
  if (!(n >= s.pool.first && n < s.pool.first + s.pool.size)) return { error: `requested load balancer IP ${ip} is not in the pool ${s.pool.cidr}` };
  const holder = Object.values(s.loadBalancers).find((lb) => lb.ip === ip && lb.name !== lbName);
  return holder === undefined ? { ip } : { error: `requested load balancer IP ${ip} is in use by ${holder.service}` };
}

function allocateIP(s: CloudState): string | undefined {
  const used = new Set(Object.values(s.loadBalancers).map((lb) => lb.ip));
  for (let k = 0; k < s.pool.size; k++) {
    const ip = toIP(s.pool.first + ((s.pool.offset + k) % s.pool.size));
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

const ok = (result: CloudResult): CloudReply => ({ type: 'CloudReply', ok: true, result });
const fail = (error: string): CloudReply => ({ type: 'CloudReply', ok: false, error });
const DONE: CloudResult = { kind: 'Done' };
const lbResult = (lb: LoadBalancer | undefined): CloudResult => ({ kind: 'LoadBalancer', exists: lb !== undefined, ingress: lb ? [{ ip: lb.ip }] : [] });

/** Routes are named by the cloud from the hint (the node's UID) and the destination. */
export const routeName = (nameHint: string, cidr: string) => `${nameHint}-${cidr.replace(/[/:.]/g, '-')}`;

function handleInstanceControl(s: CloudState, m: CloudControl): CloudReply {
  if (m.type === 'AddInstance') return ok({ kind: 'Instance', metadata: metadataOf(s, addInstance(s, m.instance)) });
  const i = s.instances[m.name];
  if (i === undefined || i.state === 'terminated') return fail(`instance ${m.name} not found`);
  if (m.type === 'ShutdownInstance') i.state = 'shutdown';
  else if (m.type === 'StartInstance') i.state = 'running';
  else {
    i.state = 'terminated';
    for (const d of Object.values(s.disks)) if (d.attachedTo === m.name) s.disks[d.name] = { name: d.name, zone: d.zone, sizeGi: d.sizeGi };
  }
  return ok({ kind: 'Instance', metadata: i.state === 'terminated' ? null : metadataOf(s, i) });
}

function handleDisk(s: CloudState, m: Extract<CloudCall, { type: 'CreateDisk' | 'AttachDisk' | 'DetachDisk' | 'DeleteDisk' }>): CloudReply {
  const d = s.disks[m.name];
  if (m.type === 'CreateDisk') {
    if (!s.zones.includes(m.zone)) return fail(`zone ${m.zone} not found`);
    if (d !== undefined) return d.zone === m.zone && d.sizeGi === m.sizeGi ? ok({ kind: 'Disk', disk: d }) : fail(`disk ${m.name} already exists`);
    const disk = { name: m.name, zone: m.zone, sizeGi: m.sizeGi };
    s.disks[m.name] = disk;
    return ok({ kind: 'Disk', disk });
  }
  if (d === undefined) return m.type === 'DeleteDisk' || m.type === 'DetachDisk' ? ok(DONE) : fail(`disk ${m.name} not found`);
  if (m.type === 'AttachDisk') {
    const i = findInstance(s, m.instance);
    if (i === undefined) return fail(`instance ${m.instance} not found`);
    if (i.zone !== d.zone) return fail(`disk ${m.name} is in zone ${d.zone}, instance ${m.instance} in zone ${i.zone}`);
    if (d.attachedTo !== undefined && d.attachedTo !== m.instance) return fail(`disk ${m.name} is attached to ${d.attachedTo}`);
    s.disks[m.name] = { ...d, attachedTo: m.instance };
    return ok({ kind: 'Disk', disk: s.disks[m.name]! });
  }
  if (m.type === 'DetachDisk') {
    s.disks[m.name] = { name: d.name, zone: d.zone, sizeGi: d.sizeGi };
    return ok({ kind: 'Disk', disk: s.disks[m.name]! });
  }
  if (d.attachedTo !== undefined) return fail(`disk ${m.name} is attached to ${d.attachedTo}`);
  delete s.disks[m.name];
  return ok(DONE);
}

/** Answers one request, changing the cloud as it says. */
export function handle(s: CloudState, m: CloudCall | CloudControl): CloudReply {
  switch (m.type) {
    case 'AddInstance':
    case 'ShutdownInstance':
    case 'StartInstance':
    case 'TerminateInstance':
      return handleInstanceControl(s, m);
    case 'InstanceMetadata': {
      const i = findInstance(s, m.nodeName, m.providerID);
      return ok({ kind: 'Instance', metadata: i ? metadataOf(s, i) : null });
    }
    case 'GetLoadBalancer':
      return ok(lbResult(s.loadBalancers[m.name]));
    case 'EnsureLoadBalancer': {
      const lb = s.loadBalancers[m.name];
      const nodes = [...m.nodes].sort();
      const wanted = m.loadBalancerIP ? requestedIP(s, m.loadBalancerIP, m.name) : undefined;
      if (wanted !== undefined && 'error' in wanted) return fail(wanted.error);
      if (lb !== undefined) {
        s.loadBalancers[m.name] = { ...lb, ip: wanted?.ip ?? lb.ip, ports: m.ports, nodes };
        return ok(lbResult(s.loadBalancers[m.name]));
      }
      const ip = wanted?.ip ?? allocateIP(s);
      if (ip === undefined) return fail('no external IP addresses left in the pool');
      s.loadBalancers[m.name] = { name: m.name, service: m.service, ip, ports: m.ports, nodes };
      return ok(lbResult(s.loadBalancers[m.name]));
    }
    case 'UpdateLoadBalancer': {
      const lb = s.loadBalancers[m.name];
      if (lb === undefined) return fail(`load balancer ${m.name} not found`);
      lb.nodes = [...m.nodes].sort();
      return ok(DONE);
    }
    case 'EnsureLoadBalancerDeleted':
      delete s.loadBalancers[m.name];
      return ok(DONE);
    case 'ListRoutes':
      return ok({ kind: 'Routes', routes: Object.values(s.routes).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) });
    case 'CreateRoute': {
      if (findInstance(s, m.targetNode) === undefined) return fail(`instance ${m.targetNode} not found`);
      const clash = Object.values(s.routes).find((r) => r.destinationCIDR === m.destinationCIDR);
      if (clash !== undefined && clash.targetNode !== m.targetNode) return fail(`route for ${m.destinationCIDR} already exists, to ${clash.targetNode}`);
      const route: Route = clash ?? { name: routeName(m.nameHint, m.destinationCIDR), targetNode: m.targetNode, destinationCIDR: m.destinationCIDR };
      s.routes[route.name] = route;
      return ok({ kind: 'Route', route });
    }
    case 'DeleteRoute':
      delete s.routes[m.name];
      return ok(DONE);
    default:
      return handleDisk(s, m);
  }
}
