// The Raft invariants through the kernel's step hook: a planted bug (acknowledging before the
// fsync) is caught in a short run with crashes, and the same run without it passes; a state that
// lasts only between two messages of one instant is caught too, where a check per instant is blind.

import test from 'ava';
import { defineActor, host } from '../../runtime/index.ts';
import { Simulation } from '../../runtime/kernel/index.ts';
import { type MemberObservation, RaftInvariants, watchRaftInvariants } from '../../scenarios/checks/raft-invariants/index.ts';
import { etcdOnly, type EtcdMemberTuning } from '../../scenarios/cluster/index.ts';
import type { MemberState } from '../../actors/etcd/member/member.ts';
import { etcdMemberService } from '../../protocols/etcd/member.ts';
import { ScenarioContext } from '../../scenarios/scenario.ts';
import { answersOf, type RequesterMsg, requester } from '../../scenarios/builtin/etcd-support.ts';

const MEMBERS = ['etcd-1', 'etcd-2', 'etcd-3'];
const pathOf = (id: string) => etcdMemberService.pathOn(id);
import { readDurable } from '../../actors/etcd/member/wal.ts';

/** Three members, a few writes to the leader, then two hosts crash right after a write is acknowledged. */
async function crashAfterAck(options: EtcdMemberTuning) {
  const sim = new Simulation({ seed: 7, network: { latency: { min: 0.2, max: 0.3 } }, fsyncMs: 1 });
  const s = new ScenarioContext(sim);
  const etcd = s.cluster(etcdOnly(3, options)).etcd;
  s.spawn(host({ children: [{ id: 'r', actor: requester() }] }), { name: 'client', restart: 'permanent' });
  const watch = watchRaftInvariants(sim, etcd);
  await s.until(() => etcd.leader() !== undefined, { within: '5s' });
  const leader = etcd.leader()!;
  const acked = (id: number) => answersOf(s, '/client/r')[id]?.kind === 'response';
  for (let id = 1; id <= 3; id++) {
    s.send<RequesterMsg>('/client/r', { type: 'Send', id, member: leader, command: { type: 'put', key: `k${id}`, value: `v${id}` } });
    await s.until(() => acked(id), { within: '1s' });
  }
  s.send<RequesterMsg>('/client/r', { type: 'Send', id: 4, member: leader, command: { type: 'put', key: 'k4', value: 'v4' } });
  const ok = await s.until(() => acked(4), { within: '1s' });
  // Right after the acknowledgement: fsyncs still under way are lost with the unsynced tails.
  const crashed = MEMBERS.filter((m) => m !== leader).slice(0, 1).concat(leader);
  for (const m of crashed) s.crashHost(m);
  await s.advance(50);
  for (const m of crashed) s.restartHost(m);
  await s.advance('3s');
  const disksAgree = MEMBERS.every((m) => JSON.stringify(watch.durable(m)) === JSON.stringify(durableOf(sim, m)));
  sim.close();
  return { ok, violation: watch.violation, steps: watch.steps, disksAgree };
}

/** The durable view as wal.ts reads it back, in the checker's shape. */
function durableOf(sim: Simulation, id: string) {
  const d = readDurable(sim.durableDisk(id)!);
  const snapIndex = d.snapshot?.index ?? 0;
  const entries = d.entries.filter((e, i) => e.index === snapIndex + 1 + i);
  return { hardState: d.hardState, log: { snapIndex, snapTerm: d.snapshot?.term ?? 0, entries } };
}

test('acknowledging before the fsync is caught: a committed entry is not durable on a quorum', async (t) => {
  const r = await crashAfterAck({ plantAckBeforeFsync: true });
  t.true(r.ok, 'the write was acknowledged');
  t.is(r.violation?.invariant, 'durable-quorum', r.violation?.message);
  t.log(r.violation!.message);
  t.regex(r.violation!.message, /is committed .* but in the synced log of fewer than 2 of the 3 voters/);
});

