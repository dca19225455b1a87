// The etcd member on the simulation kernel: reads and writes through Raft, under partitions.

import test from 'ava';
import { type AskResult, defineActor, host } from '../../runtime/index.ts';
import type { InspectNode } from '../../runtime/system/index.ts';
import { Simulation } from '../../runtime/kernel/index.ts';
import { etcdOnly, startCluster } from '../../scenarios/cluster/index.ts';
import { etcdMemberService, type ClientReply, type MemberMsg } from '../../protocols/etcd/member.ts';
import type { StoreCommand } from '../../protocols/etcd/kv.ts';

const MEMBERS = ['etcd-1', 'etcd-2', 'etcd-3'];

/** The value a range answer carries for its one key, or null; undefined when it is no read answer. */
function valueOf(a: ClientReply | string | undefined): string | null | undefined {
  if (typeof a !== 'object' || a.type !== 'Response' || !a.result.ok) return undefined;
  const r = a.result.response as { kvs?: { value: string }[] };
  return r.kvs === undefined ? undefined : (r.kvs[0]?.value ?? null);
}

const revisionOf = (a: ClientReply | string | undefined) =>
  typeof a === 'object' && a.type === 'Response' && a.result.ok ? a.result.response.header.revision : undefined;
const pathOf = (id: string) => etcdMemberService.pathOn(id);

type ProbeMsg = { type: 'ask'; to: string; request: 'write' | 'read' | 'stale-read'; key: string; value?: string } | { type: 'answer'; result: AskResult<ClientReply> };

/** Asks a member one thing at a time and keeps every answer. */
const probe = (answers: (ClientReply | string)[]) =>
  defineActor<ProbeMsg, number>({
    kind: 'probe',
    init: () => 1,
    receive: (n, m, ctx) => {
      if (m.type === 'answer') {
        answers.push(m.result.ok ? m.result.reply : m.result.error);
        return n;
      }
      const to = etcdMemberService.on(m.to);
      ctx.ask<MemberMsg, ClientReply>(
        to,
        (replyTo) =>
          m.request === 'write'
            ? { type: 'Request', id: n, command: { type: 'put', key: m.key, value: m.value! }, replyTo }
            : { type: 'Request', id: n, command: { type: 'range', key: m.key }, serializable: m.request === 'stale-read', replyTo },
        3000,
        (result) => ({ type: 'answer', result }),
      );
      return n + 1;
    },
  });

function cluster(seed: number) {
  const sim = new Simulation({ seed });
  const etcd = startCluster(sim.system, etcdOnly(MEMBERS.length)).etcd;
  const answers: Record<string, (ClientReply | string)[]> = Object.fromEntries(MEMBERS.map((id) => [id, []]));
  for (const id of MEMBERS) sim.system.spawn(host({ children: [{ id: 'probe', actor: probe(answers[id]!) }] }), { name: `p-${id}` });
  const leader = () => etcd.leader();
  const ask = (from: string, msg: Omit<ProbeMsg & { type: 'ask' }, 'type'>) => sim.system.send(sim.system.lookup<ProbeMsg>(`/p-${from}/probe`)!, { type: 'ask', ...msg });
  return { sim, answers, leader, ask };
}

test('an isolated old leader never serves a stale linearizable read', async (t) => {
  const { sim, answers, leader, ask } = cluster(3);
  t.true(await sim.until(() => leader() !== undefined, 5000));
  const old = leader()!;
  const others = MEMBERS.filter((m) => m !== old);
  ask(old, { to: old, request: 'write', key: 'k', value: 'v1' });
  await sim.advance(100);
  t.is(revisionOf(answers[old]![0]), 2);
  // The old leader and its probe on one side; everyone else on the other.
  sim.partition([old, `p-${old}`], [...others, ...others.map((o) => `p-${o}`)]);
  // Asked at once, while it still believes it leads: ReadIndex cannot confirm that with a quorum.
  ask(old, { to: old, request: 'read', key: 'k' });
  t.true(await sim.until(() => leader() !== undefined && leader() !== old, 10_000));
  const fresh = leader()!;
  ask(fresh, { to: fresh, request: 'write', key: 'k', value: 'v2' });
  await sim.advance(100);
  t.is(revisionOf(answers[fresh]![0]), 3);
  ask(old, { to: old, request: 'stale-read', key: 'k' });
  await sim.advance(4000);
  const byId = (id: number) => answers[old]!.find((a) => typeof a !== 'string' && a.id === id) ?? answers[old]!.find((a) => typeof a === 'string');

  const linearizable = byId(2);
  const serializable = byId(3);
  t.like(linearizable, { type: 'NotLeader' }); // refused once CheckQuorum deposed it
  t.not(valueOf(linearizable), 'v1', `the linearizable read answered ${JSON.stringify(linearizable)}`);
  t.is(valueOf(serializable), 'v1'); // a serializable read may be stale, by definition
  sim.heal();
  sim.close();
});

