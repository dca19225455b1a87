// Planted bug: members that acknowledge (and count) writes before their fsync completes. The
// etcd fault runs must catch it; the same runs without the bug pass (test/etcd/chaos.test.ts).

import test from 'ava';
import { chaosScenario } from '../../scenarios/builtin/etcd-chaos-run.ts';
import { runScenario } from '../../scenarios/runner.ts';

test('the fault runs catch a planted bug: acknowledging a write before fsync', async (t) => {
  const planted = chaosScenario({ name: 'etcd-chaos-planted', members: 3, faults: 8, plant: { ackBeforeFsync: true } });
  for (let seed = 1; seed <= 3; seed++) {
    const r = await runScenario(planted, { seed });
    const failed = r.expectations.filter((x) => !x.ok);
    t.false(r.ok, `seed ${seed}: the planted bug went unnoticed`);
    t.true(failed.some((x) => /durable-quorum/.test(x.detail)), `seed ${seed}: ${failed.map((x) => x.detail).join('; ')}`);
  }
});
