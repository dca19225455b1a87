// etcd-chaos over 200 seeds: random faults, a recorded workload, a linearizability check each.

import test from 'ava';
import { chaosRuns } from './chaos-runs.ts';

const CHUNK = 25;
for (let from = 1; from <= 200; from += CHUNK) {
  test.serial(`etcd-chaos seeds ${from}..${from + CHUNK - 1}: linearizable, live, converged`, async (t) => {
    t.timeout(180_000);
    const failures = await chaosRuns(from, CHUNK);
    t.deepEqual(failures, [], failures.map((f) => `seed ${f.seed}: ${f.failed.join('; ')}`).join('\n'));
  });
}
