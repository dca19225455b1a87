// Pods deleted while their node was down: when it comes back, the kubelet finds their sandboxes
// in the runtime with no pod in the apiserver, stops them (their addresses go back to the CNI
// plugin) and removes them, as the kubelet's pod cleanups do.

import test from 'ava';
import { Simulation } from '../../../runtime/kernel/index.ts';
import { ScenarioContext } from '../../../scenarios/scenario.ts';
import { containerRuntimeKey } from '../../../actors/container-runtime/runtime.ts';
import { cniPluginStateKey } from '../../../actors/cni-plugin/plugin.ts';
import { containerRuntimeService } from '../../../protocols/kube/cri.ts';
import { cniPluginService } from '../../../protocols/kube/cni.ts';

test('a pod force-deleted while its node was down is torn down on the node when it comes back', async (t) => {
  const sim = new Simulation({ seed: 4 });
  const s = new ScenarioContext(sim);
  s.cluster({ workers: 1 });
  await s.advance('5s');
  for (const name of ['keep', 'orphan'])
    await s.kube.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: 'worker-1', containers: [{ name: 'web', image: 'nginx:1.14.2' }] } });
  await s.kube.waitFor('pod', 'orphan', (o) => (o.status as { phase?: string }).phase === 'Running', { within: 60_000 });
  s.crashHost('worker-1');
  await s.kube.delete('pod', 'orphan', { gracePeriodSeconds: 0 });
  await s.advance('5s');
  s.restartHost('worker-1');
  await s.advance('60s');
  const records = s.system.stateOf(containerRuntimeService.pathOn('worker-1'), containerRuntimeKey)!.records;
  const names = Object.values(records.sandboxes).map((x) => `${x.metadata.name}:${x.state}`);
  t.false(names.some((n) => n.startsWith('orphan:')), names.join(', '));
  t.true(names.some((n) => n === 'keep:SANDBOX_READY'), `the pod still in the apiserver runs again: ${names.join(', ')}`);
  const held = Object.keys(s.system.stateOf(cniPluginService.pathOn('worker-1'), cniPluginStateKey)!.store.owners);
  t.is(held.length, 1, `only the kept pod holds an address: ${held.join(', ')}`);
  sim.close();
});
