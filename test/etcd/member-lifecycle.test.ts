// A member's life beyond reads and writes: log compaction with snapshots (sent to a member that
// fell behind, read back after a restart), membership changes through the log, and the stacked
// topology (members sharing control-plane hosts with other components).

import test from 'ava';
import { defineActor, host } from '../../runtime/index.ts';
import { Simulation } from '../../runtime/kernel/index.ts';
import type { ClientMsg } from '../../protocols/etcd/client.ts';
import { etcdClient, etcdClientStateKey } from '../../actors/etcd/member/client.ts';
import { etcdMember, memberStateKey } from '../../actors/etcd/member/member.ts';
import type { ClientReply, MemberMsg } from '../../protocols/etcd/member.ts';
import { cluster, MEMBERS, pathOf, put, writeMany } from './client-harness.ts';
import { LOG, type LogRecord, SNAPSHOT } from '../../actors/etcd/member/wal.ts';
import type { Snapshot } from '../../protocols/etcd/raft.ts';
import { etcdOnly, startCluster } from '../../scenarios/cluster/index.ts';

test('a member that fell behind the compacted log catches up from a snapshot, restarts from its own, and purges its WAL', async (t) => {
  const { sim, seen, state, leader, send } = cluster(21, { snapshotEvery: 20 });
  t.true(await sim.until(() => leader() !== undefined, 5000));
  const behind = MEMBERS.find((m) => m !== leader())!;
  sim.crashHost(behind);
  await writeMany(sim, seen, send, 0, 60);
  const l = leader()!;
  t.true(state(l)!.raft.log.snapIndex >= 40, `the leader compacted its log to ${state(l)!.raft.log.snapIndex}`);
  sim.restartHost(behind);
  t.true(await sim.until(() => state(behind)?.raft.log.applied === state(l)!.raft.log.applied, 5000), 'caught up');
  t.true(state(behind)!.raft.log.snapIndex >= 40, 'from the snapshot the leader sent');
  t.is(state(behind)!.store.hash(), state(l)!.store.hash());
  t.is(state(behind)!.store.range('w/', 'w0').count, 3);
  // Again, from what it has on disk now: the snapshot and the entries after it.
  await writeMany(sim, seen, send, 60, 5);
  await sim.advance(100);
  sim.crashHost(behind);
  sim.restartHost(behind);
  t.true(await sim.until(() => state(behind)?.raft.log.applied === state(l)!.raft.log.applied, 5000));
  t.is(state(behind)!.store.hash(), state(l)!.store.hash());
  t.deepEqual(state(behind)!.sessions, state(l)!.sessions, 'the exactly-once table travels with snapshots');
  // Its log began before the leader's snapshot and went on after it: purged all the same.
  await writeMany(sim, seen, send, 65, 200);
  await sim.advance(100);
  const entries = (sim.diskOf(behind)!.records(LOG.name) as LogRecord[]).filter((r) => 'entry' in r);
  t.true(entries.length <= 3 * 20, `${entries.length} entries in its WAL`);
});

test('the WAL keeps no entry older than the snapshot before the last: 300 writes, snapshots every 20, a restart reads back', async (t) => {
  const { sim, seen, state, leader, send } = cluster(24, { snapshotEvery: 20 });
  t.true(await sim.until(() => leader() !== undefined, 5000));
  await writeMany(sim, seen, send, 0, 300);
  await sim.advance(100);
  const l = leader()!;
  for (const m of MEMBERS) {
    const disk = sim.diskOf(m)!;
    const entries = (disk.records(LOG.name) as LogRecord[]).filter((r) => 'entry' in r);
    // Was every entry since boot (300 and more); now those since the snapshot before the last.
    t.true(entries.length <= 3 * 20, `${m}: ${entries.length} entries in its WAL`);
    t.true(disk.durableWrites(LOG.name, 0).length <= 3 * 20 * 2 + 1, `${m}: ${disk.durableWrites(LOG.name, 0).length} writes held`);
  }
  const other = MEMBERS.find((m) => m !== l)!;
  sim.crashHost(other);
  sim.restartHost(other);
  t.true(await sim.until(() => state(other)?.raft.log.applied === state(l)!.raft.log.applied, 5000), 'caught up from its own disk');
  t.is(state(other)!.store.hash(), state(l)!.store.hash());
  await writeMany(sim, seen, send, 300, 5);
  t.true(seen.results.has(1304));
});

const changed = (replies: ClientReply[]) => replies.filter((r) => r.type === 'MembershipChanged');

