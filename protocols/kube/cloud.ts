// The simulated cloud provider's API as messages: what a cloud-controller-manager asks of its
// cloud (cloud-provider's Instances V2, LoadBalancer and Routes interfaces), plus the controls a
// scenario or test uses to change the cloud underneath the cluster (add, shut down, start and
// terminate instances). Every request carries its replyTo and gets one CloudReply.

import type { ActorRef } from '../../runtime/message.ts';
import { service } from '../../runtime/service.ts';

export const CLOUD_PROVIDER_NAME = 'kybernetes';

export type InstanceState = 'running' | 'shutdown' | 'terminated';

export interface NodeAddress {
  readonly type: 'InternalIP' | 'ExternalIP' | 'Hostname' | 'InternalDNS' | 'ExternalDNS';
  readonly address: string;
}

/** cloud-provider's InstanceMetadata, plus the instance's power state (InstanceShutdown). */
export interface InstanceMetadata {
  /** `kybernetes://<region>/<zone>/<instance>` */
  readonly providerID: string;
  readonly instanceType: string;
  readonly zone: string;
  readonly region: string;
  readonly addresses: readonly NodeAddress[];
  readonly state: 'running' | 'shutdown';
}

export interface LoadBalancerPort {
  readonly name?: string;
  readonly protocol: string;
  readonly port: number;
  readonly nodePort: number;
}

export interface LoadBalancerIngress {
  readonly ip: string;
}

export interface Route {
  readonly name: string;
  readonly targetNode: string;
  readonly destinationCIDR: string;
}

export interface InstanceSpec {
  /** The instance's name; its node's name. */
  readonly name: string;
  readonly zone: string;
  readonly instanceType?: string;
  readonly internalIPs?: readonly string[];
  readonly externalIP?: string;
}

type Req<T> = T & { readonly replyTo: ActorRef<CloudReply> };

/** A request as a controller decides it; the shell adds replyTo. */
export type CloudCall =
  /** By node name, or by providerID when the node has one. */
  | { readonly type: 'InstanceMetadata'; readonly nodeName: string; readonly providerID?: string }
  | { readonly type: 'GetLoadBalancer'; readonly name: string }
  /** `loadBalancerIP`: the Service's spec.loadBalancerIP, an address of the pool it asks for. */
  | {
      readonly type: 'EnsureLoadBalancer';
      readonly name: string;
      readonly service: string;
      readonly ports: readonly LoadBalancerPort[];
      readonly nodes: readonly string[];
      readonly loadBalancerIP?: string;
    }
  | { readonly type: 'UpdateLoadBalancer'; readonly name: string; readonly nodes: readonly string[] }
  | { readonly type: 'EnsureLoadBalancerDeleted'; readonly name: string }
  | { readonly type: 'ListRoutes' }
  | { readonly type: 'CreateRoute'; readonly nameHint: string; readonly targetNode: string; readonly destinationCIDR: string }
  | { readonly type: 'DeleteRoute'; readonly name: string }
  | { readonly type: 'CreateDisk'; readonly name: string; readonly zone: string; readonly sizeGi: number }
  | { readonly type: 'AttachDisk'; readonly name: string; readonly instance: string }
  | { readonly type: 'DetachDisk'; readonly name: string }
  | { readonly type: 'DeleteDisk'; readonly name: string };

/** The controls of a scenario or test: the cloud changing under the cluster. */
export type CloudControl =
  | { readonly type: 'AddInstance'; readonly instance: InstanceSpec }
  | { readonly type: 'ShutdownInstance'; readonly name: string }
  | { readonly type: 'StartInstance'; readonly name: string }
  | { readonly type: 'TerminateInstance'; readonly name: string };

export type CloudRequest = Req<CloudCall> | Req<CloudControl>;

export interface DiskInfo {
  readonly name: string;
  readonly zone: string;
  readonly sizeGi: number;
  readonly attachedTo?: string;
}

export type CloudResult =
  | { readonly kind: 'Instance'; readonly metadata: InstanceMetadata | null }
  | { readonly kind: 'LoadBalancer'; readonly exists: boolean; readonly ingress: readonly LoadBalancerIngress[] }
  | { readonly kind: 'Routes'; readonly routes: readonly Route[] }
  | { readonly kind: 'Route'; readonly route: Route }
  | { readonly kind: 'Disk'; readonly disk: DiskInfo }
  | { readonly kind: 'Done' };

export type CloudReply =
  | { readonly type: 'CloudReply'; readonly ok: true; readonly result: CloudResult }
  | { readonly type: 'CloudReply'; readonly ok: false; readonly error: string };

/** The cloud provider actor, at /<cloud host>/cloud-provider. */
export const cloudProviderService = service<CloudRequest>('cloud-provider');

export const providerIDOf = (region: string, zone: string, instance: string) => `${CLOUD_PROVIDER_NAME}://${region}/${zone}/${instance}`;

/** The parts of a providerID this cloud issued; undefined for any other. */
export function parseProviderID(id: string): { region: string; zone: string; instance: string } | undefined {
  const m = /^kybernetes:\/\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(id);
  return m ? { region: m[1]!, zone: m[2]!, instance: m[3]! } : undefined;
}

/** cloud-provider's default load balancer name: "a" and the Service's UID without dashes, at most 32 characters. */
export const loadBalancerName = (uid: string) => `a${uid.replace(/-/g, '')}`.slice(0, 32);
