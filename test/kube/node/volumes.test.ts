// Volumes end to end: a ConfigMap mounted in a container, its update seen in the running
// container after the kubelet's next sync (the readiness probe reads the file), and a pod whose
// ConfigMap does not exist waits in ContainerCreating with the kubelet's FailedMount event. The
// kubelet reads each ConfigMap and Secret through an informer of its own, for as long as a pod
// uses it, which is all the Node authorizer lets it read.

import test from 'ava';
import { Simulation } from '../../../runtime/kernel/index.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { ScenarioContext } from '../../../scenarios/scenario.ts';
import { kubeletStateKey } from '../../../actors/kubelet/kubelet.ts';

const ready = (o: KubeObject) => (o.status as { conditions?: { type: string; status: string }[] }).conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

const pod = (name: string, configMap: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: {
    nodeName: 'worker-1',
    volumes: [{ name: 'config', configMap: { name: configMap } }],
    containers: [
      {
        name: 'app',
        image: 'busybox:1.28',
        command: ['sh', '-c', 'sleep 3600'],
        volumeMounts: [{ name: 'config', mountPath: '/etc/config' }],
        readinessProbe: { exec: { command: ['cat', '/etc/config/ready'] }, periodSeconds: 5 },
      },
    ],
  },
});

test('a ConfigMap volume: its update reaches the running container after the kubelet syncs; a missing one is a FailedMount', async (t) => {
  const sim = new Simulation({ seed: 5 });
  const s = new ScenarioContext(sim);
  s.cluster({ workers: 1 });
  await s.advance('5s');
  await s.kube.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config', namespace: 'default' }, data: { greeting: 'hello' } });
  await s.kube.create(pod('app', 'app-config'));
  await s.kube.create(pod('orphan', 'no-such-config'));
  const running = await s.kube.waitFor('pod', 'app', (o) => (o.status as { phase?: string }).phase === 'Running', { within: 60_000 });
  await s.advance('30s');
  t.false(ready(await s.kube.get('pod', 'app')), 'without the file the readiness probe fails');
  t.truthy(running);
  await s.kube.patch('configmap', 'app-config', { data: { greeting: 'hello', ready: 'yes' } }, { type: 'merge' });
  const after = await s.kube.waitFor('pod', 'app', ready, { within: 120_000 });
  t.is((after.status as { containerStatuses: { restartCount: number }[] }).containerStatuses[0]!.restartCount, 0, 'the file appeared in the running container, no restart');
  const orphan = await s.kube.get('pod', 'orphan');
  t.is((orphan.status as { containerStatuses: { state: { waiting?: { reason: string } } }[] }).containerStatuses[0]!.state.waiting?.reason, 'ContainerCreating');
  type Ev = { involvedObject: { name: string }; reason: string; message: string };
  const events = ((await s.kube.list('events', { namespace: 'default' })).items as unknown as Ev[]).filter((e) => e.involvedObject.name === 'orphan');
  t.true(
    events.some((e) => e.reason === 'FailedMount' && e.message === 'MountVolume.SetUp failed for volume "config" : configmap "no-such-config" not found'),
    JSON.stringify(events.map((e) => e.message)),
  );
  // A Secret in the environment: read by name, like the ConfigMaps.
  await s.kube.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'default' }, data: { user: 'YWRtaW4=' } });
  await s.kube.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'env', namespace: 'default' },
    spec: { nodeName: 'worker-1', containers: [{ name: 'app', image: 'busybox:1.28', command: ['sh', '-c', 'sleep 3600'], env: [{ name: 'USER', valueFrom: { secretKeyRef: { name: 'creds', key: 'user' } } }] }] },
  });
  t.truthy(await s.kube.waitFor('pod', 'env', (o) => (o.status as { phase?: string }).phase === 'Running', { within: 60_000 }));
  const informers = () => Object.keys(sim.system.stateOf('/worker-1/kubelet', kubeletStateKey)!.kit.informers).sort();
  t.deepEqual(
    informers().filter((n) => !n.includes('kube-root-ca.crt')),
    ['configmaps/default/app-config', 'configmaps/default/no-such-config', 'node', 'pods', 'secrets/default/creds'],
  );
  await s.kube.delete('pod', 'orphan', { gracePeriodSeconds: 0 });
  await s.kube.delete('pod', 'env', { gracePeriodSeconds: 0 });
  await s.advance('10s');
  t.deepEqual(informers().filter((n) => !n.includes('kube-root-ca.crt')), ['configmaps/default/app-config', 'node', 'pods'], 'stopped with the last pod that used them');
  sim.close();
});
