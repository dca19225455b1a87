// Watch streams on members: one whose client went elsewhere (its cancel lost) is dropped once it
// falls silent, so abandoned watches do not pile up on a member; quiet watches that asked for
// progress notifications get them on the member's timer.

import test from 'ava';
import { defineActor, host } from '../../runtime/index.ts';
import { etcdMemberService, type MemberMsg, type WatchReply } from '../../protocols/etcd/member.ts';
import type { WatchResponse } from '../../protocols/etcd/kv.ts';
import { cluster, MEMBERS, pathOf, writeMany } from './client-harness.ts';

test('a member drops a watch stream whose client has gone silent', async (t) => {
  const { sim, seen, state, leader, send } = cluster(31);
  t.true(await sim.until(() => leader() !== undefined, 5000));
  send({ type: 'watch', id: 1, request: { key: 'w/', rangeEnd: 'w0', startRevision: 1 } });
  await sim.advance(200);
  t.is(Object.keys(state('etcd-1')!.streams).length, 1, 'the client watches through the first member');
  // That member must not lead: the client's writes go on through the leader while it is cut off.
  if (leader() === 'etcd-1') {
    sim.system.send(sim.system.lookup<MemberMsg>(pathOf('etcd-1'))!, { type: 'TransferLeadership', to: 'etcd-2' });
    t.true(await sim.until(() => leader() !== undefined && leader() !== 'etcd-1', 5000));
  }
  // Hold everything between the client and that member (which keeps its leader): the client's
  // probes go unanswered, it resumes elsewhere, and the cancel it sends never arrives.
  sim.hold('c', 'etcd-1');
  sim.hold('etcd-1', 'c');
  await sim.advance(3000);
  await writeMany(sim, seen, send, 0, 3);
  await sim.advance(500);
  t.is(seen.events.get(1)?.length, 3, 'the resumed watch sees the writes');
  t.is(Object.keys(state('etcd-1')!.streams).length, 1, 'the abandoned stream is still there at first');
  await sim.advance(6000);
  t.is(Object.keys(state('etcd-1')!.streams).length, 0, 'and gone once silent');
  t.is(state('etcd-1')!.store.watches().length, 0);
});

type RawMsg = { type: 'open'; progressNotify: boolean } | WatchReply;

/** Watches through one member directly, keeping every response. */
const raw = (got: WatchResponse[]) =>
  defineActor<RawMsg, null>({
    kind: 'raw-watcher',
    init: () => null,
    receive: (s, m, ctx) => {
      if (m.type === 'open') ctx.send(etcdMemberService.on('etcd-2'), { type: 'Watch', stream: ctx.path, request: { key: 'w/', rangeEnd: 'w0', progressNotify: m.progressNotify }, replyTo: ctx.self });
      else if (m.type === 'WatchResponse') got.push(m.response);
      return s;
    },
  });

test('a quiet watch that asked for progress notifications gets one each interval; one that did not, none', async (t) => {
  const { sim, leader } = cluster(32, { progressNotifyMs: 1000 });
  t.true(await sim.until(() => leader() !== undefined, 5000));
  const withProgress: WatchResponse[] = [];
  const without: WatchResponse[] = [];
  sim.system.spawn(host({ children: [{ id: 'w', actor: raw(withProgress) }] }), { name: 'r1' });
  sim.system.spawn(host({ children: [{ id: 'w', actor: raw(without) }] }), { name: 'r2' });
  sim.system.send(sim.system.lookup<RawMsg>('/r1/w')!, { type: 'open', progressNotify: true });
  sim.system.send(sim.system.lookup<RawMsg>('/r2/w')!, { type: 'open', progressNotify: false });
  await sim.advance(3500);
  const progress = (rs: WatchResponse[]) => rs.filter((r) => !r.created && r.events.length === 0 && r.watchId >= 0);
  t.true(progress(withProgress).length >= 2, `${progress(withProgress).length} progress notifications`);
  t.true(progress(withProgress).every((r) => r.header.revision === 1));
  t.is(progress(without).length, 0);
});

test('a watch canceled as compacted leaves no stream behind on its member', async (t) => {
  const { sim, seen, state, leader, send } = cluster(33);
  t.true(await sim.until(() => leader() !== undefined, 5000));
  await writeMany(sim, seen, send, 0, 5);
  send({ type: 'do', id: 99, command: { type: 'compact', revision: 4 } });
  t.true(await sim.until(() => seen.results.has(99), 5000));
  send({ type: 'watch', id: 1, request: { key: 'w/', rangeEnd: 'w0', startRevision: 2 } });
  t.true(await sim.until(() => seen.canceled.has(1), 2000), 'canceled as compacted');
  await sim.advance(100);
  t.deepEqual(MEMBERS.map((m) => Object.keys(state(m)!.streams).length), [0, 0, 0]);
});
