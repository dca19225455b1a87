// Scaling through the real registry: slow-start creates, burstReplicas, scale-down victims,
// Events with Kubernetes' wording, inactive pods ignored.
import test from 'ava';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { DEFAULT_EPOCH_MS } from '../../../../protocols/kube/time.ts';
import { deleteCall, patchCall } from '../../../../actors/client/index.ts';
import { replicaSetKeys } from '../../../../actors/kube-controller-manager/replicaset/keys.ts';
import { emptyMemory } from '../../../../actors/kube-controller-manager/replicaset/memory.ts';
import { reconcileReplicaSet } from '../../../../actors/kube-controller-manager/replicaset/reconcile.ts';
import { activePods, bind, pods, replicaSet, rsLoop, rsOf, runAll, setStatus, staticListers } from './fixtures.ts';

const createsPerRound = (loop: ReturnType<typeof rsLoop>) => loop.rounds.map((r) => r.writes.filter((w) => w.verb === 'create' && w.target.resource === 'pods').length).filter((n) => n > 0);

test('replicaset: creates spec.replicas pods in slow-start batches, named <rs>-xxxxx, controlled by the ReplicaSet', (t) => {
  const loop = rsLoop();
  const rs = loop.create(replicaSet('web', 7, { labels: { app: 'web', tier: 'front' } }));
  loop.settle();
  t.deepEqual(createsPerRound(loop), [1, 2, 4]);
  const ps = pods(loop);
  t.is(ps.length, 7);
  for (const p of ps) {
    t.regex(p.metadata!.name!, /^web-[a-z0-9]{5}$/);
    t.deepEqual(p.metadata!.labels, { app: 'web', tier: 'front' });
    t.deepEqual(p.metadata!.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true }]);
  }
  const created = loop.rounds.flatMap((r) => r.events).filter((e) => e.reason === 'SuccessfulCreate');
  t.deepEqual(created.map((e) => e.message).sort(), ps.map((p) => `Created pod: ${p.metadata!.name}`).sort());
  t.true(created.every((e) => e.type === 'Normal'));
  t.like(rsOf(loop, 'web').status, { replicas: 7, fullyLabeledReplicas: 7, readyReplicas: 0, availableReplicas: 0, observedGeneration: 1 });
});

test('replicaset: one sync creates at most burstReplicas (500) pods, in batches 1, 2, 4, ...', (t) => {
  // Without the registry (520 pods listed every round would be slow): the informer is played by
  // hand, each batch's pods arriving as adds before the next reconcile.
  const rs = { ...replicaSet('big', 520), metadata: { name: 'big', namespace: 'default', uid: 'rs-uid', generation: 1 } };
  const m = emptyMemory();
  const have: KubeObject[] = [];
  const sizes: number[] = [];
  for (let round = 0; round < 30; round++) {
    const listers = staticListers({ replicasets: [rs], pods: have });
    const creates = reconcileReplicaSet('default/big', listers, 0, m, DEFAULT_EPOCH_MS).writes.filter((w) => w.verb === 'create');
    if (creates.length === 0) break;
    sizes.push(creates.length);
    const made = creates.map((w, i) => ({ ...(w as { body: KubeObject }).body, metadata: { ...(w as { body: KubeObject }).body.metadata, name: `big-${have.length + i}`, uid: `p${have.length + i}` } }));
    have.push(...made);
    const after = staticListers({ replicasets: [rs], pods: have });
    for (const p of made) replicaSetKeys('pods', { type: 'add', obj: p }, after, m);
  }
  t.deepEqual(sizes, [1, 2, 4, 8, 16, 32, 64, 128, 245, 1, 2, 4, 8, 5]);
  t.is(have.length, 520);
});

test('replicaset: scaling down deletes the surplus and says so', (t) => {
  const loop = rsLoop();
  loop.create(replicaSet('web', 4));
  loop.settle();
  runAll(loop);
  loop.settle();
  loop.apply(patchCall('rs', 'web', 'merge', JSON.stringify({ spec: { replicas: 1 } }), { namespace: 'default' }));
  const before = new Set(pods(loop).map((p) => p.metadata!.name!));
  const rounds = loop.settle();
  const deletes = rounds.flatMap((r) => r.writes).filter((w) => w.verb === 'delete');
  t.is(deletes.length, 3);
  t.is(activePods(loop).length, 1);
  const events = rounds.flatMap((r) => r.events).filter((e) => e.reason === 'SuccessfulDelete');
  t.deepEqual(events.map((e) => e.message).sort(), deletes.map((d) => `Deleted pod: ${d.target.name}`).sort());
  t.true(deletes.every((d) => before.has(d.target.name!)));
  t.like(rsOf(loop, 'web').status, { replicas: 1, observedGeneration: 2 });
});

