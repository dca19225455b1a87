// Status: counts, minReadySeconds with the requeue for the moment a pod becomes available, and
// the ReplicaFailure condition while creates fail (a quota refusing pods, played by a registry
// that refuses pod creates while told to).
import test from 'ava';
import type { ApiCall, ApiResult } from '../../../../protocols/kube/api.ts';
import { DEFAULT_EPOCH_MS } from '../../../../protocols/kube/time.ts';
import { replicaSetKeys } from '../../../../actors/kube-controller-manager/replicaset/keys.ts';
import { emptyMemory, type ReplicaSetMemory, replicaSetWritten } from '../../../../actors/kube-controller-manager/replicaset/memory.ts';
import { reconcileReplicaSet } from '../../../../actors/kube-controller-manager/replicaset/reconcile.ts';
import { REPLICASET_INFORMERS } from '../../../../actors/kube-controller-manager/replicaset/controller.ts';
import { Registry } from '../../apiserver/harness.ts';
import { ControllerLoop } from '../loop.ts';
import { activePods, pod, pods, replicaSet, rsLoop, rsOf, runAll, setStatus } from './fixtures.ts';

test('replicaset: fullyLabeledReplicas counts pods carrying every template label', (t) => {
  const loop = rsLoop();
  loop.create(pod('stray', { app: 'web' }));
  loop.create(replicaSet('web', 3, { labels: { app: 'web', tier: 'front' } }));
  loop.settle();
  t.like(rsOf(loop, 'web').status, { replicas: 3, fullyLabeledReplicas: 2 });
});

test('replicaset: availableReplicas waits minReadySeconds, and the ReplicaSet is looked at again when it is due', (t) => {
  const loop = rsLoop();
  loop.create(replicaSet('web', 2, { minReadySeconds: 10 }));
  loop.settle();
  runAll(loop);
  const rounds = loop.settle();
  t.like(rsOf(loop, 'web').status, { readyReplicas: 2, availableReplicas: 0 });
  t.is(rounds[0]!.requeueAfter, 11_000);
  loop.advance(10_000);
  t.deepEqual(loop.step().keys, []);
  loop.advance(1_000);
  const due = loop.step();
  t.deepEqual(due.keys, ['default/web']);
  t.like(rsOf(loop, 'web').status, { readyReplicas: 2, availableReplicas: 2 });
});

test('replicaset: readyReplicas follows the pods’ Ready condition', (t) => {
  const loop = rsLoop();
  loop.create(replicaSet('web', 3));
  loop.settle();
  runAll(loop);
  setStatus(loop, pods(loop)[0]!.metadata!.name!, { ready: false });
  loop.settle();
  t.like(rsOf(loop, 'web').status, { replicas: 3, readyReplicas: 2, availableReplicas: 2 });
});

class QuotaRegistry extends Registry {
  full = true;
  override run(call: ApiCall): ApiResult {
    if (this.full && call.verb === 'create' && call.target.resource === 'pods' && call.target.subresource === undefined) {
      const name = `${(call.body as { metadata: { generateName: string } }).metadata.generateName}q7x2m`;
      const message = `pods "${name}" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=0, limited: pods=0`;
      return { ok: false, code: 403, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', code: 403 } };
    }
    return super.run(call);
  }
}

test('replicaset: refused creates raise FailedCreate and ReplicaFailure, which clear once creates succeed', (t) => {
  const registry = new QuotaRegistry();
  const loop = new ControllerLoop<ReplicaSetMemory>(
    { informers: REPLICASET_INFORMERS, keysFor: replicaSetKeys, reconcile: (k, l, n, m) => reconcileReplicaSet(k, l, n, m, DEFAULT_EPOCH_MS), memory: emptyMemory, written: replicaSetWritten },
    registry,
  );
  loop.create(replicaSet('web', 3));
  const first = loop.step();
  t.is(first.writes.filter((w) => w.verb === 'create').length, 1, 'slow start: one create tried, not three');
  const second = loop.step();
  const failed = second.events.find((e) => e.reason === 'FailedCreate');
  t.is(failed?.type, 'Warning');
  t.is(failed?.message, 'Error creating: pods "web-q7x2m" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=0, limited: pods=0');
  const cond = rsOf(loop, 'web').status?.conditions?.find((c) => c.type === 'ReplicaFailure');
  t.like(cond, { status: 'True', reason: 'FailedCreate', message: 'pods "web-q7x2m" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=0, limited: pods=0' });
  registry.full = false;
  loop.settle();
  t.is(activePods(loop).length, 3);
  t.is(rsOf(loop, 'web').status?.conditions, undefined);
});
