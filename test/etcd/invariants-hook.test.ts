// The Raft invariants through the kernel's observation hook: a planted bug (acknowledging before
// the fsync) is caught in a short run with crashes, and the same run without it passes.

import test from 'ava';
import { host, Simulation } from '../../runtime/index.ts';
import { ScenarioContext } from '../../scenarios/scenario.ts';
import { answersOf, type ClusterOptions, leaderOf, MEMBERS, type RequesterMsg, requester, spawnCluster, watchRaftInvariants } from '../../scenarios/builtin/etcd-support.ts';
import { readDurable } from '../../actors/etcd/member/wal.ts';

/** Three members, a few writes to the leader, then two hosts crash right after a write is acknowledged. */
async function crashAfterAck(options: ClusterOptions) {
  const sim = new Simulation({ seed: 7, network: { latency: { min: 0.2, max: 0.3 } }, fsyncMs: 1 });
  const s = new ScenarioContext(sim);
  spawnCluster(s, options);
  s.spawn(host({ children: [{ id: 'r', actor: requester() }] }), { name: 'client', restart: 'permanent' });
  const watch = watchRaftInvariants(s);
  await s.until(() => leaderOf(s) !== undefined, { within: '5s' });
  const leader = leaderOf(s)!;
  const acked = (id: number) => answersOf(s, 'client')[id]?.kind === 'response';
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
