// The handshake on a running cluster: a kubelet reports a pod's PersistentVolume in use, waits
// in ContainerCreating while the attach/detach controller has not attached it (here: the node
// taken out of its hands by the annotation), says so with FailedMount after 2m3s, starts the pod
// once the volume is attached, and stops reporting it once the pod is gone, which lets the
// controller detach it.

import test from 'ava';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { Simulation } from '../../../../runtime/kernel/index.ts';
import { ScenarioContext } from '../../../../scenarios/scenario.ts';

const NAME = 'kybernetes.io/host-path/pv-1';
type NodeSt = { volumesInUse?: string[]; volumesAttached?: { name: string }[] };
type PodSt = { phase?: string; containerStatuses?: { state: { waiting?: { reason: string } } }[] };
type Ev = { involvedObject: { name: string }; reason: string; message: string; source?: { component?: string } };
const nodeSt = (o: KubeObject) => (o.status ?? {}) as NodeSt;
const podSt = (o: KubeObject) => (o.status ?? {}) as PodSt;

test('a PV volume is reported in use, waited for until attached, then released after the pod', async (t) => {
  const sim = new Simulation({ seed: 11 });
  const s = new ScenarioContext(sim);
  s.cluster({ workers: 1 });
  await s.advance('5s');
  await s.kube.waitFor('node', 'worker-1', () => true, { within: 30_000 });
  const managed = (v: string) => s.kube.patch('node', 'worker-1', { metadata: { annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': v } } }, { type: 'merge' });
  await managed('false');
  await s.kube.create({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-1' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/mnt/pv-1' } } });
  await s.kube.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'claim', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeName: 'pv-1', storageClassName: '' } });
  await s.kube.waitFor('pvc', 'claim', (o) => (o.status as { phase?: string }).phase === 'Bound', { namespace: 'default', within: 60_000 });
  await s.kube.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'app', namespace: 'default' },
    spec: {
      nodeName: 'worker-1',
      terminationGracePeriodSeconds: 0,
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'claim' } }],
      containers: [{ name: 'app', image: 'busybox:1.28', command: ['sh', '-c', 'sleep 3600'], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
    },
  });
  const created = s.now();

  const inUse = await s.kube.waitFor('node', 'worker-1', (o) => (nodeSt(o).volumesInUse ?? []).includes(NAME), { within: 30_000 });
  t.deepEqual(nodeSt(inUse).volumesAttached ?? [], [], 'nobody attached it');
  await s.advance('60s');
  const waiting = await s.kube.get('pod', 'app', { namespace: 'default' });
  t.is(podSt(waiting).containerStatuses?.[0]?.state.waiting?.reason, 'ContainerCreating');
  const events = async () => ((await s.kube.list('events', { namespace: 'default' })).items as unknown as Ev[]).filter((e) => e.involvedObject.name === 'app' && e.reason === 'FailedMount');
  t.deepEqual(await events(), [], 'no FailedMount before the timeout');
  await s.advance(`${Math.ceil((created + 125_000 - s.now()) / 1000)}s`);
  t.deepEqual(
    (await events()).map((e) => [e.source?.component, e.message]),
    [['kubelet', 'Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data]: timed out waiting for the condition']],
  );

  await managed('true');
  const running = await s.kube.waitFor('pod', 'app', (o) => podSt(o).phase === 'Running', { namespace: 'default', within: 30_000 });
  t.is(podSt(running).phase, 'Running');
  t.true((nodeSt(await s.kube.get('node', 'worker-1')).volumesAttached ?? []).some((a) => a.name === NAME), 'attached by the controller');

  await s.kube.delete('pod', 'app', { namespace: 'default' });
  const released = await s.kube.waitFor('node', 'worker-1', (o) => !(nodeSt(o).volumesInUse ?? []).includes(NAME) && !(nodeSt(o).volumesAttached ?? []).some((a) => a.name === NAME), { within: 60_000 });
  t.deepEqual(nodeSt(released).volumesInUse ?? [], []);
  sim.close();
});
