import test from 'ava';
import type { Pod, StatefulSet } from '../../../../protocols/kube/objects.ts';
import { converge, patch, statefulSet, statefulSetLoop } from './fixtures.ts';
import { bindAll, kubelet, pods, setPhase } from './stand-ins.ts';

const images = (ps: Pod[]) => ps.map((p) => `${p.metadata!.name}=${p.spec!.containers[0]!.image}`);
const setOf = (loop: ReturnType<typeof statefulSetLoop>) => loop.get('sts', 'web') as StatefulSet;

function running(spec: Record<string, unknown> = {}) {
  const loop = statefulSetLoop();
  loop.create(statefulSet('web', spec));
  converge(loop);
  return loop;
}

test('statefulset: a partitioned rolling update replaces only ordinals at or above the partition, highest first', (t) => {
  const loop = running({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } });
  const before = setOf(loop).status!;
  patch(loop, 'sts', 'web', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.28' }] } } } });
  converge(loop);
  t.deepEqual(images(pods(loop)), ['web-0=nginx:1.27', 'web-1=nginx:1.27', 'web-2=nginx:1.28']);
  let s = setOf(loop).status!;
  t.is(s.currentRevision, before.currentRevision);
  t.not(s.updateRevision, before.updateRevision);
  t.like(s, { replicas: 3, currentReplicas: 2, updatedReplicas: 1, readyReplicas: 3 });
  patch(loop, 'sts', 'web', { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } });
  loop.settle();
  t.deepEqual(images(pods(loop).filter((p) => !p.metadata!.deletionTimestamp)), ['web-0=nginx:1.27', 'web-2=nginx:1.28'], 'web-1 goes next');
  kubelet(loop);
  loop.settle();
  t.deepEqual(images(pods(loop)), ['web-0=nginx:1.27', 'web-1=nginx:1.28', 'web-2=nginx:1.28'], 'web-1 recreated; web-0 waits for it to be ready');
  converge(loop);
  t.deepEqual(images(pods(loop)), ['web-0=nginx:1.28', 'web-1=nginx:1.28', 'web-2=nginx:1.28']);
  s = setOf(loop).status!;
  t.is(s.currentRevision, s.updateRevision, 'the update completed');
  t.like(s, { currentReplicas: 3, updatedReplicas: 3 });
  t.is(loop.list('controllerrevisions', 'default').length, 2);
});

test('statefulset: rolling back to an earlier template renumbers its revision instead of making a new one', (t) => {
  const loop = running();
  const first = setOf(loop).status!.updateRevision;
  patch(loop, 'sts', 'web', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.28' }] } } } });
  converge(loop);
  patch(loop, 'sts', 'web', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } } });
  converge(loop);
  const revs = loop.list('controllerrevisions', 'default') as unknown as { metadata: { name: string }; revision: number }[];
  t.is(revs.length, 2);
  t.is(revs.find((r) => r.metadata.name === first)!.revision, 3);
  t.is(setOf(loop).status!.currentRevision, first);
});

test('statefulset: OnDelete leaves pods alone until they are deleted', (t) => {
  const loop = running({ updateStrategy: { type: 'OnDelete' } });
  patch(loop, 'sts', 'web', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.28' }] } } } });
  converge(loop);
  t.deepEqual(images(pods(loop)), ['web-0=nginx:1.27', 'web-1=nginx:1.27', 'web-2=nginx:1.27']);
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'pods', namespace: 'default', name: 'web-1' }, options: { gracePeriodSeconds: 0 } });
  converge(loop);
  t.deepEqual(images(pods(loop)), ['web-0=nginx:1.27', 'web-1=nginx:1.28', 'web-2=nginx:1.27']);
  t.like(setOf(loop).status, { currentReplicas: 2, updatedReplicas: 1 });
});

test('statefulset: a failed pod is deleted and recreated under the same name', (t) => {
  const loop = running();
  const failed = pods(loop)[1]!;
  setPhase(loop, failed, 'Failed', false);
  const rounds = loop.settle();
  t.true(rounds.flatMap((r) => r.events).some((e) => e.reason === 'SuccessfulDelete' && e.message === 'delete Pod web-1 in StatefulSet web successful'));
  const again = pods(loop).find((p) => p.metadata!.name === 'web-1')!;
  t.not(again.metadata!.uid, failed.metadata!.uid);
  t.is(again.status!.phase, 'Pending');
});

test('statefulset: minReadySeconds holds the next ordinal until the last has been ready that long', (t) => {
  const loop = statefulSetLoop();
  loop.create(statefulSet('web', { minReadySeconds: 10, replicas: 2 }));
  loop.settle();
  bindAll(loop);
  kubelet(loop);
  const r = loop.settle();
  t.is(pods(loop).length, 1);
  t.is(r[0]!.requeueAfter, 10_000);
  t.like(setOf(loop).status, { readyReplicas: 1, availableReplicas: 0 });
  loop.advance(10_001);
  loop.settle();
  t.is(pods(loop).length, 2);
  t.like(setOf(loop).status, { availableReplicas: 1 });
});

