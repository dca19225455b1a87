// The control-plane fault run on one seed: the leaders of kube-controller-manager and
// kube-scheduler crashed, their hosts crashed or cut off while the Deployment rolls and scales;
// every invariant holds on every revision etcd reached, and the work completes.

import test from 'ava';
import { controlPlaneChaos } from '../../../scenarios/builtin/control-plane-chaos.ts';
import { runScenario } from '../../../scenarios/runner.ts';

test('control-plane-chaos, seed 1: no invariant broken on any revision, and the new leaders finish the work', async (t) => {
  const r = await runScenario(controlPlaneChaos({ name: 'control-plane-chaos', faults: 3 }), { seed: 1 });
  t.true(r.ok, JSON.stringify(r.expectations.filter((x) => !x.ok)));
  const checked = r.expectations.find((x) => x.name.startsWith('after every step'));
  t.regex(checked?.detail ?? '', /^\d{3,} revisions checked$/, 'the invariants were checked on hundreds of revisions');
  t.regex(r.expectations.find((x) => x.name.startsWith('the work completes'))?.detail ?? '', /(crash|partition) .*→ done$/);
});
