// A planted bug the informer checks of the apiserver fault runs must catch: a replica that leaves
// some watch events out of its streams (numbering them as if nothing were missing).

import test from 'ava';
import { apiserverChaos } from '../../../scenarios/builtin/apiserver-chaos.ts';
import { runScenario } from '../../../scenarios/runner.ts';

test('the watch checks catch a replica that drops watch events, on every seed tried', async (t) => {
  for (const seed of [1]) {
    const run = await runScenario(apiserverChaos({ name: 'apiserver-chaos-dropped', plant: { dropWatchEvents: true }, faults: 2, convergeWithin: '30s' }), { seed });
    const watch = run.expectations.filter((e) => e.name.startsWith('every informer') || e.name.startsWith('no informer'));
    t.is(watch.length, 2);
    t.true(watch.some((e) => !e.ok), `seed ${seed}: ${JSON.stringify(watch)}`);
  }
});
