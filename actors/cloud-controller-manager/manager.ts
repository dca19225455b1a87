// cloud-controller-manager: one replica per control plane, one of them leading. Each replica
// campaigns for the Lease kube-system/cloud-controller-manager (15 s lease, 10 s renew deadline,
// 2 s retry); the leader starts the cloud controllers as child actors (kind controller), all
// reading and writing as the manager (one identity, bound to system:cloud-controller-manager, as
// cloud providers deploy it) unless given a token per service account. A leader that loses the Lease exits, as the real one does, and its
// controllers die with it; its supervisor restarts it as a candidate.

import { cloudProviderService } from '../../protocols/kube/cloud.ts';
import { DEFAULT_EPOCH_MS } from '../../protocols/kube/time.ts';
import { defineLeaderManager } from '../client/index.ts';
import { defineCloudLoop } from './cloud-loop.ts';
import { CLOUD_CONTROLLERS, type CloudControllerContext, type CloudControllerDef } from './controllers.ts';

export interface CloudControllerManagerOptions {
  /** The host this replica runs on: the first part of its leader-election identity. */
  readonly host: string;
  /** Apiserver replicas, nearest first. */
  readonly apiservers: readonly string[];
  /** The manager's own token (user system:cloud-controller-manager): its Lease, and every controller without a token of its own. */
  readonly token: string;
  /** Tokens by service account name (node-controller, service-controller, route-controller), for --use-service-account-credentials. */
  readonly controllerTokens?: Readonly<Record<string, string>>;
  /** The host the cloud provider actor runs on. */
  readonly cloudHost: string;
  /** --cluster-cidr, for the route controller: routes outside it are not ours. */
  readonly clusterCIDRs?: readonly string[];
  readonly epochMs?: number;
  /** The controllers to run; all of CLOUD_CONTROLLERS by default (--controllers). */
  readonly controllers?: readonly CloudControllerDef[];
}

export const CCM_KIND = 'cloud-controller-manager';
export const CCM_LEASE = { namespace: 'kube-system', name: 'cloud-controller-manager' } as const;

/** cloud-controller-manager's --kube-api-qps and --kube-api-burst defaults. */
const CCM_CLIENT_RATE = { qps: 20, burst: 30 } as const;

export function cloudControllerContext(o: CloudControllerManagerOptions): CloudControllerContext {
  return {
    client: (name) => {
      const token = o.controllerTokens?.[name];
      return token === undefined ? { hosts: o.apiservers, token: o.token, ...CCM_CLIENT_RATE } : { hosts: o.apiservers, token, readToken: o.token, ...CCM_CLIENT_RATE };
    },
    cloud: cloudProviderService.on(o.cloudHost),
    epochMs: o.epochMs ?? DEFAULT_EPOCH_MS,
    clusterCIDRs: o.clusterCIDRs ?? ['10.244.0.0/16'],
  };
}

export function cloudControllerManager(o: CloudControllerManagerOptions) {
  const context = cloudControllerContext(o);
  const defs = o.controllers ?? CLOUD_CONTROLLERS;
  return defineLeaderManager({
    kind: CCM_KIND,
    host: o.host,
    client: { hosts: o.apiservers, token: o.token, ...CCM_CLIENT_RATE },
    lease: CCM_LEASE,
    children: defs.map((d) => ({ name: d.name, actor: () => defineCloudLoop(d.spec(context)) })),
    ...(o.epochMs === undefined ? {} : { epochMs: o.epochMs }),
  });
}
