import test from 'ava';
import { ControllerLoop } from '../loop.ts';
import { lifecycleKeys, lifecycleReconcile, lifecycleWritten, NODE_LIFECYCLE_INFORMERS } from '../../../../actors/kube-controller-manager/nodelifecycle/controller.ts';
import { defaultLifecycleConfig, lifecycleMemory, type LifecycleMemory } from '../../../../actors/kube-controller-manager/nodelifecycle/config.ts';
import { DEFAULT_EPOCH_MS } from '../../../../protocols/kube/time.ts';
import { Kubelets, readyOf, taintKeys } from './kubelets.ts';

const cfg = defaultLifecycleConfig(DEFAULT_EPOCH_MS);

export function lifecycleLoop() {
  return new ControllerLoop<LifecycleMemory>({
    informers: NODE_LIFECYCLE_INFORMERS,
    keysFor: lifecycleKeys,
    reconcile: (k, l, now, m) => lifecycleReconcile(k, l, now, m, cfg),
    memory: lifecycleMemory,
    written: lifecycleWritten,
  });
}

test('node lifecycle: a node whose lease stops goes Unknown after the 50 s grace period and is tainted unreachable', (t) => {
  const loop = lifecycleLoop();
  const k = new Kubelets(loop);
  for (const n of ['a', 'b', 'c']) k.addNode(n);
  k.run(20_000);
  t.is(readyOf(loop.get('node', 'a'))?.status, 'True');
  k.alive.delete('a');
  const silentAt = loop.now - ((loop.now - 0) % 10_000); // last renewal
  let unknownAt: number | undefined;
  for (let i = 0; i < 80 && unknownAt === undefined; i++) {
    k.run(1_000);
    if (readyOf(loop.get('node', 'a'))?.status === 'Unknown') unknownAt = loop.now;
  }
  t.truthy(unknownAt);
  t.true(unknownAt! - silentAt > 50_000 && unknownAt! - silentAt <= 61_000, `Unknown ${unknownAt! - silentAt} ms after the last renewal`);
  const ready = readyOf(loop.get('node', 'a'))!;
  t.is(ready.reason, 'NodeStatusUnknown');
  t.is(ready.message, 'Kubelet stopped posting node status.');
  const node = loop.get('node', 'a') as any;
  for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure']) t.is(node.status.conditions.find((c: any) => c.type === type).status, 'Unknown');
  // The pass that wrote Unknown saw Ready True; the next one (a monitor period later) queues the node for its NoExecute taint.
  k.run(5_000);
  t.deepEqual(taintKeys(loop.get('node', 'a')), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
  t.deepEqual(taintKeys(loop.get('node', 'b')), []);
});
