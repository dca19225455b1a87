// What processes write into volumes: an emptyDir shared by a pod's containers, a
// PersistentVolumeClaim's data outliving the pod that wrote it, and a claim that is not bound
// keeping its pod in ContainerCreating with the kubelet's message.

import test from 'ava';
import { Simulation } from '../../../runtime/kernel/index.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { ScenarioContext } from '../../../scenarios/scenario.ts';

type St = { phase?: string; conditions?: { type: string; status: string }[]; containerStatuses?: { state: { waiting?: { reason: string } } }[] };
const st = (o: KubeObject) => (o.status ?? {}) as St;
const ready = (o: KubeObject) => st(o).conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
const readsFile = (path: string) => ({ exec: { command: ['cat', path] }, periodSeconds: 2 });

async function boot(seed: number) {
  const sim = new Simulation({ seed });
  const s = new ScenarioContext(sim);
  s.cluster({ workers: 1 });
  await s.advance('5s');
  return { sim, s };
}

test('an emptyDir is shared by the containers of a pod: one writes, the other reads', async (t) => {
  const { sim, s } = await boot(7);
  await s.kube.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'shared', namespace: 'default' },
    spec: {
      nodeName: 'worker-1',
      volumes: [{ name: 'data', emptyDir: {} }],
      containers: [
        { name: 'writer', image: 'busybox:1.28', command: ['sh', '-c', 'sleep 5; echo hello > /data/msg; sleep 3600'], volumeMounts: [{ name: 'data', mountPath: '/data' }] },
        { name: 'reader', image: 'busybox:1.28', command: ['sh', '-c', 'sleep 3600'], volumeMounts: [{ name: 'data', mountPath: '/shared' }], readinessProbe: readsFile('/shared/msg') },
      ],
    },
  });
  await s.kube.waitFor('pod', 'shared', (o) => st(o).phase === 'Running', { within: 60_000 });
  t.false(ready(await s.kube.get('pod', 'shared')), 'before the write the reader has nothing to read');
  const after = await s.kube.waitFor('pod', 'shared', ready, { within: 60_000 });
  t.true(ready(after));
  sim.close();
});

test("a PersistentVolumeClaim's data outlives the pod that wrote it; an unbound claim waits in ContainerCreating", async (t) => {
  const { sim, s } = await boot(8);
  await s.kube.create({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-1' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/mnt/pv-1' } } });
  await s.kube.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'claim', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeName: 'pv-1', storageClassName: '' } });
  // The binder is a controller (not here yet): bind by hand, as it would.
  const claim = await s.kube.get('pvc', 'claim');
  await s.kube.update({ ...claim, status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } } }, { subresource: 'status' });
  const pod = (name: string, command: string, probe?: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      nodeName: 'worker-1',
      restartPolicy: 'Never',
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'claim' } }],
      containers: [{ name: 'app', image: 'busybox:1.28', command: ['sh', '-c', command], volumeMounts: [{ name: 'data', mountPath: '/data' }], ...(probe ? { readinessProbe: readsFile(probe) } : {}) }],
    },
  });
  await s.kube.create(pod('writer', 'echo kept > /data/file'));
  await s.kube.waitFor('pod', 'writer', (o) => st(o).phase === 'Succeeded', { within: 60_000 });
  await s.kube.delete('pod', 'writer');
  await s.advance('10s');
  await s.kube.create(pod('reader', 'sleep 3600', '/data/file'));
  const r = await s.kube.waitFor('pod', 'reader', ready, { within: 60_000 });
  t.true(ready(r), 'the file the deleted pod wrote is there');

  await s.kube.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'pending', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
  await s.kube.create({ ...pod('waiting', 'sleep 3600'), spec: { ...(pod('waiting', 'sleep 3600').spec as object), volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'pending' } }] } });
  await s.advance('20s');
  const waiting = await s.kube.get('pod', 'waiting');
  t.is(st(waiting).containerStatuses?.[0]?.state.waiting?.reason, 'ContainerCreating');
  type Ev = { involvedObject: { name: string }; reason: string; message: string };
  const events = ((await s.kube.list('events', { namespace: 'default' })).items as unknown as Ev[]).filter((e) => e.involvedObject.name === 'waiting');
  t.true(events.some((e) => e.reason === 'FailedMount' && e.message === 'error processing PVC default/pending: PVC is not bound'), JSON.stringify(events.map((e) => `${e.reason}: ${e.message}`)));
  sim.close();
});
