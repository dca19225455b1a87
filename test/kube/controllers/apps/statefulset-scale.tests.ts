import test from 'ava';
import type { Pod, StatefulSet } from '../../../../protocols/kube/objects.ts';
import { patch, statefulSet, statefulSetLoop, www } from './fixtures.ts';
import { bindAll, kubelet, pods } from './stand-ins.ts';

const names = (ps: Pod[]) => ps.map((p) => p.metadata!.name!);

test('statefulset: OrderedReady creates web-0, waits for it to be Running and Ready, then web-1', (t) => {
  const loop = statefulSetLoop();
  loop.create(statefulSet('web'));
  loop.settle();
  t.deepEqual(names(pods(loop)), ['web-0']);
  loop.settle();
  t.deepEqual(names(pods(loop)), ['web-0'], 'no second pod while web-0 is Pending');
  bindAll(loop);
  kubelet(loop);
  loop.settle();
  t.deepEqual(names(pods(loop)), ['web-0', 'web-1']);
  for (let i = 0; i < 3; i++) {
    bindAll(loop);
    kubelet(loop);
    loop.settle();
  }
  t.deepEqual(names(pods(loop)), ['web-0', 'web-1', 'web-2']);
  const set = loop.get('sts', 'web') as StatefulSet;
  t.like(set.status, { replicas: 3, readyReplicas: 3, availableReplicas: 3, currentReplicas: 3, updatedReplicas: 3, observedGeneration: 1 });
  t.is(set.status!.currentRevision, set.status!.updateRevision);
  const events = loop.rounds.flatMap((r) => r.events.map((e) => `${e.reason} ${e.message}`));
  t.true(events.includes('SuccessfulCreate create Pod web-0 in StatefulSet web successful'));
});

test('statefulset: a pod has its identity: labels, hostname, subdomain, owner, revision', (t) => {
  const loop = statefulSetLoop();
  loop.create(statefulSet('web'));
  loop.settle();
  const p = pods(loop)[0]!;
  const set = loop.get('sts', 'web') as StatefulSet;
  t.like(p.metadata!.labels, { app: 'web', 'statefulset.kubernetes.io/pod-name': 'web-0', 'apps.kubernetes.io/pod-index': '0', 'controller-revision-hash': set.status!.updateRevision! });
  t.is(p.spec!.hostname, 'web-0');
  t.is(p.spec!.subdomain, 'web');
  t.like(p.metadata!.ownerReferences![0], { kind: 'StatefulSet', name: 'web', controller: true, blockOwnerDeletion: true });
  t.regex(set.status!.updateRevision!, /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
  const revs = loop.list('controllerrevisions', 'default');
  t.is(revs.length, 1);
  t.is((revs[0] as { revision?: number }).revision, 1);
});

test('statefulset: Parallel creates every ordinal at once; scale down deletes highest first', (t) => {
  const loop = statefulSetLoop();
  loop.create(statefulSet('par', { podManagementPolicy: 'Parallel', replicas: 4 }));
  loop.settle();
  t.deepEqual(names(pods(loop)), ['par-0', 'par-1', 'par-2', 'par-3']);
  bindAll(loop);
  kubelet(loop);
  loop.settle();
  const ord = statefulSetLoop();
  ord.create(statefulSet('web', { replicas: 3 }));
  for (let i = 0; i < 4; i++) {
    ord.settle();
    bindAll(ord);
    kubelet(ord);
  }
  ord.settle();
  const set = ord.get('sts', 'web')!;
  patch(ord, 'sts', 'web', { spec: { replicas: 1 } });
  t.truthy(set);
  ord.step();
  const left = names(pods(ord).filter((p) => !p.metadata!.deletionTimestamp));
  t.deepEqual(left, ['web-0', 'web-1'], 'web-2 goes first');
  kubelet(ord);
  ord.settle();
  kubelet(ord);
  ord.settle();
  t.deepEqual(names(pods(ord)), ['web-0']);
});

test('statefulset: claims from volumeClaimTemplates are created before the pod and kept when the pod goes', (t) => {
  const loop = statefulSetLoop();
  loop.create(statefulSet('db', { replicas: 2, volumeClaimTemplates: [www] }));
  const first = loop.step();
  t.deepEqual(first.writes.map((w) => `${w.verb} ${w.target.resource}`).slice(0, 3), ['create controllerrevisions', 'create persistentvolumeclaims', 'create pods']);
  t.deepEqual(first.events, [], 'Events wait for the answers');
  t.true(loop.step().events.some((e) => e.reason === 'SuccessfulCreate' && e.message === 'create Claim www-db-0 Pod db-0 in StatefulSet db success'));
  for (let i = 0; i < 3; i++) {
    loop.settle();
    bindAll(loop);
    kubelet(loop);
  }
  loop.settle();
  t.deepEqual(loop.list('pvc', 'default').map((c) => c.metadata.name), ['www-db-0', 'www-db-1']);
  const p0 = pods(loop)[0]!;
  t.deepEqual(p0.spec!.volumes!.find((v) => v.name === 'www')!.persistentVolumeClaim, { claimName: 'www-db-0' });
  const uid = p0.metadata!.uid;
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'pods', namespace: 'default', name: 'db-0' }, options: { gracePeriodSeconds: 0 } });
  loop.settle();
  const again = pods(loop).find((p) => p.metadata!.name === 'db-0')!;
  t.not(again.metadata!.uid, uid, 'db-0 was recreated');
  t.deepEqual(again.spec!.volumes!.find((v) => v.name === 'www')!.persistentVolumeClaim, { claimName: 'www-db-0' });
  t.deepEqual(loop.list('pvc', 'default').map((c) => c.metadata.name), ['www-db-0', 'www-db-1'], 'the claims are the same two');
  patch(loop, 'sts', 'db', { spec: { replicas: 0 } });
  for (let i = 0; i < 4; i++) {
    bindAll(loop);
    kubelet(loop);
    loop.settle();
  }
  t.is(pods(loop).length, 0);
  t.is(loop.list('pvc', 'default').length, 2, 'Retain: scale down keeps claims');
});

test('statefulset: an orphan pod with the set name and labels is adopted, one that stops matching is released', (t) => {
  const loop = statefulSetLoop();
  loop.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } as never);
  loop.create(statefulSet('web', { replicas: 1 }));
  loop.settle();
  const p = pods(loop);
  t.is(p.length, 1);
  t.like(p[0]!.metadata!.ownerReferences?.[0], { kind: 'StatefulSet', name: 'web', controller: true });
  patch(loop, 'pods', 'web-0', { metadata: { labels: { app: 'other' } } });
  loop.step();
  t.deepEqual(pods(loop)[0]!.metadata!.ownerReferences ?? [], []);
  const r = loop.step();
  const k = r.writes.findIndex((w) => w.verb === 'create' && w.target.resource === 'pods');
  t.false(r.results[k]!.ok, 'the released pod keeps the name web-0, so the set cannot make its own yet');
});

test('statefulset: spec.ordinals.start shifts the ordinals', (t) => {
  const loop = statefulSetLoop();
  loop.create(statefulSet('web', { replicas: 2, podManagementPolicy: 'Parallel', ordinals: { start: 5 } }));
  loop.settle();
  t.deepEqual(names(pods(loop)), ['web-5', 'web-6']);
  t.is(pods(loop)[0]!.metadata!.labels!['apps.kubernetes.io/pod-index'], '5');
});
