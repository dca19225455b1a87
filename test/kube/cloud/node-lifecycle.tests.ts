import test from 'ava';
import { reconcileNodeLifecycle } from '../../../actors/cloud-controller-manager/node-lifecycle.ts';
import { SHUTDOWN_TAINT } from '../../../actors/cloud-controller-manager/nodes.ts';
import { updateCall } from '../../../actors/client/index.ts';
import type { KubeObject, Node } from '../../../protocols/kube/objects.ts';
import { CloudLoop } from './cloud-loop.ts';
import { node } from './fixtures.ts';

const nodeKey = (_i: string, n: { type: string; obj: { metadata: { name?: string } } }) => (n.type === 'delete' ? [] : [n.obj.metadata.name!]);

function lifecycleLoop() {
  return new CloudLoop(
    { informers: [{ name: 'nodes', resource: 'nodes' }], keysFor: nodeKey, reconcile: reconcileNodeLifecycle },
    {
      instances: [
        { name: 'a', zone: 'zone-a' },
        { name: 'b', zone: 'zone-b' },
      ],
    },
  );
}

function setReady(l: CloudLoop, name: string, status: 'True' | 'False' | 'Unknown') {
  const n = l.get('node', name)!;
  l.loop.apply(updateCall({ ...n, status: { ...(n.status as object), conditions: [{ type: 'Ready', status, reason: 'KubeletReady', message: 'x' }] } } as KubeObject, { subresource: 'status' }));
}

const taintKeys = (l: CloudLoop, name: string) => ((l.get('node', name) as Node | undefined)?.spec?.taints ?? []).map((t) => t.key);

test('cloud node lifecycle: Ready nodes are never looked up in the cloud', (t) => {
  const l = lifecycleLoop();
  l.create(node('a', { ready: 'True' }));
  l.create(node('b', { ready: 'True' }));
  l.run(30_000);
  t.deepEqual(l.calls, []);
});

test('cloud node lifecycle: a NotReady node whose instance is terminated is deleted, with the DeletingNode event', (t) => {
  const l = lifecycleLoop();
  l.create(node('a', { ready: 'True' }));
  l.create(node('b', { ready: 'True' }));
  l.settle();
  l.cloud.instances.a!.state = 'terminated';
  l.run(10_000);
  t.truthy(l.get('node', 'a'), 'a Ready node is kept whatever the cloud says');
  setReady(l, 'a', 'Unknown');
  l.run(5_000);
  t.is(l.get('node', 'a'), undefined);
  t.truthy(l.get('node', 'b'));
  t.deepEqual(
    l.events.map((e) => [e.type, e.reason, e.message]),
    [['Normal', 'DeletingNode', 'Deleting node a because it does not exist in the cloud provider']],
  );
});

test('cloud node lifecycle: a shut-down instance taints its NotReady node, and the taint goes when the node is Ready again', (t) => {
  const l = lifecycleLoop();
  l.create(node('a', { ready: 'True' }));
  l.settle();
  l.cloud.instances.a!.state = 'shutdown';
  setReady(l, 'a', 'False');
  l.run(5_000);
  t.deepEqual(taintKeys(l, 'a'), [SHUTDOWN_TAINT]);
  t.is((l.get('node', 'a') as Node).spec!.taints![0]!.effect, 'NoSchedule');
  l.cloud.instances.a!.state = 'running';
  setReady(l, 'a', 'True');
  l.run(5_000);
  t.deepEqual(taintKeys(l, 'a'), []);
});

test('cloud node lifecycle: a NotReady node is checked against the cloud every 5 s', (t) => {
  const l = lifecycleLoop();
  l.create(node('b', { ready: 'False' }));
  l.settle();
  l.run(20_000);
  t.is(l.calls.length, 5);
  t.truthy(l.get('node', 'b'));
});
