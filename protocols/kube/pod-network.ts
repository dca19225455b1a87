// What reaches a pod over the network: an HTTP request or a TCP connection to one of its IPs
// and a port. The kubelet's httpGet and tcpSocket probes use it now; the node's host network
// (kube-proxy's rules, Services) will deliver packets the same way. Until that network exists,
// a pod on this node is reached through the node's container runtime, which hands the request
// to the sandbox owning the IP; the sandbox's network namespace (its pause container) passes it
// to the container listening on the port, or refuses the connection as a closed port does.

import type { ActorRef } from '../../runtime/message.ts';

export interface PodHttpRequest {
  readonly type: 'PodHttpRequest';
  readonly reqId: number;
  readonly ip: string;
  readonly port: number;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The caller gives up after this long; the reply then says timeout. */
  readonly timeoutMs: number;
  readonly replyTo: ActorRef<PodNetworkReply>;
}

export interface PodTcpConnect {
  readonly type: 'PodTcpConnect';
  readonly reqId: number;
  readonly ip: string;
  readonly port: number;
  readonly timeoutMs: number;
  readonly replyTo: ActorRef<PodNetworkReply>;
}

export type PodNetworkRequest = PodHttpRequest | PodTcpConnect;

/** Why a connection failed, in the words Go's net package prints. */
export type ConnectFailure = 'connection refused' | 'no route to host' | 'timeout';

export type PodNetworkReply =
  | { readonly type: 'PodNetworkReply'; readonly reqId: number; readonly ok: true; readonly status?: number; readonly body?: string }
  | { readonly type: 'PodNetworkReply'; readonly reqId: number; readonly ok: false; readonly failure: ConnectFailure };

export function isPodNetworkRequest(msg: { readonly type: string }): msg is PodNetworkRequest {
  return msg.type === 'PodHttpRequest' || msg.type === 'PodTcpConnect';
}
