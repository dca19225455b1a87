// The etcd client on the simulation kernel: exactly-once writes across retries, linearizable and
// serializable reads, and watches that resume on another member without gaps or repeats.

import test from 'ava';
import { defineActor, host } from '../../runtime/index.ts';
import { Simulation } from '../../runtime/kernel/index.ts';
import { etcdClient } from '../../actors/etcd/member/client.ts';
import { applyCommand, MvccStore } from '../../actors/etcd/mvcc/index.ts';
import type { ClientMsg, ClientResult } from '../../protocols/etcd/client.ts';
import type { MemberMsg } from '../../protocols/etcd/member.ts';
import type { WatchEvent } from '../../protocols/etcd/kv.ts';
import { cluster, MEMBERS, put, writeMany } from './client-harness.ts';
import './client-core.tests.ts';
import './client-watch-routing.tests.ts';

const valueIn = (r: ClientResult['result'] | undefined) => (r?.ok ? ((r.response as { kvs?: { value: string }[] }).kvs?.[0]?.value ?? null) : undefined);

test('a write whose answer is lost is retried elsewhere and applied exactly once', async (t) => {
  const { sim, seen, state, leader, send } = cluster(11);
  t.true(await sim.until(() => leader() !== undefined, 5000));
  const l = leader()!;
  // The leader's answers to the client are held back: the client times out and retries.
  sim.hold(l, 'c');
  send({ type: 'do', id: 1, command: put('k', 'v') });
  await sim.advance(1200);
  const attempts = (sim.system.inspect().children.find((h) => h.name === 'c')?.children[0]?.description as { attempts: number }).attempts;
  t.true(attempts >= 3, `${attempts} attempts while the answers were held`);
  sim.release(l, 'c');
  t.true(await sim.until(() => seen.results.has(1), 5000), 'the retried write is answered');
  await sim.advance(500);
  const kv = state(l)!.store.range('k').kvs[0];
  t.is(kv?.version, 1, 'one put applied, not two');
  t.is(state(l)!.store.revision, 2, 'one revision for the write');
  const r = seen.results.get(1)!;
  t.true(r.ok && r.response.header.revision === 2, 'the answer is the first application’s');
  t.true(state(l)!.sessions !== undefined && Object.keys(state(l)!.sessions).length === 1);
});

// Guards, beside the test above (same leader) and sessions.test.ts, against a client that retries
// without its session tag and against a session table that takes a repeat for a new write.
test('a write applied before its leader crashed, its answer lost, is retried on the new leader and answered from the replicated session table', async (t) => {
  const { sim, seen, state, leader, send } = cluster(17);
  t.true(await sim.until(() => leader() !== undefined, 5000));
  const old = leader()!;
  sim.hold(old, 'c');
  send({ type: 'do', id: 1, command: put('k', 'v') });
  // Committed and applied everywhere, the answer still held back; then its leader goes.
  t.true(await sim.until(() => MEMBERS.every((m) => state(m)?.store.revision === 2), 5000));
  sim.crashHost(old);
  t.true(await sim.until(() => seen.results.has(1), 10_000), 'the retry is answered');
  const now = leader()!;
  t.not(now, old);
  t.is(state(now)!.store.range('k').kvs[0]?.version, 1, 'one put applied, not two');
  t.is(state(now)!.store.revision, 2);
  const r = seen.results.get(1)!;
  t.true(r.ok && r.response.header.revision === 2, 'the answer is the first application’s');
});

