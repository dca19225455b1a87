// apiserver-chaos on a few seeds: faults against three replicas, the history linearizable.
// (More seeds: `npm run test:chaos -- --apiserver --seeds N`.)

import test from 'ava';
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