test('a write to a follower is refused with the leader named, and the write through the leader is read back everywhere', async (t) => {
  const { sim, answers, leader, ask } = cluster(8);
  t.true(await sim.until(() => leader() !== undefined, 5000));
  const l = leader()!;
  const f = MEMBERS.find((m) => m !== l)!;
  await sim.advance(50); // the followers hear of their new leader
  ask(f, { to: f, request: 'write', key: 'x', value: '1' });
  ask(l, { to: l, request: 'write', key: 'x', value: '1' });
  await sim.advance(200);
  t.deepEqual(answers[f]![0], { type: 'NotLeader', id: 1, leader: l });
  t.is(revisionOf(answers[l]![0]), 2);
  for (const m of MEMBERS) ask(m, { to: m, request: 'stale-read', key: 'x' });
  await sim.advance(200);
  for (const m of MEMBERS) t.is(valueOf(answers[m]!.at(-1)), '1', m);
  sim.close();
});

test('a lease expires on the leader’s clock, unless renewed, and its keys go from every member', async (t) => {
  const { sim, answers, leader, ask } = cluster(5);
  t.true(await sim.until(() => leader() !== undefined, 5000));
  await sim.advance(50);
  const l = leader()!;
  // Straight to the leader; the answers go nowhere (they are dead letters, and not needed here).
  const send = (command: StoreCommand) =>
    sim.system.send(sim.system.lookup<MemberMsg>(pathOf(l))!, { type: 'Request', id: 99, command, replyTo: { path: '/nowhere', uid: 0 } });
  send({ type: 'leaseGrant', id: 7, ttl: 3, now: 0 });
  send({ type: 'leaseGrant', id: 8, ttl: 3, now: 0 });
  await sim.advance(20);
  send({ type: 'put', key: 'ephemeral', value: 'x', lease: 7 });
  send({ type: 'put', key: 'durable', value: 'y' });
  send({ type: 'put', key: 'renewed', value: 'z', lease: 8 });
  const keepAlive = () => sim.system.send(sim.system.lookup<MemberMsg>(pathOf(l))!, { type: 'LeaseKeepAlive', id: 98, lease: 8, replyTo: { path: '/nowhere', uid: 0 } });
  await sim.advance(2000);
  keepAlive();
  for (const m of MEMBERS) ask(m, { to: m, request: 'stale-read', key: 'ephemeral' });
  await sim.advance(50);
  for (const m of MEMBERS) t.is(valueOf(answers[m]!.at(-1)), 'x', `${m} before expiry`);
  await sim.advance(1500);
  for (const m of MEMBERS) ask(m, { to: m, request: 'stale-read', key: 'ephemeral' });
  for (const m of MEMBERS) ask(m, { to: m, request: 'stale-read', key: 'durable' });
  for (const m of MEMBERS) ask(m, { to: m, request: 'stale-read', key: 'renewed' });
  await sim.advance(50);
  for (const m of MEMBERS) {
    const [gone, kept, renewed] = answers[m]!.slice(-3);
    t.is(valueOf(gone), null, `${m}: the leased key is gone`);
    t.is(valueOf(kept), 'y', `${m}: the other key stays`);
    t.is(valueOf(renewed), 'z', `${m}: the key of the renewed lease stays`);
  }
  await sim.advance(3000); // no more renewals: that lease expires too
  for (const m of MEMBERS) ask(m, { to: m, request: 'stale-read', key: 'renewed' });
  await sim.advance(50);
  for (const m of MEMBERS) t.is(valueOf(answers[m]!.at(-1)), null, `${m}: the renewed lease expired in its turn`);
  sim.close();
});