test('statefulset: WhenDeleted Delete makes the set each claim\'s controller; WhenScaled Delete hands a condemned claim to its pod', (t) => {
  const loop = statefulSetLoop();
  loop.create(statefulSet('db', { replicas: 2, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }], persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' } }));
  loop.step();
  t.deepEqual(loop.get('pvc', 'data-db-0')!.metadata.ownerReferences ?? [], [], 'created without owners');
  converge(loop);
  const set = loop.get('sts', 'db')!;
  const refs = (n: string) => (loop.get('pvc', n)!.metadata.ownerReferences ?? []).map((r) => `${r.kind}/${r.name}/${r.controller}/${r.blockOwnerDeletion}`);
  t.deepEqual(refs('data-db-1'), ['StatefulSet/db/true/true']);
  t.is(loop.get('pvc', 'data-db-1')!.metadata.ownerReferences![0]!.uid, set.metadata.uid!);
  const pod1 = loop.get('pods', 'db-1')!;
  patch(loop, 'sts', 'db', { spec: { replicas: 1 } });
  loop.step();
  t.deepEqual(refs('data-db-1'), ['Pod/db-1/true/true'], 'the set lets go, the pod takes over');
  t.is(loop.get('pvc', 'data-db-1')!.metadata.ownerReferences![0]!.uid, pod1.metadata.uid!);
  t.deepEqual(refs('data-db-0'), ['StatefulSet/db/true/true']);
  kubelet(loop);
  patch(loop, 'sts', 'db', { spec: { replicas: 2 } });
  loop.settle();
  t.falsy(loop.get('pods', 'db-1'), 'db-1 waits: its claim still belongs to the old db-1 until the garbage collector removes it');
});

test('statefulset: Retain (the default) leaves claims without owners', (t) => {
  const loop = running({ volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] });
  t.true(loop.list('pvc', 'default').every((c) => (c.metadata.ownerReferences ?? []).length === 0));
  t.is(loop.list('pvc', 'default').length, 3);
});

test('statefulset: a claim being deleted holds back its pod with a FailedCreate warning', (t) => {
  const loop = statefulSetLoop();
  loop.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data-db-0', namespace: 'default', finalizers: ['kubernetes.io/pvc-protection'] }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } as never);
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'persistentvolumeclaims', namespace: 'default', name: 'data-db-0' } });
  loop.create(statefulSet('db', { replicas: 1, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] }));
  const r = loop.step();
  t.is(pods(loop).length, 0);
  t.true(r.events.some((e) => e.type === 'Warning' && e.reason === 'FailedCreate' && e.message === 'create Pod db-0 in StatefulSet db failed error: pvc data-db-0 is being deleted'));
});

test('statefulset: revisionHistoryLimit trims the oldest unused revisions', (t) => {
  const loop = running({ revisionHistoryLimit: 1, replicas: 1 });
  for (const v of ['1.28', '1.29', '1.30']) {
    patch(loop, 'sts', 'web', { spec: { template: { spec: { containers: [{ name: 'c', image: `nginx:${v}` }] } } } });
    converge(loop);
  }
  const revs = loop.list('controllerrevisions', 'default') as unknown as { revision: number }[];
  t.deepEqual(revs.map((r) => r.revision).sort(), [3, 4], 'the live one and one more');
});

test('statefulset: a controller restart mid-update picks the rollout up from the revisions it left', (t) => {
  const loop = running();
  patch(loop, 'sts', 'web', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.28' }] } } } });
  loop.settle();
  kubelet(loop);
  loop.restart();
  converge(loop);
  t.deepEqual(images(pods(loop)), ['web-0=nginx:1.28', 'web-1=nginx:1.28', 'web-2=nginx:1.28']);
  t.is(loop.list('controllerrevisions', 'default').length, 2, 'no revision made twice');
  const s = setOf(loop).status!;
  t.is(s.currentRevision, s.updateRevision);
});

test('statefulset: with no rollingUpdate block, a pod lost mid-update below the current count comes back at the current revision', (t) => {
  const loop = running({ updateStrategy: { type: 'RollingUpdate' } });
  patch(loop, 'sts', 'web', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.28' }] } } } });
  loop.settle();
  kubelet(loop);
  loop.settle();
  t.deepEqual(images(pods(loop)), ['web-0=nginx:1.27', 'web-1=nginx:1.27', 'web-2=nginx:1.28']);
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'pods', namespace: 'default', name: 'web-0' }, options: { gracePeriodSeconds: 0 } });
  loop.step();
  t.deepEqual(images(pods(loop)), ['web-0=nginx:1.27', 'web-1=nginx:1.27', 'web-2=nginx:1.28'], 'currentReplicas is 2: web-0 is below it');
});
