// A three-member etcd cluster on the simulation kernel with a client and a user driving it,
// for the client and member tests.

import { defineActor, host } from '../../runtime/index.ts';
import { Simulation } from '../../runtime/kernel/index.ts';
import { etcdOnly, type EtcdMemberTuning, startCluster } from '../../scenarios/cluster/index.ts';
import { type ClientMsg, type ClientResult, etcdClientService, type WatchCreated, type WatchUpdate } from '../../protocols/etcd/client.ts';
import { etcdClient } from '../../actors/etcd/member/client.ts';
import { etcdMemberService, type ClientReply, type MemberMsg } from '../../protocols/etcd/member.ts';
import type { Membership } from '../../protocols/etcd/raft.ts';
import type { StoreCommand, WatchCreateRequest, WatchEvent } from '../../protocols/etcd/kv.ts';

export const MEMBERS = ['etcd-1', 'etcd-2', 'etcd-3'];
export const pathOf = (id: string) => etcdMemberService.pathOn(id);

export type UserMsg =
  | { type: 'do'; id: number; command: StoreCommand; serializable?: boolean }
  | { type: 'watch'; id: number; request: WatchCreateRequest; createdNotify?: boolean }
  | { type: 'change'; to: string; id: number; membership: Membership }
  | ClientResult
  | WatchUpdate
  | WatchCreated
  | ClientReply;

export interface Seen {
  results: Map<number, ClientResult['result']>;
  events: Map<number, WatchEvent[]>;
  canceled: Map<number, WatchUpdate & { type: 'WatchCanceled' }>;
  /** Per watch: the revisions of every WatchCreated it was sent. */
  created: Map<number, number[]>;
  /** Every watch update, in arrival order. */
  updates: (WatchUpdate | WatchCreated)[];
  /** What members answered the user's own requests. */
  replies: ClientReply[];
}

/** Drives the client and keeps what it answers. */
const user = (seen: Seen) =>
  defineActor<UserMsg, null>({
    kind: 'user',
    init: () => null,
    receive: (s, m, ctx) => {
      const client = etcdClientService.on('c');
      if (m.type === 'do') ctx.send(client, { type: 'Request', id: m.id, command: m.command, ...(m.serializable ? { serializable: true } : {}), replyTo: ctx.self });
      else if (m.type === 'watch')
        ctx.send(client, m.createdNotify ? { type: 'Watch', id: m.id, request: m.request, replyTo: ctx.self, createdNotify: true } : { type: 'Watch', id: m.id, request: m.request, replyTo: ctx.self });
      else if (m.type === 'change') ctx.send(etcdMemberService.on(m.to), { type: 'ChangeMembership', id: m.id, membership: m.membership, replyTo: ctx.self });
      else if (m.type === 'Result') seen.results.set(m.id, m.result);
      else if (m.type === 'WatchCreated' || m.type === 'WatchEvents' || m.type === 'WatchCanceled') {
        seen.updates.push(m);
        if (m.type === 'WatchCreated') seen.created.set(m.id, [...(seen.created.get(m.id) ?? []), m.revision]);
        else if (m.type === 'WatchEvents') seen.events.set(m.id, [...(seen.events.get(m.id) ?? []), ...m.events]);
        else seen.canceled.set(m.id, m);
      }
      else seen.replies.push(m);
      return s;
    },
  });

export function cluster(seed: number, memberOptions: EtcdMemberTuning = {}) {
  const sim = new Simulation({ seed, network: { latency: { min: 0.2, max: 0.3 } }, fsyncMs: 1 });
  const etcd = startCluster(sim.system, etcdOnly(MEMBERS.length, memberOptions)).etcd;
  sim.system.spawn(host({ children: [{ id: 'etcd-client', actor: etcdClient({ members: MEMBERS }) }] }), { name: 'c' });
  const seen: Seen = { results: new Map(), events: new Map(), canceled: new Map(), created: new Map(), updates: [], replies: [] };
  sim.system.spawn(host({ children: [{ id: 'user', actor: user(seen) }] }), { name: 'u' });
  const state = (id: string) => etcd.state(id);
  const leader = () => etcd.leader();
  const send = (m: UserMsg) => sim.system.send(sim.system.lookup<UserMsg>('/u/user')!, m);
  /** Starts the next member (etcd-4, etcd-5, ...) on a host of its own, to join `voters`; returns its id. */
  const addMember = (voters: readonly string[]) => etcd.addMember(voters);
  return { sim, seen, state, leader, send, addMember };
}


export const put = (key: string, value: string): StoreCommand => ({ type: 'put', key, value });

/** Writes `n` puts of keys under `w/`, one after another, through the client. */
export async function writeMany(sim: Simulation, seen: Seen, send: (m: UserMsg) => void, from: number, n: number) {
  for (let i = from; i < from + n; i++) {
    send({ type: 'do', id: 1000 + i, command: put(`w/${i % 3}`, `v${i}`) });
    await sim.until(() => seen.results.has(1000 + i), 10_000);
  }
}
