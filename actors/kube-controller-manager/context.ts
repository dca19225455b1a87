// What kube-controller-manager hands each controller it starts: a client per controller (reads
// with the manager's token through its informers, writes as the controller's own kube-system
// service account, as --use-service-account-credentials runs them) and the manager's flags a
// controller reads. A controller is a factory from this context to a ControllerSpec; the manager
// (manager.ts) lists them and starts them when it leads.

import type { ApiClientConfig, ControllerMemory, ControllerSpec } from '../client/index.ts';

export interface ControllerContext {
  /** The client config for the controller whose service account is `system:serviceaccount:kube-system:<name>`. */
  client(name: string): ApiClientConfig;
  /** Where virtual time 0 falls (Events' and conditions' timestamps). */
  readonly epochMs: number;
  /** --cluster-cidr, one per family (dual-stack: IPv4 first). */
  readonly clusterCIDRs: readonly string[];
  /** --service-cluster-ip-range, one per family. */
  readonly serviceCIDRs: readonly string[];
  /** --node-cidr-mask-size-ipv4 / -ipv6: 24 and 64 by default. */
  readonly nodeCIDRMaskSizes: { readonly ipv4: number; readonly ipv6: number };
  /** The cluster CA certificate (--root-ca-file). */
  readonly rootCA: string;
}

export interface ControllerDef<M extends ControllerMemory = ControllerMemory> {
  /** As --controllers names it, e.g. 'replicaset-controller'; also its service account's name. */
  readonly name: string;
  readonly spec: (c: ControllerContext) => ControllerSpec<M>;
}

/** A ControllerDef of any memory type, as the manager's list holds them (memories differ; each def is typed where written). */
export type AnyControllerDef = ControllerDef<any>;
