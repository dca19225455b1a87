// Planted bugs in ReadIndex, which the etcd fault runs must catch on their own (the unit tests in
// test/etcd/raft/read-index.test.ts and the aimed runs in planted.test.ts catch them too):
//
// - a read released with one acknowledgement short of a quorum: a leader cut off in the minority
//   with one follower (five members) serves reads while the majority has a new leader. Caught by
//   16 of seeds 1..100 of the five-member runs, the first at seed 9; never by three members,
//   where one short of a quorum is the leader alone, which a deposed leader confirms only on a
//   commit or acknowledgement it does not get.
// - a read served before the leader has committed an entry of its term: a new leader whose
//   commit index lags its predecessor's. Caught by 21 of seeds 1..100 with three members (the
//   first at seed 1) and 14 with five (the first at seed 3).
//
// The faults that find them: leadership moving while a write is on its way (so the new leader
// wins without knowing it committed), over slow, reordering, duplicating, lossy links, with a
// reader sent to the new leader; and partitions that leave a deposed leader a minority, some
// clients and the reader. The same seeds without the bugs pass (chaos.test.ts, chaos-5.test.ts).

import test from 'ava';
import { chaosScenario, type ChaosOptions } from '../../scenarios/builtin/etcd-chaos-run.ts';
import { runScenario } from '../../scenarios/runner.ts';

/** What a stale read breaks: the history's linearizability, or a range's place among the answers. */
const STALE = /history is linearizable|every range shows the store/;

/** The first of seeds 1..upTo whose run fails, with what failed; null if none does. */
async function firstCaught(plant: ChaosOptions['plant'], members: number, upTo: number) {
  // As etcd-chaos and etcd-chaos-5 are (name included: it seeds the faults), but for the bug.
  const scenario = chaosScenario(members === 5 ? { name: 'etcd-chaos-5', members, faults: 10, plant } : { name: 'etcd-chaos', members, faults: 8, plant });
  for (let seed = 1; seed <= upTo; seed++) {
    const r = await runScenario(scenario, { seed });
    if (!r.ok) return { seed, failed: r.expectations.filter((x) => !x.ok) };
  }
  return null;
}

for (const [name, plant, members] of [
  ['ReadIndex releasing a read one acknowledgement short of a quorum', { readIndexQuorumMinusOne: true }, 5],
  ['ReadIndex serving reads before the leader commits an entry of its term', { readIndexBeforeOwnTermCommit: true }, 3],
  ['ReadIndex serving reads before the leader commits an entry of its term', { readIndexBeforeOwnTermCommit: true }, 5],
] as const)
  test(`the fault runs catch a planted bug: ${name} (${members} members)`, async (t) => {
    t.timeout(120_000);
    const caught = await firstCaught(plant, members, 30);
    if (caught === null) return t.fail('seeds 1..30 found nothing');
    t.log(`caught by seed ${caught.seed}: ${caught.failed.map((x) => `${x.name}: ${x.detail.split(' | ')[0]}`).join('; ')}`);
    // Only the reads are wrong: Raft itself, the watches and the stores keep every rule.
    t.deepEqual(caught.failed.filter((x) => !STALE.test(x.name)).map((x) => x.name), []);
  });