test('a member is added, then another removed, one change at a time through the log', async (t) => {
  const { sim, seen, state, leader, send, addMember } = cluster(22);
  t.true(await sim.until(() => leader() !== undefined, 5000));
  await writeMany(sim, seen, send, 0, 10);
  const four = [...MEMBERS, 'etcd-4'];
  t.is(addMember(MEMBERS), 'etcd-4');
  send({ type: 'change', to: leader()!, id: 1, membership: { voters: four, learners: [] } });
  t.true(await sim.until(() => changed(seen.replies).length === 1, 5000), 'the addition is applied');
  const l = leader()!;
  t.true(await sim.until(() => state('etcd-4')?.raft.log.applied === state(l)!.raft.log.applied, 5000), 'the new member catches up');
  t.is(state('etcd-4')!.store.hash(), state(l)!.store.hash());
  t.deepEqual([...state(l)!.raft.membership.voters].sort(), four);
  // Four voters: a quorum is three. With one member down the cluster still commits.
  const gone = MEMBERS.find((m) => m !== l)!;
  const three = four.filter((m) => m !== gone);
  send({ type: 'change', to: l, id: 2, membership: { voters: three, learners: [] } });
  t.true(await sim.until(() => changed(seen.replies).length === 2, 5000), 'the removal is applied');
  // It learns so when it next speaks to the others (it campaigns, having no more heartbeats).
  const role = () => (sim.system.inspect().children.find((h) => h.name === gone)?.children[0]?.description as { role: string }).role;
  t.true(await sim.until(() => role() === 'removed', 5000), 'the removed member stops');
  sim.crashHost(three.find((m) => m !== l)!);
  await writeMany(sim, seen, send, 10, 5);
  t.true(seen.results.has(1014), 'two of three remaining voters commit');
});

test('a second membership change is refused while the first is not applied', async (t) => {
  const { sim, seen, leader, send, addMember } = cluster(23);
  t.true(await sim.until(() => leader() !== undefined, 5000));
  const l = leader()!;
  t.is(addMember(MEMBERS), 'etcd-4');
  send({ type: 'change', to: l, id: 1, membership: { voters: [...MEMBERS, 'etcd-4'], learners: [] } });
  send({ type: 'change', to: l, id: 2, membership: { voters: [...MEMBERS, 'etcd-5'], learners: [] } });
  await sim.advance(1000);
  t.deepEqual(seen.replies.map((r) => `${r.type}:${r.id}`), ['NotLeader:2', 'MembershipChanged:1']);
});

test('stacked topology: members beside other components on control-plane hosts fail and recover with them', async (t) => {
  const hosts = ['cp-1', 'cp-2', 'cp-3'];
  const at = (id: string) => `/${id}/etcd-member`;
  const sim = new Simulation({ seed: 24, network: { latency: { min: 0.2, max: 0.3 } }, fsyncMs: 1 });
  const neighbour = defineActor<{ type: 'Ping' }, number>({ kind: 'neighbour', init: () => 0, receive: (n) => n + 1 });
  for (const id of hosts)
    sim.system.spawn(host({ children: [{ id: 'etcd-member', actor: etcdMember({ id, peers: hosts }) }, { id: 'neighbour', actor: neighbour }] }), { name: id });
  sim.system.spawn(host({ children: [{ id: 'etcd-client', actor: etcdClient({ members: hosts }) }] }), { name: 'c' });
  const member = (id: string) => sim.system.stateOf(at(id), memberStateKey);
  const leader = () => hosts.find((id) => member(id)?.raft.role === 'leader');
  const acked = () => sim.system.stateOf('/c/etcd-client', etcdClientStateKey)!.acked;
  const write = (from: number) => sim.system.send(sim.system.lookup<ClientMsg>('/c/etcd-client')!, { type: 'WriteAll', commands: [0, 1, 2, 3, 4].map((i) => ({ type: 'put' as const, key: `k${from + i}`, value: 'v' })) });
  t.true(await sim.until(() => leader() !== undefined, 5000));
  write(0);
  t.true(await sim.until(() => acked() === 5, 5000));
  const old = leader()!;
  sim.crashHost(old);
  t.not(sim.system.cellAt(`/${old}/neighbour`)?.alive, true, 'the host takes its other components down with its member');
  t.true(await sim.until(() => leader() !== undefined, 5000), 'the others elect a leader');
  write(5);
  t.true(await sim.until(() => acked() === 10, 5000));
  sim.restartHost(old);
  t.true(await sim.until(() => member(old)?.raft.log.applied === member(leader()!)?.raft.log.applied, 5000), 'the member catches up on return');
  t.is(member(old)!.store.range('k', 'l').count, 10);
  t.is(sim.system.cellAt(`/${old}/neighbour`)?.alive, true);
});

