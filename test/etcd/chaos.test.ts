// The three-member etcd fault runs over 30 seeds: random faults, a recorded workload and
// watches; linearizable, watch guarantees kept, Raft invariants held at every step, live, converged.
// `npm test` stays within its budget with these; `npm run test:chaos -- --seeds N --from 31` runs more.

import test from 'ava';
import { chaosRuns } from './chaos-runs.ts';

const CHUNK = 15;
for (let from = 1; from <= 30; from += CHUNK) {
  test.serial(`etcd-chaos (3 members) seeds ${from}..${from + CHUNK - 1}: every check holds`, async (t) => {
    t.timeout(300_000);
    const failures = await chaosRuns(from, CHUNK, 3);
    t.deepEqual(failures, [], failures.map((f) => `seed ${f.seed}: ${f.failed.join('; ')}`).join('\n'));
  });
}
