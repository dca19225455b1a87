// Node-pressure eviction end to end: a 1Gi node, pods of each QoS class, and one BestEffort pod
// whose memory grows. When memory.available falls below 100Mi the kubelet reports MemoryPressure
// and evicts the pod the kubelet's ranking puts first (the one furthest above its request).

import test from 'ava';
import { Simulation } from '../../../runtime/kernel/index.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { ScenarioContext } from '../../../scenarios/scenario.ts';

const pod = (name: string, resources: Record<string, unknown>, annotations: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', annotations },
  spec: { nodeName: 'worker-1', containers: [{ name: 'app', image: 'nginx:1.14.2', resources }] },
});

type St = { phase?: string; reason?: string; message?: string };

test('memory pressure: MemoryPressure on the Node, the growing BestEffort pod evicted, the others left running', async (t) => {
  const sim = new Simulation({ seed: 3 });
  const s = new ScenarioContext(sim);
  s.cluster({ workers: 1, node: { memory: '1Gi' } });
  await s.advance('5s');
  await s.kube.create(pod('best-effort', {}, { 'sim.kybernetes.io/memory-baseline': '150Mi' }));
  await s.kube.create(pod('burstable', { requests: { memory: '100Mi' } }, { 'sim.kybernetes.io/memory-baseline': '150Mi' }));
  await s.kube.create(pod('guaranteed', { requests: { memory: '300Mi', cpu: '100m' }, limits: { memory: '300Mi', cpu: '100m' } }, { 'sim.kybernetes.io/memory-baseline': '250Mi' }));
  await s.advance('20s');
  await s.kube.create(pod('hog', {}, { 'sim.kybernetes.io/memory-baseline': '50Mi', 'sim.kybernetes.io/memory-growth': '20Mi' }));
  const evicted = await s.kube.waitFor('pod', 'hog', (o) => (o.status as St).reason === 'Evicted', { within: 120_000 });
  const st = evicted.status as St;
  t.is(st.phase, 'Failed');
  t.regex(st.message ?? '', /^The node was low on resource: memory\. Threshold quantity: 100Mi, available: (0|-?\d+Ki)\. Container app was using \d+Ki, request is 0, has larger consumption of memory\. $/);
  const node = await s.kube.get('node', 'worker-1');
  const pressure = (node.status as { conditions: { type: string; status: string; reason: string }[] }).conditions.find((c) => c.type === 'MemoryPressure');
  t.deepEqual([pressure?.status, pressure?.reason], ['True', 'KubeletHasInsufficientMemory']);
  for (const name of ['best-effort', 'burstable', 'guaranteed']) t.is(((await s.kube.get('pod', name)).status as St).phase, 'Running', name);
  sim.close();
});
