// What the container runtime says to a node's CNI plugin and what it hears back: the CNI
// operations ADD, DEL and CHECK as messages. A request carries what a real runtime passes in the
// CNI_* environment variables and in the network configuration's runtimeConfig (the node's
// podCIDRs, as the kubelet handed them over in UpdateRuntimeConfig); a reply carries what the
// plugin prints: the result of CNI spec 1.0.0 or its error object.

import type { ActorRef } from '../../runtime/message.ts';
import { service } from '../../runtime/service.ts';

export type CniOp = 'ADD' | 'DEL' | 'CHECK';

/** The CNI_ARGS a Kubernetes runtime passes (K8S_POD_* as containerd and CRI-O set them). */
export interface CniArgs {
  readonly K8S_POD_NAMESPACE: string;
  readonly K8S_POD_NAME: string;
  readonly K8S_POD_INFRA_CONTAINER_ID: string;
  readonly K8S_POD_UID: string;
}

/**
 * One range of host-local's `ipRanges` capability. Only `subnet` is required: the first address
 * after the network is the gateway and the range runs to the last address before the broadcast
 * (IPv4) or to the subnet's last address (IPv6).
 */
export interface CniIpRange {
  readonly subnet: string;
  readonly rangeStart?: string;
  readonly rangeEnd?: string;
  readonly gateway?: string;
}

export interface CniRuntimeConfig {
  /** One range set per address family: the node's spec.podCIDRs, one IP per pod from each set. */
  readonly ipRanges: readonly (readonly CniIpRange[])[];
}

/** CNI 1.0.0 result: interfaces, then IPs naming their interface by index into `interfaces`. */
export interface CniInterface {
  readonly name: string;
  readonly mac: string;
  /** The network namespace path, for interfaces inside the sandbox; absent for the host's. */
  readonly sandbox?: string;
}

export interface CniIpConfig {
  /** CIDR notation: the address and its subnet's prefix length, `10.244.1.2/24`. */
  readonly address: string;
  readonly gateway?: string;
  readonly interface?: number;
}

export interface CniRoute {
  readonly dst: string;
  readonly gw?: string;
}

export interface CniDns {
  readonly nameservers?: readonly string[];
  readonly domain?: string;
  readonly search?: readonly string[];
  readonly options?: readonly string[];
}

export interface CniResult {
  readonly cniVersion: '1.0.0';
  readonly interfaces: readonly CniInterface[];
  readonly ips: readonly CniIpConfig[];
  readonly routes: readonly CniRoute[];
  readonly dns: CniDns;
}

/** The well-known error codes of the CNI spec; 999 is what a plugin's plain Go error becomes. */
export const CNI_ERRORS = {
  IncompatibleCNIVersion: 1,
  UnsupportedField: 2,
  UnknownContainer: 3,
  InvalidEnvironmentVariables: 4,
  IOFailure: 5,
  DecodingFailure: 6,
  InvalidNetworkConfig: 7,
  InvalidNetNS: 8,
  TryAgainLater: 11,
  Internal: 999,
} as const;

export interface CniError {
  readonly cniVersion: string;
  readonly code: number;
  readonly msg: string;
  readonly details?: string;
}

interface CniRequestBase {
  readonly reqId: number;
  /** CNI_CONTAINERID: the sandbox's id. */
  readonly containerId: string;
  /** CNI_NETNS: the path of the pause container's network namespace. Optional for DEL only. */
  readonly netns: string;
  /** CNI_IFNAME: the interface to create inside the sandbox, `eth0`. */
  readonly ifName: string;
  readonly args: CniArgs;
  readonly runtimeConfig: CniRuntimeConfig;
  readonly replyTo: ActorRef<CniReply>;
}

export interface CniAdd extends CniRequestBase {
  readonly type: 'CniAdd';
}

export interface CniDel extends CniRequestBase {
  readonly type: 'CniDel';
  readonly prevResult?: CniResult;
}

export interface CniCheck extends CniRequestBase {
  readonly type: 'CniCheck';
  /** The ADD's result, which CHECK verifies; the bridge plugin requires it. */
  readonly prevResult?: CniResult;
}

export type CniMsg = CniAdd | CniDel | CniCheck;

/**
 * ADD answers its result; DEL and CHECK print nothing on success, so their success carries none.
 * A failure carries the error object a plugin prints, with its code.
 */
export type CniReply =
  | { readonly type: 'CniReply'; readonly reqId: number; readonly op: 'ADD'; readonly ok: true; readonly result: CniResult }
  | { readonly type: 'CniReply'; readonly reqId: number; readonly op: 'DEL' | 'CHECK'; readonly ok: true }
  | { readonly type: 'CniReply'; readonly reqId: number; readonly op: CniOp; readonly ok: false; readonly error: CniError };

const OPS: Readonly<Record<CniMsg['type'], CniOp>> = { CniAdd: 'ADD', CniDel: 'DEL', CniCheck: 'CHECK' };

/** The CNI operation a request names. */
export function cniOp(msg: CniMsg): CniOp {
  return OPS[msg.type];
}

export function isCniMsg(msg: { readonly type: string }): msg is CniMsg {
  return Object.hasOwn(OPS, msg.type);
}

export function isCniReply(msg: { readonly type: string }): msg is CniReply {
  return msg.type === 'CniReply';
}

/** The node's CNI plugin, one per host. */
export const cniPluginService = service<CniMsg>('cni-plugin');
