// serializeImagePulls, the kubelet's default: one image pull at a time on a node, so two pods
// needing different images start one pull after the other.

import test from 'ava';
import { Simulation } from '../../../runtime/kernel/index.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { ScenarioContext } from '../../../scenarios/scenario.ts';

test('two pods needing two images on one node: the second pull starts when the first ends', async (t) => {
  const sim = new Simulation({ seed: 2 });
  const s = new ScenarioContext(sim);
  s.cluster({ workers: 1, node: { pullBandwidth: '10Mi' } });
  await s.advance('5s');
  const pod = (name: string, image: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: 'worker-1', containers: [{ name: 'app', image }] } });
  await s.kube.create(pod('web', 'nginx:1.14.2'));
  await s.kube.create(pod('cache', 'redis:7.2'));
  for (const name of ['web', 'cache']) await s.kube.waitFor('pod', name, (o) => (o.status as { phase?: string }).phase === 'Running', { within: 120_000 });
  type Ev = { involvedObject: { name: string }; reason: string; message: string; firstTimestamp: string };
  const events = ((await s.kube.list('events', { namespace: 'default' })).items as unknown as Ev[]).filter((e) => e.reason === 'Pulling' || e.reason === 'Pulled');
  const at = (name: string, reason: string) => Date.parse(events.find((e) => e.involvedObject.name === name && e.reason === reason)!.firstTimestamp);
  const [first, second] = at('web', 'Pulling') <= at('cache', 'Pulling') ? ['web', 'cache'] : ['cache', 'web'];
  t.true(at(second!, 'Pulling') >= at(first!, 'Pulled'), `${first} pulled at ${at(first!, 'Pulled')}, ${second} began at ${at(second!, 'Pulling')}`);
  t.true(at(first!, 'Pulled') - at(first!, 'Pulling') >= 1000, 'a pull of tens of megabytes at 10Mi/s takes seconds');
  sim.close();
});
