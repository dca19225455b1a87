// A manager that runs its children only while it leads, as kube-controller-manager and
// cloud-controller-manager do: each replica campaigns for one Lease; the leader records a
// LeaderElection Event on it ("<identity> became leader") and starts every child; a leader that
// loses the Lease exits ("leaderelection lost"), so its children die with it and its supervisor
// restarts it as a candidate. Identities are `<host>_<uuid>`, the uuid new each incarnation.

import { type ActorContext, type ChildSpec, defineActor } from '../../runtime/index.ts';
import { DEFAULT_EPOCH_MS } from '../../protocols/kube/time.ts';
import type { ApiClientConfig } from './api-client.ts';
import { clientKit, type KitMsg, type KitState } from './client-kit.ts';
import type { LeaderEvent } from './leader-election-shell.ts';

/** A UUID-shaped string from a seeded stream: the random half of a leader-election identity. */
export function leaderIdentity(host: string, random: () => number): string {
  const hex = Array.from({ length: 32 }, (_, i) => (i === 12 ? '4' : Math.floor(random() * 16).toString(16))).join('');
  return `${host}_${hex.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5')}`;
}

export const leaseRef = (lease: { readonly namespace: string; readonly name: string }) => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', ...lease });

export interface LeaderManagerSpec {
  readonly kind: string;
  /** The host the replica runs on: the first half of its identity. */
  readonly host: string;
  readonly client: ApiClientConfig;
  readonly lease: { readonly namespace: string; readonly name: string };
  /** The children started on leading, in order. */
  readonly children: readonly { readonly name: string; readonly actor: () => ChildSpec['actor'] }[];
  readonly epochMs?: number;
}

type ManagerMsg = KitMsg | { readonly type: 'ManagerStart' };

interface ManagerState {
  kit: KitState;
  identity: string;
  /** Children started in this incarnation (all of them once it leads). */
  started: string[];
}

export function defineLeaderManager(spec: LeaderManagerSpec) {
  const epochMs = spec.epochMs ?? DEFAULT_EPOCH_MS;
  const kitFor = (identity: string) => clientKit({ client: spec.client, leaderElection: { ...spec.lease, identity, epochMs }, source: { component: spec.kind }, epochMs });
  // The kit's functions depend only on the identity, fixed per incarnation.
  let kit = kitFor('');

  const onLeader = (s: ManagerState, ctx: ActorContext<ManagerMsg>, events: readonly LeaderEvent[]) => {
    for (const e of events) {
      if (e === 'stoppedLeading') throw new Error(`leaderelection lost: ${s.identity}`);
      kit.event(s.kit, ctx, leaseRef(spec.lease), 'Normal', 'LeaderElection', `${s.identity} became leader`);
      for (const c of spec.children) {
        if (s.started.includes(c.name)) continue;
        ctx.spawn(c.actor(), { name: c.name, restart: 'permanent' });
        s.started.push(c.name);
      }
    }
  };

  return defineActor<ManagerMsg, ManagerState>({
    kind: spec.kind,
    init: (ctx) => {
      const identity = leaderIdentity(spec.host, () => ctx.random());
      kit = kitFor(identity);
      ctx.send(ctx.self, { type: 'ManagerStart' });
      return { kit: kit.init(ctx.now()), identity, started: [] };
    },
    receive: (s, m, ctx) => {
      if (m.type === 'ManagerStart') onLeader(s, ctx, kit.start(s.kit, ctx, () => {}));
      else onLeader(s, ctx, kit.receive(s.kit, ctx, m, () => {}).leader);
      return s;
    },
    digest: (s) => ({ kit: kit.digest(s.kit), started: s.started.length }),
    describe: (s) => ({ identity: s.identity, leading: s.kit.elector?.leading ?? false, controllers: s.started }),
  });
}
