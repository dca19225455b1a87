// Adoption and release (ControllerRefManager), through the registry's strategic merge patch.
import test from 'ava';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { patchCall } from '../../../../actors/client/index.ts';
import { activePods, pod, pods, replicaSet, rsLoop } from './fixtures.ts';

const owners = (p: Pod | undefined) => (p?.metadata?.ownerReferences ?? []).map((r) => `${r.kind}/${r.name}/${r.controller}/${r.blockOwnerDeletion}`);

test('replicaset: adopts a matching orphan and creates only what is still missing', (t) => {
  const loop = rsLoop();
  loop.create(pod('stray', { app: 'web' }));
  loop.create(pod('other', { app: 'db' }));
  loop.create(replicaSet('web', 2));
  const first = loop.step();
  t.is(first.writes.filter((w) => w.verb === 'patch').length, 1);
  t.is(first.writes.filter((w) => w.verb === 'create').length, 1);
  loop.settle();
  t.deepEqual(owners(loop.get('pods', 'stray') as Pod), ['ReplicaSet/web/true/true']);
  t.deepEqual(owners(loop.get('pods', 'other') as Pod), []);
  t.is(activePods(loop).filter((p) => p.metadata?.labels?.app === 'web').length, 2);
});

test('replicaset: releases a pod whose labels no longer match, and replaces it', (t) => {
  const loop = rsLoop();
  loop.create(replicaSet('web', 2));
  loop.settle();
  const victim = pods(loop)[0]!;
  loop.apply(patchCall('pods', victim.metadata!.name!, 'merge', JSON.stringify({ metadata: { labels: { app: 'debug' } } }), { namespace: 'default' }));
  loop.settle();
  t.deepEqual(owners(loop.get('pods', victim.metadata!.name!) as Pod), []);
  t.is(activePods(loop).filter((p) => p.metadata?.labels?.app === 'web').length, 2);
  t.is(pods(loop).length, 3);
});

test('replicaset: a pod controlled by someone else is never adopted', (t) => {
  const loop = rsLoop();
  const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'elsewhere', uid: 'not-this-one', controller: true };
  loop.create({ ...pod('taken', { app: 'web' }), metadata: { name: 'taken', namespace: 'default', labels: { app: 'web' }, ownerReferences: [ref] } });
  loop.create(replicaSet('web', 1));
  loop.settle();
  t.deepEqual(owners(loop.get('pods', 'taken') as Pod), ['ReplicaSet/elsewhere/true/undefined']);
  t.is(pods(loop).length, 2);
});

test('replicaset: orphans in another namespace or being deleted are left alone', (t) => {
  const loop = rsLoop();
  loop.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
  loop.create(pod('far', { app: 'web' }, 'other'));
  loop.create({ ...pod('going', { app: 'web' }), metadata: { name: 'going', namespace: 'default', labels: { app: 'web' }, finalizers: ['example.com/hold'] } });
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'pods', namespace: 'default', name: 'going' } });
  loop.create(replicaSet('web', 1));
  loop.settle();
  t.deepEqual(owners(loop.get('pods', 'far', 'other') as Pod), []);
  t.deepEqual(owners(loop.get('pods', 'going') as Pod), []);
});