// Guards the client's side alone, with no cluster to hide behind: a retry that drops its tag or
// draws a new sequence number is a new write to the members.
test('every attempt of a write carries the same session tag, and the next write the next sequence number', async (t) => {
  // Members that record what they are asked and answer only the fourth attempt, whoever gets it.
  const asked: { member: string; session: unknown }[] = [];
  const store = new MvccStore();
  const fake = (id: string) =>
    defineActor<MemberMsg, null>({
      kind: 'fake-member',
      init: () => null,
      receive: (s, m, ctx) => {
        if (m.type !== 'Request') return s;
        asked.push({ member: id, session: m.session });
        if (asked.length >= 4) ctx.send(m.replyTo, { type: 'Response', id: m.id, result: applyCommand(store, m.command) });
        return s;
      },
    });
  const sim = new Simulation({ seed: 18, network: { latency: { min: 0.2, max: 0.3 } } });
  for (const id of MEMBERS) sim.system.spawn(host({ children: [{ id: 'etcd-member', actor: fake(id) }] }), { name: id });
  sim.system.spawn(host({ children: [{ id: 'etcd-client', actor: etcdClient({ members: MEMBERS }) }] }), { name: 'c' });
  await sim.advance(10);
  sim.system.send(sim.system.lookup<ClientMsg>('/c/etcd-client')!, { type: 'WriteAll', commands: [put('k', '1'), put('k', '2')] });
  await sim.advance(5000);
  t.is(asked.length, 5, 'four attempts of the first write, one of the second');
  t.true(new Set(asked.map((a) => a.member)).size > 1, 'retried on other members');
  const tags = asked.map((a) => a.session as { client: string; seq: number } | undefined);
  t.truthy(tags[0]);
  for (const tag of tags.slice(0, 4)) t.deepEqual(tag, tags[0], 'a retry is the same write');
  t.deepEqual(tags[4], { client: tags[0]!.client, seq: tags[0]!.seq + 1 });
  sim.close();
});

test('serializable reads are served by a partitioned member (stale); linearizable ones are not', async (t) => {
  const { sim, seen, leader, send } = cluster(12);
  t.true(await sim.until(() => leader() !== undefined, 5000));
  send({ type: 'do', id: 1, command: put('k', 'old') });
  t.true(await sim.until(() => seen.results.has(1), 5000));
  await sim.advance(100);
  const follower = MEMBERS.find((m) => m !== leader())!;
  const others = MEMBERS.filter((m) => m !== follower);
  sim.partition([follower], [...others, 'c', 'u']);
  send({ type: 'do', id: 2, command: put('k', 'new') });
  t.true(await sim.until(() => seen.results.has(2), 5000));
  // The client only reaches the majority; let it ask the isolated follower directly for a stale read.
  sim.partition([follower, 'c', 'u'], others);
  send({ type: 'do', id: 3, command: { type: 'range', key: 'k' }, serializable: true });
  send({ type: 'do', id: 4, command: { type: 'range', key: 'k' } });
  await sim.advance(3000);
  t.is(valueIn(seen.results.get(3)), 'old', 'a serializable read may be stale');
  t.false(seen.results.has(4), 'no linearizable read without the leader');
  sim.heal();
  t.true(await sim.until(() => seen.results.has(4), 10_000));
  t.is(valueIn(seen.results.get(4)), 'new');
});

const revisions = (events: readonly WatchEvent[] | undefined) => (events ?? []).map((e) => e.kv.modRevision);

test('Jepsen: a watch from revision 0 sees no past events; from revision 1 it sees them all', async (t) => {
  const { sim, seen, leader, send } = cluster(13);
  t.true(await sim.until(() => leader() !== undefined, 5000));
  await writeMany(sim, seen, send, 0, 5);
  send({ type: 'watch', id: 1, request: { key: 'w/', rangeEnd: 'w0', startRevision: 0 } });
  send({ type: 'watch', id: 2, request: { key: 'w/', rangeEnd: 'w0', startRevision: 1 } });
  await sim.advance(500);
  await writeMany(sim, seen, send, 5, 2);
  await sim.advance(500);
  t.deepEqual(revisions(seen.events.get(1)), [7, 8], 'from now: only the later writes');
  t.deepEqual(revisions(seen.events.get(2)), [2, 3, 4, 5, 6, 7, 8], 'from 1: every write, in order');
});

