// node-components-chaos on another seed beside the determinism runs (which run every node
// scenario on seed 42): every node component crashed (more: `npm run test:chaos -- --nodes --seeds N`).

import test from 'ava';
import { builtin } from '../../../scenarios/builtin/index.ts';
import { runScenario } from '../../../scenarios/runner.ts';

const runs: [string, number[]][] = [['node-components-chaos', [5]]];

for (const [name, seeds] of runs)
  for (const seed of seeds)
    test(`${name} seed ${seed}`, async (t) => {
      const run = await runScenario(builtin(name)!, { seed });
      for (const e of run.expectations) t.true(e.ok, `${e.name}: ${e.detail}`);
      t.true(run.expectations.length >= 2);
    });
