// Planted bugs the control-plane checks must catch, each in the fault run itself (cluster spec
// controlPlane.plant). A scheduler that does not assume the pods it chose lets pods scheduled
// back to back overcommit a node; a ReplicaSet controller that ignores its expectations creates
// again when its cache lags its writes (after etcd's leader moved, an apiserver's watch may sit
// on a follower that applies later than the leader answers), so the Deployment exceeds
// replicas + maxSurge. Neither shows on every seed: over seeds 1–8 (less 6, which fails without
// any plant) the scheduler's bug showed on 2, 4, 7 and 8, the ReplicaSet controller's on 3 only.
// The tests run a seed that exposes each; the same seeds pass without the plant.

import test from 'ava';
import { controlPlaneChaos } from '../../../scenarios/builtin/control-plane-chaos.ts';
import type { ControlPlanePlant } from '../../../scenarios/cluster/spec.ts';
import { runScenario } from '../../../scenarios/runner.ts';

async function violation(plant: ControlPlanePlant, seed: number): Promise<string> {
  const r = await runScenario(controlPlaneChaos({ name: 'control-plane-chaos-planted', plant }), { seed });
  return r.expectations.find((x) => x.name.startsWith('after every step') && !x.ok)?.detail ?? 'no violation';
}

test('planted: a scheduler that forgets assumed pods overcommits a node, and the checks name it', async (t) => {
  t.regex(await violation({ schedulerForgetsAssumed: true }, 2), /node worker-\d: pods request cpu \d+m of 2 allocatable/);
});

test('planted: a ReplicaSet controller that ignores its expectations overshoots replicas + maxSurge, and the checks name it', async (t) => {
  t.regex(await violation({ replicaSetIgnoresExpectations: true }, 3), /Deployment default\/web: \d+ live pods, more than \d+ replicas \+ maxSurge \d+/);
});
