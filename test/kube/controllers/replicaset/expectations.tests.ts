// Expectations: a ReplicaSet whose last creates or deletes its cache has not yet shown does
// nothing more, until it sees them or five minutes pass.
import test from 'ava';
import { patchCall } from '../../../../actors/client/index.ts';
import { creationObserved, deletionObserved, expectCreations, expectDeletions, type Expectations, EXPECTATIONS_TIMEOUT_MS, satisfied } from '../../../../actors/kube-controller-manager/replicaset/expectations.ts';
import { reconcileReplicaSet } from '../../../../actors/kube-controller-manager/replicaset/reconcile.ts';
import { DEFAULT_EPOCH_MS } from '../../../../protocols/kube/time.ts';
import { activePods, pods, replicaSet, rsLoop, runAll } from './fixtures.ts';

test('expectations: met when observed, when absent, or after five minutes', (t) => {
  const e: Expectations = {};
  t.true(satisfied(e, 'ns/a', 0));
  expectCreations(e, 'ns/a', 2, 0);
  creationObserved(e, 'ns/a');
  t.false(satisfied(e, 'ns/a', 0));
  creationObserved(e, 'ns/a');
  t.true(satisfied(e, 'ns/a', 0));
  expectDeletions(e, 'ns/a', ['ns/p1', 'ns/p2'], 1000);
  deletionObserved(e, 'ns/a', 'ns/p1');
  deletionObserved(e, 'ns/a', 'ns/p1');
  deletionObserved(e, 'ns/a', 'ns/other');
  t.false(satisfied(e, 'ns/a', 1000 + EXPECTATIONS_TIMEOUT_MS));
  t.true(satisfied(e, 'ns/a', 1001 + EXPECTATIONS_TIMEOUT_MS));
  deletionObserved(e, 'ns/a', 'ns/p2');
  t.true(satisfied(e, 'ns/a', 1000));
});

test('expectations: a create the cache does not show yet is not made again', (t) => {
  const loop = rsLoop();
  loop.create(replicaSet('web', 3));
  const stale = loop.listers();
  t.is(loop.step().writes.filter((w) => w.verb === 'create').length, 1);
  const again = reconcileReplicaSet('default/web', stale, loop.now, loop.memory, DEFAULT_EPOCH_MS);
  t.is(again.writes.filter((w) => w.verb === 'create').length, 0);
  const late = reconcileReplicaSet('default/web', stale, loop.now + EXPECTATIONS_TIMEOUT_MS + 1, loop.memory, DEFAULT_EPOCH_MS);
  t.is(late.writes.filter((w) => w.verb === 'create').length, 2, 'expired expectations let the ReplicaSet act again: the slow-start run goes on with a batch of 2');
});

test('expectations: a delete the cache does not show yet is not made again', (t) => {
  const loop = rsLoop();
  loop.create(replicaSet('web', 3));
  loop.settle();
  runAll(loop);
  loop.settle();
  loop.apply(patchCall('rs', 'web', 'merge', JSON.stringify({ spec: { replicas: 1 } }), { namespace: 'default' }));
  const stale = loop.listers();
  t.is(loop.step().writes.filter((w) => w.verb === 'delete').length, 2);
  const again = reconcileReplicaSet('default/web', stale, loop.now, loop.memory, DEFAULT_EPOCH_MS);
  t.is(again.writes.filter((w) => w.verb === 'delete').length, 0);
  loop.settle();
  t.is(activePods(loop).length, 1);
  t.is(pods(loop).length, 3, 'the two deleted pods are terminating, waiting for their kubelet');
});

test('expectations: a restarted controller relists and creates only what is missing', (t) => {
  const loop = rsLoop();
  loop.create(replicaSet('web', 5));
  loop.step();
  loop.step();
  loop.restart();
  loop.settle();
  t.is(activePods(loop).length, 5);
});
