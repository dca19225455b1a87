// apiserver-chaos on a few seeds: faults against three replicas, the history linearizable.
// (More seeds: `npm run test:chaos -- --apiserver --seeds N`.)

import test from 'ava';
import { apiserverChaos } from '../../../scenarios/builtin/apiserver-chaos.ts';
import { builtin } from '../../../scenarios/builtin/index.ts';
import { runScenario } from '../../../scenarios/runner.ts';

// (The determinism test runs it on seed 42 too.)
for (const seed of [11]) {
  test(`apiserver-chaos seed ${seed}`, async (t) => {
    const run = await runScenario(builtin('apiserver-chaos')!, { seed });
    for (const e of run.expectations) t.true(e.ok, `${e.name}: ${e.detail}`);
    t.true(run.expectations.length >= 2);
  });
}

// Compacted every 2 s (kube-apiserver: 5 minutes), history is a few seconds deep, so a replica cut
// off or restarted finds its etcd watch's revision compacted and relists (three replicas do, on
// this seed), and informers' watches resume across compacted revisions.
test('apiserver-chaos with etcd compacted every 2 s, seed 1', async (t) => {
  const run = await runScenario(apiserverChaos({ name: 'apiserver-chaos-compacting', compactionIntervalMs: 2000 }), { seed: 1 });
  for (const e of run.expectations) t.true(e.ok, `${e.name}: ${e.detail}`);
  t.true(run.expectations.some((e) => e.name === "the replicas compacted etcd's history"));
});
