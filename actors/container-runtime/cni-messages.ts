// The CNI plugin's messages as the runtime uses them. Structural copies of what
// protocols/kube/cni.ts will declare (written in parallel by the cni-plugin's author): the lead
// replaces this file's declarations with imports from there once both are merged.

import type { ActorRef } from '../../runtime/index.ts';

export interface CniArgs {
  readonly K8S_POD_NAMESPACE: string;
  readonly K8S_POD_NAME: string;
  readonly K8S_POD_INFRA_CONTAINER_ID: string;
  readonly K8S_POD_UID: string;
}

export interface CniRuntimeConfig {
  readonly ipRanges: readonly (readonly { readonly subnet: string }[])[];
}

export interface CniResult {
  readonly cniVersion: string;
  readonly interfaces: readonly { readonly name: string; readonly mac: string; readonly sandbox?: string }[];
  readonly ips: readonly { readonly address: string; readonly gateway?: string; readonly interface?: number }[];
  readonly routes: readonly unknown[];
  readonly dns: unknown;
}

export type CniOp = 'ADD' | 'DEL' | 'CHECK';

export type CniReply =
  | { readonly type: 'CniReply'; readonly reqId: number; readonly op: CniOp; readonly ok: true; readonly result: CniResult }
  | { readonly type: 'CniReply'; readonly reqId: number; readonly op: CniOp; readonly ok: false; readonly error: { readonly code: number; readonly msg: string } };

interface CniCall<T extends string> {
  readonly type: T;
  readonly reqId: number;
  readonly containerId: string;
  readonly netns: string;
  readonly ifName: string;
  readonly args: CniArgs;
  readonly runtimeConfig: CniRuntimeConfig;
  readonly replyTo: ActorRef<CniReply>;
}

export type CniAdd = CniCall<'CniAdd'>;
export type CniDel = CniCall<'CniDel'>;
export type CniCheck = CniCall<'CniCheck'>;
export type CniRequest = CniAdd | CniDel | CniCheck;

/** The plugin as the runtime sees it: cniPluginService.on(node) once protocols/kube/cni.ts exists. */
export type CniPluginRef = ActorRef<CniRequest>;
