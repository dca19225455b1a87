// The bridge plugin's side of an ADD, pure: the interfaces it creates (the node's bridge, the
// host end of a veth pair attached to it, the pod's end inside the sandbox), the addresses IPAM
// gave, and a default route per family through the bridge's gateway address. Names and MACs that
// the kernel would make up at random are derived from the attachment instead, so that a run
// replays and a CHECK can recompute them.

import type { CniDns, CniInterface, CniIpConfig, CniResult, CniRoute } from '../../protocols/kube/cni.ts';
import type { Allocation } from './ipam/allocator.ts';

export interface BridgeConfig {
  /** The bridge on the host, `cni0`. */
  readonly bridge: string;
  /** What the result's dns says; empty unless configured, as the bridge plugin leaves it. */
  readonly dns?: CniDns;
}

export interface Attachment {
  readonly containerId: string;
  readonly netns: string;
  readonly ifName: string;
}

/** FNV-1a, 32 bits: a stable hash for names and MACs. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** `veth` and eight hex digits, as the plugins' random veth names look; here from the attachment. */
export function vethName(containerId: string, ifName: string): string {
  return `veth${fnv1a(`${containerId}/${ifName}`).toString(16).padStart(8, '0')}`;
}

/** A locally administered unicast MAC from a hash, as the kernel's random ones are. */
function hashedMac(seed: string): string {
  const a = fnv1a(seed);
  const b = fnv1a(`${seed}#`);
  const bytes = [((a >>> 24) & 0xfc) | 0x02, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff, (b >>> 8) & 0xff, b & 0xff];
  return bytes.map(hex2).join(':');
}

/** Kubernetes' 0a:58 MACs: the prefix, then the four bytes of the IPv4 address. */
export function macFromIPv4(ip: string): string {
  return ['0a', '58', ...ip.split('.').map((o) => hex2(Number(o)))].join(':');
}

const hostOf = (cidr: string) => cidr.slice(0, cidr.indexOf('/'));

export function bridgeInterface(cfg: BridgeConfig, allocs: readonly Allocation[]): CniInterface {
  const v4 = allocs.find((a) => a.family === 4);
  return { name: cfg.bridge, mac: v4 ? macFromIPv4(v4.gateway) : hashedMac(`${cfg.bridge}/${allocs[0]?.gateway ?? ''}`) };
}

export function containerInterface(at: Attachment, allocs: readonly Allocation[]): CniInterface {
  const v4 = allocs.find((a) => a.family === 4);
  const mac = v4 ? macFromIPv4(hostOf(v4.address)) : hashedMac(`${at.containerId}/${at.ifName}/${allocs[0]?.address ?? ''}`);
  return { name: at.ifName, mac, sandbox: at.netns };
}

export function hostVeth(at: Attachment): CniInterface {
  return { name: vethName(at.containerId, at.ifName), mac: hashedMac(`${at.containerId}/${at.ifName}/host`) };
}

/** The default route of each family present, through its first gateway, in configuration order. */
export function defaultRoutes(allocs: readonly Allocation[]): CniRoute[] {
  const seen = new Set<number>();
  const routes: CniRoute[] = [];
  for (const a of allocs) {
    if (seen.has(a.family)) continue;
    seen.add(a.family);
    routes.push({ dst: a.family === 4 ? '0.0.0.0/0' : '::/0', gw: a.gateway });
  }
  return routes;
}

/** The result of an ADD; every IP lives on the sandbox's interface, the third one. */
export function bridgeResult(cfg: BridgeConfig, at: Attachment, allocs: readonly Allocation[]): CniResult {
  const interfaces = [bridgeInterface(cfg, allocs), hostVeth(at), containerInterface(at, allocs)];
  const ips: CniIpConfig[] = allocs.map((a) => ({ address: a.address, gateway: a.gateway, interface: 2 }));
  return { cniVersion: '1.0.0', interfaces, ips, routes: defaultRoutes(allocs), dns: cfg.dns ?? {} };
}