test('replicaset: scale-down takes the unscheduled, then the not-ready pods, and keeps the ready ones', (t) => {
  const loop = rsLoop();
  loop.create(replicaSet('web', 4));
  loop.settle();
  const [a, b, c, d] = pods(loop);
  bind(loop, a!, 'node-1');
  bind(loop, b!, 'node-1');
  bind(loop, c!, 'node-2');
  setStatus(loop, a!.metadata!.name!, { ready: true });
  setStatus(loop, b!.metadata!.name!, { ready: false });
  setStatus(loop, c!.metadata!.name!, { ready: true });
  loop.settle();
  loop.apply(patchCall('rs', 'web', 'merge', JSON.stringify({ spec: { replicas: 2 } }), { namespace: 'default' }));
  loop.settle();
  t.deepEqual(activePods(loop).map((p) => p.metadata!.name).sort(), [a!.metadata!.name, c!.metadata!.name].sort());
  t.truthy(d);
});

test('replicaset: a pod deleted by someone else is replaced; terminating, Succeeded and Failed pods do not count', (t) => {
  const loop = rsLoop();
  loop.create(replicaSet('web', 3));
  loop.settle();
  runAll(loop);
  loop.settle();
  const [a, b, c] = pods(loop);
  loop.apply(deleteCall('pods', a!.metadata!.name!, { namespace: 'default' }, { gracePeriodSeconds: 30 }));
  setStatus(loop, b!.metadata!.name!, { phase: 'Succeeded', ready: false });
  setStatus(loop, c!.metadata!.name!, { phase: 'Failed', ready: false });
  loop.settle();
  const active = pods(loop).filter((p) => p.metadata?.deletionTimestamp === undefined && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  t.is(active.length, 3);
  t.is(pods(loop).length, 6);
  t.like(rsOf(loop, 'web').status, { replicas: 3, readyReplicas: 0 });
});

test('replicaset: a ReplicaSet being deleted creates nothing', (t) => {
  const loop = rsLoop();
  loop.create({ ...replicaSet('web', 3), metadata: { name: 'web', namespace: 'default', finalizers: ['example.com/hold'] } });
  loop.apply(deleteCall('rs', 'web', { namespace: 'default' }));
  loop.settle();
  t.is(pods(loop).length, 0);
  t.truthy(rsOf(loop, 'web').metadata?.deletionTimestamp);
});

test('replicaset: siblings under one Deployment count as co-located; a ReplicaSet without a controller ranks no pod by node', (t) => {
  const owner = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'dep-uid', controller: true, blockOwnerDeletion: true };
  const rsA = (owned: boolean) => ({ ...replicaSet('web-a', 1), metadata: { name: 'web-a', namespace: 'default', uid: 'a-uid', generation: 1, ...(owned ? { ownerReferences: [owner] } : {}) } });
  const rsB = { ...replicaSet('web-b', 2, { labels: { app: 'web-b' } }), metadata: { name: 'web-b', namespace: 'default', uid: 'b-uid', generation: 1, ownerReferences: [owner] } };
  const mk = (name: string, app: string, rsName: string, uid: string, node: string, createdAt: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `${name}-uid`, labels: { app }, creationTimestamp: createdAt, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName, uid, controller: true }] },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'x' }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }] },
  });
  // p-crowded is older than p-alone: by age alone p-alone (newer) would go first.
  const ps = [
    mk('p-crowded', 'web-a', 'web-a', 'a-uid', 'n1', '2025-12-01T00:00:00Z'),
    mk('p-alone', 'web-a', 'web-a', 'a-uid', 'n2', '2025-12-31T00:00:00Z'),
    mk('q1', 'web-b', 'web-b', 'b-uid', 'n1', '2025-12-01T00:00:00Z'),
    mk('q2', 'web-b', 'web-b', 'b-uid', 'n1', '2025-12-01T00:00:00Z'),
  ];
  const victim = (owned: boolean) =>
    reconcileReplicaSet('default/web-a', staticListers({ replicasets: [rsA(owned), rsB], pods: ps }), 0, emptyMemory(), DEFAULT_EPOCH_MS)
      .writes.filter((w) => w.verb === 'delete')
      .map((w) => w.target.name);
  t.deepEqual(victim(true), ['p-crowded']);
  t.deepEqual(victim(false), ['p-alone']);
});