test('a watch resumes on another member when its member dies, without gaps or repeats', async (t) => {
  const { sim, seen, leader, send } = cluster(14);
  t.true(await sim.until(() => leader() !== undefined, 5000));
  send({ type: 'watch', id: 1, request: { key: 'w/', rangeEnd: 'w0', startRevision: 1, prevKv: true } });
  await writeMany(sim, seen, send, 0, 5);
  await sim.advance(200);
  // The client opened its watch on the first member: crash that host while writes go on.
  sim.crashHost('etcd-1');
  await writeMany(sim, seen, send, 5, 10);
  await sim.advance(3000);
  sim.restartHost('etcd-1');
  await writeMany(sim, seen, send, 15, 5);
  await sim.advance(3000);
  const expected = Array.from({ length: 20 }, (_, i) => i + 2);
  t.deepEqual(revisions(seen.events.get(1)), expected, 'every revision once, in order');
  t.false(seen.canceled.has(1));
});

test('Jepsen: resuming a watch below the compacted revision fails as compacted, never skipping events', async (t) => {
  const { sim, seen, leader, send } = cluster(15);
  t.true(await sim.until(() => leader() !== undefined, 5000));
  send({ type: 'watch', id: 1, request: { key: 'w/', rangeEnd: 'w0', startRevision: 1 } });
  await writeMany(sim, seen, send, 0, 3);
  await sim.advance(200);
  // The watch's member is cut off from everyone, so the client cannot see what follows.
  sim.partition(['etcd-1'], ['etcd-2', 'etcd-3', 'c', 'u']);
  await writeMany(sim, seen, send, 3, 5);
  send({ type: 'do', id: 99, command: { type: 'compact', revision: 8 } });
  t.true(await sim.until(() => seen.results.has(99), 5000));
  await sim.advance(5000);
  const got = revisions(seen.events.get(1));
  t.deepEqual(got, [2, 3, 4], 'the events before the cut, and nothing made up after');
  const c = seen.canceled.get(1);
  t.truthy(c, 'the resumed watch is canceled');
  t.is(c?.compactRevision, 8);
  t.regex(c?.reason ?? '', /compacted/);
});

test('a watch that asks is told of its creation once, first, at the store revision; a refusal is created, then canceled', async (t) => {
  const { sim, seen, leader, send } = cluster(16);
  t.true(await sim.until(() => leader() !== undefined, 5000));
  // Opened before any request, so on the first member, which is crashed below.
  send({ type: 'watch', id: 1, request: { key: 'w/', rangeEnd: 'w0' }, createdNotify: true });
  send({ type: 'watch', id: 2, request: { key: 'w/', rangeEnd: 'w0' } });
  await sim.advance(100);
  await writeMany(sim, seen, send, 0, 3);
  send({ type: 'watch', id: 3, request: { key: 'b', rangeEnd: 'a' }, createdNotify: true });
  await sim.advance(100);
  sim.crashHost('etcd-1');
  await writeMany(sim, seen, send, 3, 3);
  await sim.advance(3000);
  sim.restartHost('etcd-1');
  await writeMany(sim, seen, send, 6, 2);
  await sim.advance(3000);
  t.deepEqual(revisions(seen.events.get(1)), [2, 3, 4, 5, 6, 7, 8, 9], 'the watch resumed elsewhere');
  t.deepEqual(seen.created.get(1), [1], 'once, at the revision it was created at, not again when it resumed');
  t.is(seen.updates.find((u) => u.id === 1)?.type, 'WatchCreated', 'before its events');
  t.false(seen.created.has(2), 'not asked, not told: the other users see what they always did');
  t.deepEqual(revisions(seen.events.get(2)), revisions(seen.events.get(1)));
  t.deepEqual(
    seen.updates.filter((u) => u.id === 3).map((u) => u.type),
    ['WatchCreated', 'WatchCanceled'],
  );
  t.deepEqual(seen.created.get(3), [4]);
  t.is(seen.canceled.get(3)?.compactRevision, 0);
  t.regex(seen.canceled.get(3)?.reason ?? '', /range/);
});