test('a removed member (here still a leader in its own eyes) answers a membership change NotLeader and proposes nothing', async (t) => {
  const { sim, seen, state, leader, send } = cluster(25);
  t.true(await sim.until(() => leader() !== undefined, 5000));
  await writeMany(sim, seen, send, 0, 3);
  const l = leader()!;
  // A peer's word that l is out of the cluster: l stops its clock, so it never learns it no
  // longer leads, and its Raft core still says leader.
  sim.system.send(sim.system.lookup<MemberMsg>(pathOf(l))!, { type: 'Removed' });
  await sim.advance(10);
  const before = state(l)!;
  t.true(before.removed);
  t.is(before.raft.role, 'leader');
  const last = before.raft.log.lastIndex();
  const proposals = before.nextProposal;
  send({ type: 'change', to: l, id: 7, membership: { voters: [...MEMBERS, 'etcd-4'], learners: [] } });
  // A write straight to it, answered to the user too.
  sim.system.send(sim.system.lookup<MemberMsg>(pathOf(l))!, { type: 'Request', id: 8, command: put('k', 'v'), replyTo: sim.system.lookup<ClientReply>('/u/user')! });
  await sim.advance(200);
  t.deepEqual(
    seen.replies.filter((r) => r.id === 7 || r.id === 8).sort((a, b) => a.id - b.id),
    [
      { type: 'NotLeader', id: 7, leader: null },
      { type: 'NotLeader', id: 8, leader: null },
    ],
  );
  const after = state(l)!;
  t.is(after.raft.log.lastIndex(), last, 'nothing appended to its log');
  t.is(after.nextProposal, proposals, 'nothing proposed');
  t.is(after.changing, null);
});

test('a leader handing over refuses writes without naming itself, so clients do not come straight back', async (t) => {
  const { sim, seen, leader, send } = cluster(26);
  t.true(await sim.until(() => leader() !== undefined, 5000));
  await writeMany(sim, seen, send, 0, 2);
  const l = leader()!;
  const to = MEMBERS.find((m) => m !== l)!;
  // Its MsgTimeoutNow is held on the way: the transfer stays under way, and proposals are dropped.
  sim.hold(l, to);
  sim.system.send(sim.system.lookup<MemberMsg>(pathOf(l))!, { type: 'TransferLeadership', to });
  await sim.advance(5);
  sim.system.send(sim.system.lookup<MemberMsg>(pathOf(l))!, { type: 'Request', id: 9, command: put('k', 'v'), replyTo: sim.system.lookup<ClientReply>('/u/user')! });
  await sim.advance(5);
  t.is(leader(), l, 'still the leader, handing over');
  t.deepEqual(seen.replies.filter((r) => r.id === 9), [{ type: 'NotLeader', id: 9, leader: null }]);
  sim.release(l, to);
});

test('the WAL is purged only up to a snapshot a completed fsync covers: at every instant of a burst, the log as a crash may keep it follows on from a durable snapshot', async (t) => {
  const sim = new Simulation({ seed: 5, network: { latency: { min: 0.2, max: 0.3 } }, fsyncMs: 1 });
  const etcd = startCluster(sim.system, etcdOnly(MEMBERS.length, { snapshotEvery: 20 })).etcd;
  // Many writes in flight, as the apiserver's client has them: a snapshot falls within one fsync.
  sim.system.spawn(host({ children: [{ id: 'etcd-client', actor: etcdClient({ members: etcd.members, window: 64 }) }] }), { name: 'c' });
  t.true(await sim.until(() => etcd.leader() !== undefined, 5000));
  const acked = () => sim.system.stateOf('/c/etcd-client', etcdClientStateKey)!.acked;
  let purged = 0;
  const problems: string[] = [];
  const check = () => {
    for (const m of etcd.members) {
      const disk = sim.diskOf(m)!;
      // The worst crash keeps every write to the log and loses every unsynced snapshot.
      const snapshots = disk.durableWrites(SNAPSHOT.name, 0).filter((w) => w.kind === 'put');
      const durable = snapshots.length === 0 ? 0 : (snapshots[snapshots.length - 1]!.value as Snapshot).index;
      const first = (disk.records(LOG.name) as LogRecord[]).find((r) => 'entry' in r);
      if (first === undefined || !('entry' in first)) continue;
      if (first.entry.index > 1) purged++;
      if (first.entry.index > durable + 1) problems.push(`${m}: log from ${first.entry.index}, durable snapshot at ${durable}`);
    }
  };
  for (let burst = 0; burst < 4; burst++) {
    const before = acked();
    sim.system.send(sim.system.lookup<ClientMsg>('/c/etcd-client')!, { type: 'WriteAll', commands: Array.from({ length: 100 }, (_, i) => put(`w/${i % 7}`, `v${burst}.${i}`)) });
    t.true(await sim.until(() => (check(), acked() === before + 100), 10_000));
  }
  t.true(purged > 0, 'the logs were purged');
  t.deepEqual(problems.slice(0, 3), []);
});