test('the same run without the planted bug keeps every invariant', async (t) => {
  const r = await crashAfterAck({});
  t.true(r.ok, 'the write was acknowledged');
  t.is(r.violation, null, r.violation?.message);
  t.true(r.steps > 100, `${r.steps} steps checked`);
  t.true(r.disksAgree, 'the incrementally followed disks read as wal.ts reads them');
});

// A stand-in for a member, in the shape the watch reads (MemberState's raft and store), whose
// Raft state is changed in place as the real one is, so it stays one incarnation.
type FakeMsg = { type: 'Lead'; term: number } | { type: 'StepDown' };
interface FakeRaft {
  term: number;
  vote: string | null;
  role: string;
  leader: string | null;
  readonly log: { committed: number; applied: number; snapIndex: number; snapTerm: number; entries: never[] };
  readonly membership: { voters: string[] };
}
const fakeMember = (id: string) =>
  defineActor<FakeMsg, { raft: FakeRaft; store: { hash(): string } }>({
    kind: 'etcd-member',
    init: () => ({
      raft: { term: 0, vote: null, role: 'follower', leader: null, log: { committed: 0, applied: 0, snapIndex: 0, snapTerm: 0, entries: [] }, membership: { voters: MEMBERS } },
      store: { hash: () => 'empty' },
    }),
    receive: (s, m) => {
      if (m.type === 'Lead') Object.assign(s.raft, { term: m.term, vote: id, role: 'leader', leader: id });
      else Object.assign(s.raft, { role: 'follower', leader: null });
      return s;
    },
  });

/** The check as it was before the step hook: whole observations of the cluster, once per settled instant. */
function perInstant(s: ScenarioContext): RaftInvariants {
  const checker = new RaftInvariants();
  const observe = (id: string): MemberObservation => {
    const durable = { hardState: undefined, log: { snapIndex: 0, snapTerm: 0, entries: [] } };
    const r = (s.system.cellAt(pathOf(id))?.state as { raft: FakeRaft } | undefined)?.raft;
    if (r === undefined) return { id, alive: false, durable };
    return { id, alive: true, incarnation: 1, term: r.term, vote: r.vote, role: r.role, commit: 0, applied: 0, log: r.log, voters: MEMBERS, storeHash: 'empty', durable };
  };
  s.sim.observe(() => void checker.observe({ at: s.now(), members: MEMBERS.map(observe) }));
  return checker;
}

test('a second leader of a term for the span of one message within an instant is caught; a check per instant misses it', async (t) => {
  const sim = new Simulation({ seed: 1 });
  const s = new ScenarioContext(sim);
  for (const id of MEMBERS) s.spawn(host({ children: [{ id: 'etcd-member', actor: fakeMember(id) }] }), { name: id, restart: 'permanent' });
  // The stand-ins hold only what the watch reads of a member's state.
  const steps = watchRaftInvariants(sim, { members: MEMBERS, state: (id) => s.system.cellAt(pathOf(id))?.state as MemberState | undefined });
  const instants = perInstant(s);
  s.send<FakeMsg>(pathOf('etcd-1'), { type: 'Lead', term: 1 });
  await s.advance(10);
  t.is(steps.violation, null);
  // Both in etcd-2's mailbox at once: handled one after the other in the same instant.
  s.send<FakeMsg>(pathOf('etcd-2'), { type: 'Lead', term: 1 });
  s.send<FakeMsg>(pathOf('etcd-2'), { type: 'StepDown' });
  await s.advance(10);
  t.is(steps.violation?.invariant, 'election-safety', steps.violation?.message);
  t.regex(steps.violation!.message, /etcd-2 and etcd-1 were both leaders of term 1 \(at 10ms\)/);
  t.is(instants.firstViolation, null, 'the settled instant shows etcd-2 a follower again');
  t.true(instants.steps >= 2);
  sim.close();
});
