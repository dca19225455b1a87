// A planted bug the node invariants must catch: a CNI plugin that, once restarted, forgets the
// addresses it handed out (as if host-local kept its files on a tmpfs). A pod whose sandbox is
// then recreated is given an address another pod still holds.

import test from 'ava';
import { Simulation } from '../../../runtime/kernel/index.ts';
import { ScenarioContext } from '../../../scenarios/scenario.ts';
import { containerRuntimeKey } from '../../../actors/container-runtime/runtime.ts';
import { containerRuntimeService } from '../../../protocols/kube/cri.ts';
import { cniPluginService } from '../../../protocols/kube/cni.ts';
import { watchNodeInvariants } from '../../../scenarios/checks/node/node-invariants.ts';

async function run(plant: boolean) {
  const sim = new Simulation({ seed: 1 });
  const s = new ScenarioContext(sim);
  s.cluster({ workers: 1, ...(plant ? { node: { plant: { cniForgetsOnRestart: true } } } : {}) });
  const invariants = watchNodeInvariants(sim, ['worker-1'], (node) => s.system.stateOf(containerRuntimeService.pathOn(node), containerRuntimeKey)?.records);
  await s.advance('5s');
  for (const name of ['a', 'b', 'c'])
    await s.kube.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: 'worker-1', containers: [{ name: 'web', image: 'nginx:1.14.2' }] } });
  await s.advance('20s');
  s.crashActor(cniPluginService.pathOn('worker-1'), 'planted: forget');
  await s.advance('2s');
  // A pod that does not hold the range's first address: a plugin that forgot hands that one out again.
  const records = s.system.stateOf(containerRuntimeService.pathOn('worker-1'), containerRuntimeKey)!.records;
  const victim = Object.values(records.sandboxes).find((x) => !x.ips.includes('10.244.1.2'))!;
  s.crashActor(`${containerRuntimeService.pathOn('worker-1')}/default_${victim.metadata.name}_0/pause`, 'pause dies');
  await s.advance('30s');
  sim.close();
  return invariants;
}

test('the node invariants catch a CNI plugin that forgets its allocations on restart', async (t) => {
  const planted = await run(true);
  t.regex(planted.violation?.message ?? '', /is held by sandboxes/);
  const healthy = await run(false);
  t.is(healthy.violation, null, 'the same faults without the bug break nothing');
  t.true(healthy.steps > 100);
});
