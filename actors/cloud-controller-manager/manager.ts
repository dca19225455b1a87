// cloud-controller-manager: one replica per control plane, one of them leading. Each replica
// campaigns for the Lease kube-system/cloud-controller-manager (15 s lease, 10 s renew deadline,
// 2 s retry); the leader starts the cloud controllers as child actors (kind controller), all
// reading and writing as the manager (one identity, bound to system:cloud-controller-manager, as
// cloud providers deploy it) unless given a token per service account. A leader that loses the Lease exits, as the real one does, and its
// controllers die with it; its supervisor restarts it as a candidate.

import { type ActorContext, defineActor } from '../../runtime/index.ts';
import { cloudProviderService } from '../../protocols/kube/cloud.ts';
import { DEFAULT_EPOCH_MS } from '../../protocols/kube/time.ts';
import { clientKit, type KitMsg, type KitState, type LeaderEvent } from '../client/index.ts';
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

type ManagerMsg = KitMsg | { readonly type: 'ManagerStart' };

interface ManagerState {
  kit: KitState;
  identity: string;
  started: string[];
}

export function cloudControllerContext(o: CloudControllerManagerOptions): CloudControllerContext {
  return {
    client: (name) => {
      const token = o.controllerTokens?.[name];
      return token === undefined ? { hosts: o.apiservers, token: o.token } : { hosts: o.apiservers, token, readToken: o.token };
    },
    cloud: cloudProviderService.on(o.cloudHost),
    epochMs: o.epochMs ?? DEFAULT_EPOCH_MS,
    clusterCIDRs: o.clusterCIDRs ?? ['10.244.0.0/16'],
  };
}

const identitySuffix = (random: () => number) =>
  Array.from({ length: 32 }, (_, i) => (i === 12 ? '4' : Math.floor(random() * 16).toString(16)))
    .join('')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

export function cloudControllerManager(o: CloudControllerManagerOptions) {
  const context = cloudControllerContext(o);
  const defs = o.controllers ?? CLOUD_CONTROLLERS;
  const epochMs = o.epochMs ?? DEFAULT_EPOCH_MS;
  const kitFor = (identity: string) =>
    clientKit({ client: { hosts: o.apiservers, token: o.token }, leaderElection: { ...CCM_LEASE, identity, epochMs }, source: { component: CCM_KIND }, epochMs });
  let kit = kitFor('');

  const onLeader = (s: ManagerState, ctx: ActorContext<ManagerMsg>, events: readonly LeaderEvent[]) => {
    for (const e of events) {
      if (e === 'stoppedLeading') throw new Error(`leaderelection lost: ${s.identity}`);
      const ref = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', ...CCM_LEASE };
      kit.event(s.kit, ctx, ref, 'Normal', 'LeaderElection', `${s.identity} became leader`);
      for (const d of defs) {
        if (s.started.includes(d.name)) continue;
        ctx.spawn(defineCloudLoop(d.spec(context)), { name: d.name, restart: 'permanent' });
        s.started.push(d.name);
      }
    }
  };

  return defineActor<ManagerMsg, ManagerState>({
    kind: CCM_KIND,
    init: (ctx) => {
      const identity = `${o.host}_${identitySuffix(() => ctx.random())}`;
      kit = kitFor(identity);
      ctx.send(ctx.self, { type: 'ManagerStart' });
      return { kit: kit.init(ctx.now()), identity, started: [] };
    },
    receive: (s, m, ctx) => {
      if (m.type === 'ManagerStart') onLeader(s, ctx, kit.start(s.kit, ctx, () => {}));
      else onLeader(s, ctx, kit.receive(s.kit, ctx, m, () => {}).leader);
      return s;
    },
    describe: (s) => ({ identity: s.identity, leading: s.kit.elector?.leading ?? false, controllers: s.started }),
  });
}
