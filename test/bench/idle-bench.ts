// What an idle cluster costs: the default cluster (one control plane, two workers, stacked etcd)
// with nothing deployed, advanced one virtual hour, traced (hash only) as `kyb run` traces. What
// it spends is the periodic work Kubernetes does whatever the load: leader-election renewals,
// node Leases and status, Raft ticks, informer resyncs and the trace's checkpoints. Long runs
// (a CronJob's day, a 5,000-node cluster at rest) pay it for every virtual hour.

import { Simulation } from '../../runtime/kernel/index.ts';
import { ScenarioContext } from '../../scenarios/scenario.ts';
import { startTiming } from './clock.ts';

export async function idleVirtualHour(): Promise<{ wallMs: number; events: number }> {
  const sim = new Simulation({ name: 'bench-idle', seed: 1, trace: { hash: true, header: { kybernetes: 'bench', scenario: 'idle', config: null, inputs: [] } } });
  const s = new ScenarioContext(sim);
  s.cluster({});
  // Past start-up: the nodes registered, the add-ons' pods running, the leaders elected.
  await s.advance('2m');
  const events0 = sim.events;
  const t0 = startTiming();
  await s.advance('1h');
  const wallMs = performance.now() - t0;
  const events = sim.events - events0;
  sim.close();
  return { wallMs, events };
}
