import test from 'ava';
import { ControllerLoop } from '../loop.ts';
import { lifecycleKeys, lifecycleReconcile, lifecycleWritten, NODE_LIFECYCLE_INFORMERS } from '../../../../actors/kube-controller-manager/nodelifecycle/controller.ts';
import { defaultLifecycleConfig, lifecycleMemory, type LifecycleMemory } from '../../../../actors/kube-controller-manager/nodelifecycle/config.ts';
import { DEFAULT_EPOCH_MS } from '../../../../protocols/kube/time.ts';
import { Kubelets, readyOf, taintKeys } from './kubelets.ts';
import type { KubeObject, Node, Pod } from '../../../../protocols/kube/objects.ts';
import { deleteCall, patchCall, updateCall } from '../../../../actors/client/index.ts';

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

test('node lifecycle: each node seen for the first time gets a RegisteredNode event; a deleted one RemovingNode', (t) => {
  const loop = lifecycleLoop();
  const k = new Kubelets(loop);
  k.addNode('a');
  k.addNode('b');
  k.run(1_000);
  loop.apply(deleteCall('nodes', 'b'));
  k.run(5_000);
  const events = loop.rounds.flatMap((r) => r.events).map((e) => `${e.reason}: ${e.message}`);
  t.deepEqual(events.filter((e) => e.includes('Node b')), ['RegisteredNode: Node b event: Registered Node b in Controller', 'RemovingNode: Node b event: Removing Node b from Controller']);
});

test('node lifecycle: NoSchedule taints follow the conditions and spec.unschedulable (TaintNodesByCondition)', (t) => {
  const loop = lifecycleLoop();
  const k = new Kubelets(loop);
  k.addNode('a');
  k.run(1_000);
  const node = loop.get('node', 'a') as Node;
  const conditions = node.status!.conditions!.map((c) => (c.type === 'MemoryPressure' || c.type === 'PIDPressure' ? { ...c, status: 'True' } : c));
  loop.apply(updateCall({ ...(node as KubeObject), apiVersion: 'v1', kind: 'Node', status: { ...node.status, conditions } } as KubeObject, { subresource: 'status' }));
  loop.apply(patchCall('nodes', 'a', 'merge', JSON.stringify({ spec: { unschedulable: true, taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } })));
  k.run(1_000);
  t.deepEqual(taintKeys(loop.get('node', 'a')), ['dedicated:NoSchedule', 'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule']);
  k.revive('a');
  loop.apply(patchCall('nodes', 'a', 'merge', JSON.stringify({ spec: { unschedulable: null } })));
  k.run(1_000);
  t.deepEqual(taintKeys(loop.get('node', 'a')), ['dedicated:NoSchedule'], "another's taint stays");
});

test('node lifecycle: a node that never posted status goes Unknown (NodeStatusNeverUpdated) after the 60 s startup grace period', (t) => {
  const loop = lifecycleLoop();
  loop.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'mute' }, spec: {} });
  loop.settle();
  loop.advance(55_000);
  loop.settle();
  t.is(readyOf(loop.get('node', 'mute')), undefined);
  for (let i = 0; i < 3; i++) {
    loop.advance(5_000);
    loop.settle();
  }
  const conds = (loop.get('node', 'mute') as Node).status?.conditions ?? [];
  t.deepEqual(conds.map((c) => [c.type, c.status, c.reason, c.message]), ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'].map((type) => [type, 'Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.']));
});

test('node lifecycle: NoExecute tainting is rate limited per zone: the second of two silent nodes is tainted 10 s after the first', (t) => {
  const loop = lifecycleLoop();
  const k = new Kubelets(loop);
  for (const n of ['a', 'b', 'c', 'd', 'e']) k.addNode(n);
  k.run(10_000);
  k.alive.delete('a');
  k.alive.delete('b');
  const tainted: Record<string, number> = {};
  for (let i = 0; i < 100 && Object.keys(tainted).length < 2; i++) {
    k.run(1_000);
    for (const n of ['a', 'b']) if (tainted[n] === undefined && taintKeys(loop.get('node', n)).includes('node.kubernetes.io/unreachable:NoExecute')) tainted[n] = loop.now;
  }
  t.is(tainted.b! - tainted.a!, 10_000);
  t.deepEqual(loop.memory.zoneStates, { '': 'Normal' });
});

test('node lifecycle: a small zone in partial disruption (more than 2 and at least 55% not Ready) taints nothing; other zones go on', (t) => {
  const loop = lifecycleLoop();
  const k = new Kubelets(loop);
  const zoneA = ['a1', 'a2', 'a3', 'a4', 'a5'];
  for (const n of zoneA) k.addNode(n, { 'topology.kubernetes.io/zone': 'A' });
  for (const n of ['b1', 'b2']) k.addNode(n, { 'topology.kubernetes.io/zone': 'B' });
  k.run(10_000);
  for (const n of ['a1', 'a2', 'a3', 'b1']) k.alive.delete(n);
  k.run(80_000, 5_000);
  t.deepEqual(loop.memory.zoneStates, { ':\u0000:A': 'PartialDisruption', ':\u0000:B': 'Normal' });
  for (const n of ['a1', 'a2', 'a3']) t.false(taintKeys(loop.get('node', n)).includes('node.kubernetes.io/unreachable:NoExecute'), n);
  t.true(taintKeys(loop.get('node', 'b1')).includes('node.kubernetes.io/unreachable:NoExecute'));
});

test('node lifecycle: a pod newly bound to a node that is not Ready is marked not Ready', (t) => {
  const loop = lifecycleLoop();
  const k = new Kubelets(loop);
  for (const n of ['a', 'b', 'c']) k.addNode(n);
  k.run(5_000);
  k.notReady('a');
  k.run(5_000);
  k.addPod('late', 'a');
  k.addPod('fine', 'b');
  k.run(1_000);
  const ready = (name: string) => (loop.get('pod', name) as Pod).status?.conditions?.find((c) => c.type === 'Ready')?.status;
  t.is(ready('late'), 'False');
  t.is(ready('fine'), 'True');
});

test('node lifecycle: a restarted controller sees every node anew: one already Unknown is untainted and tainted again, with a new timeAdded, on the first pass', (t) => {
  const loop = lifecycleLoop();
  const k = new Kubelets(loop);
  for (const n of ['a', 'b', 'c']) k.addNode(n);
  k.run(10_000);
  k.alive.delete('a');
  k.run(70_000, 5_000);
  t.true(taintKeys(loop.get('node', 'a')).includes('node.kubernetes.io/unreachable:NoExecute'));
  const before = (loop.get('node', 'a') as Node).spec!.taints!.find((x) => x.effect === 'NoExecute')!.timeAdded;
  loop.restart();
  k.run(5_000, 5_000);
  const after = (loop.get('node', 'a') as Node).spec!.taints!.find((x) => x.effect === 'NoExecute');
  t.truthy(after, 'the node is Unknown already, so it is queued and tainted on the first pass');
  t.not(after!.timeAdded, before);
  t.is(readyOf(loop.get('node', 'b'))?.status, 'True');
});
