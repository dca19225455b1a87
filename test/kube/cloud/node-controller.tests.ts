import test from 'ava';
import { reconcileCloudNode } from '../../../actors/cloud-controller-manager/node-controller.ts';
import { UNINITIALIZED_TAINT } from '../../../actors/cloud-controller-manager/nodes.ts';
import type { Node } from '../../../protocols/kube/objects.ts';
import { CloudLoop } from './cloud-loop.ts';
import { node } from './fixtures.ts';

const nodeKey = (_i: string, n: { type: string; obj: { metadata: { name?: string } } }) => (n.type === 'delete' ? [] : [n.obj.metadata.name!]);

function cloudNodeLoop() {
  return new CloudLoop(
    { informers: [{ name: 'nodes', resource: 'nodes' }], keysFor: nodeKey, reconcile: reconcileCloudNode },
    { region: 'eu-1', instances: [{ name: 'w1', zone: 'eu-1a', instanceType: 'large-8', internalIPs: ['10.0.0.11'], externalIP: '198.51.100.11' }] },
  );
}

test('cloud node: an uninitialized node gets providerID, zone/region/instance-type labels and the cloud addresses, and loses the taint', (t) => {
  const l = cloudNodeLoop();
  l.create(node('w1', { uninitialized: true, labels: { 'kubernetes.io/hostname': 'w1' } }));
  l.settle();
  const n = l.get('node', 'w1') as Node;
  t.is(n.spec?.providerID, 'kybernetes://eu-1/eu-1a/w1');
  t.deepEqual(n.metadata?.labels, {
    'kubernetes.io/hostname': 'w1',
    'node.kubernetes.io/instance-type': 'large-8',
    'beta.kubernetes.io/instance-type': 'large-8',
    'topology.kubernetes.io/zone': 'eu-1a',
    'failure-domain.beta.kubernetes.io/zone': 'eu-1a',
    'topology.kubernetes.io/region': 'eu-1',
    'failure-domain.beta.kubernetes.io/region': 'eu-1',
  });
  t.deepEqual(n.spec?.taints ?? [], []);
  t.deepEqual(n.status?.addresses, [
    { type: 'InternalIP', address: '10.0.0.11' },
    { type: 'ExternalIP', address: '198.51.100.11' },
    { type: 'Hostname', address: 'w1' },
  ]);
  t.deepEqual(
    l.events.map((e) => [e.reason, e.message]),
    [['Synced', 'Node synced successfully']],
  );
  t.deepEqual(l.calls, [{ type: 'InstanceMetadata', nodeName: 'w1' }]);
});

test('cloud node: other taints and a providerID already set are kept', (t) => {
  const l = cloudNodeLoop();
  const n0 = node('w1', { uninitialized: true, providerID: 'kybernetes://eu-1/eu-1a/w1' });
  (n0.spec as { taints: unknown[] }).taints.push({ key: 'dedicated', value: 'db', effect: 'NoSchedule' });
  l.create(n0);
  l.settle();
  const n = l.get('node', 'w1') as Node;
  t.deepEqual(n.spec?.taints, [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]);
  t.deepEqual(l.calls, [{ type: 'InstanceMetadata', nodeName: 'w1', providerID: 'kybernetes://eu-1/eu-1a/w1' }]);
});

test('cloud node: a node without an instance stays tainted and is asked about every 10 s until the instance exists', (t) => {
  const l = cloudNodeLoop();
  l.create(node('w9', { uninitialized: true }));
  l.settle();
  t.true((l.get('node', 'w9') as Node).spec!.taints!.some((x) => x.key === UNINITIALIZED_TAINT));
  l.run(25_000);
  t.is(l.calls.length, 3);
  l.cloud.instances.w9 = { ...l.cloud.instances.w1!, name: 'w9', zone: 'eu-1b' };
  l.run(10_000);
  const n = l.get('node', 'w9') as Node;
  t.is(n.spec?.providerID, 'kybernetes://eu-1/eu-1b/w9');
  t.deepEqual(n.spec?.taints ?? [], []);
});

test('cloud node: an initialized node follows the cloud addresses, looked at every 5 minutes', (t) => {
  const l = cloudNodeLoop();
  l.create(node('w1', { uninitialized: true }));
  l.settle();
  const calls = l.calls.length;
  l.run(60_000, 10_000);
  t.is(l.calls.length, calls, 'no new lookup within 5 minutes');
  l.cloud.instances.w1 = { ...l.cloud.instances.w1!, addresses: [{ type: 'InternalIP', address: '10.0.0.12' }] };
  l.run(300_000, 10_000);
  t.deepEqual((l.get('node', 'w1') as Node).status?.addresses, [
    { type: 'InternalIP', address: '10.0.0.12' },
    { type: 'Hostname', address: 'w1' },
  ]);
});
