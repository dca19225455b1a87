// kube-controller-manager: one replica per control plane, one of them leading. Each replica
// campaigns for the Lease kube-system/kube-controller-manager (15 s lease, 10 s renew deadline,
// 2 s retry, as the real one); the leader starts every controller as a child actor (kind
// controller), each a reconcile loop with its own informers, reading as the manager and writing
// as its own service account. A leader that loses the Lease exits ("leaderelection lost"), as the
// real one does: its supervisor restarts it as a candidate, and its controllers die with it.

import { defineController, defineLeaderManager } from '../client/index.ts';
import { DEFAULT_EPOCH_MS } from '../../protocols/kube/time.ts';
import type { AnyControllerDef, ControllerContext } from './context.ts';
import { CONTROLLERS } from './controllers.ts';
import { REPLICASET_CONTROLLER, replicaSetControllerWith } from './replicaset/controller.ts';

export interface ControllerManagerOptions {
  /** The host this replica runs on: the first part of its leader-election identity. */
  readonly host: string;
  /** Apiserver replicas, nearest first. */
  readonly apiservers: readonly string[];
  /** The manager's own token: its Lease and its controllers' informers use it. */
  readonly token: string;
  /** Each controller's service-account token, by controller name: its writes go with it. */
  readonly controllerTokens: Readonly<Record<string, string>>;
  /** The cluster CA certificate (--root-ca-file). */
  readonly rootCA: string;
  readonly clusterCIDRs?: readonly string[];
  readonly serviceCIDRs?: readonly string[];
  readonly epochMs?: number;
  /** The controllers to run; all of CONTROLLERS by default (--controllers). */
  readonly controllers?: readonly AnyControllerDef[];
  /** Bugs planted for the fault runs that must catch them; none in a real cluster. */
  readonly plant?: ControllerManagerPlant;
}

export interface ControllerManagerPlant {
  /** The ReplicaSet controller ignores its expectations (see replicaset/controller.ts). */
  readonly replicaSetIgnoresExpectations?: true;
}

/** The controllers with the planted bugs put in. */
const planted = (defs: readonly AnyControllerDef[], plant: ControllerManagerPlant | undefined): readonly AnyControllerDef[] =>
  plant?.replicaSetIgnoresExpectations ? defs.map((d) => (d.name === REPLICASET_CONTROLLER ? replicaSetControllerWith({ ignoresExpectations: true }) : d)) : defs;

export const KCM_KIND = 'kube-controller-manager';
export const KCM_LEASE = { namespace: 'kube-system', name: 'kube-controller-manager' } as const;

/** kube-controller-manager's --kube-api-qps and --kube-api-burst defaults, for every controller's client. */
export const KCM_CLIENT_RATE = { qps: 20, burst: 30 } as const;

export function controllerContext(o: ControllerManagerOptions): ControllerContext {
  return {
    client: (name) => {
      const token = o.controllerTokens[name];
      if (token === undefined) throw new Error(`kube-controller-manager: controller "${name}" has no service-account token`);
      return { hosts: o.apiservers, token, readToken: o.token, ...KCM_CLIENT_RATE };
    },
    epochMs: o.epochMs ?? DEFAULT_EPOCH_MS,
    clusterCIDRs: o.clusterCIDRs ?? ['10.244.0.0/16'],
    serviceCIDRs: o.serviceCIDRs ?? ['10.96.0.0/12'],
    nodeCIDRMaskSizes: { ipv4: 24, ipv6: 64 },
    rootCA: o.rootCA,
  };
}

export function kubeControllerManager(o: ControllerManagerOptions) {
  const context = controllerContext(o);
  const defs = planted(o.controllers ?? CONTROLLERS, o.plant);
  return defineLeaderManager({
    kind: KCM_KIND,
    host: o.host,
    client: { hosts: o.apiservers, token: o.token, ...KCM_CLIENT_RATE },
    lease: KCM_LEASE,
    children: defs.map((d) => ({ name: d.name, actor: () => defineController(d.spec(context)) })),
    ...(o.epochMs === undefined ? {} : { epochMs: o.epochMs }),
  });
}
