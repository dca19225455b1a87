import test from 'ava';
import { isBackend, LB_FINALIZER, reconcileService, serviceKeys } from '../../../actors/cloud-controller-manager/service-controller.ts';
import { deleteCall, updateCall } from '../../../actors/client/index.ts';
import type { KubeObject, Node, Service } from '../../../protocols/kube/objects.ts';
import { loadBalancerName } from '../../../protocols/kube/cloud.ts';
import { CloudLoop } from './cloud-loop.ts';
import { lbService, node } from './fixtures.ts';

function serviceLoop(nodes: string[] = ['a', 'b']) {
  const l = new CloudLoop(
    {
      informers: [
        { name: 'services', resource: 'services' },
        { name: 'nodes', resource: 'nodes' },
      ],
      keysFor: serviceKeys,
      reconcile: (k, listers, view) => reconcileService(k, listers, view),
    },
    { instances: nodes.map((name) => ({ name, zone: 'zone-a' })) },
  );
  for (const n of nodes) l.create(node(n, { ready: 'True' }));
  return l;
}

const svc = (l: CloudLoop, name: string) => l.get('svc', name, 'default') as Service | undefined;
const ingress = (l: CloudLoop, name: string) => (svc(l, name)?.status?.loadBalancer?.ingress ?? []).map((i) => i.ip);
const lbOf = (l: CloudLoop, name: string) => l.cloud.loadBalancers[loadBalancerName(svc(l, name)!.metadata!.uid!)];
const reasons = (l: CloudLoop) => l.events.map((e) => e.reason);

test('service controller: a LoadBalancer Service gets the cleanup finalizer, a load balancer over every node and its IP in status', (t) => {
  const l = serviceLoop();
  l.create(lbService('web', [80, 443]));
  l.settle();
  t.deepEqual(svc(l, 'web')!.metadata!.finalizers, [LB_FINALIZER]);
  t.deepEqual(ingress(l, 'web'), ['203.0.113.1']);
  const lb = lbOf(l, 'web')!;
  t.deepEqual(lb.nodes, ['a', 'b']);
  const nodePorts = svc(l, 'web')!.spec!.ports!.map((p) => p.nodePort ?? 0);
  t.deepEqual(
    lb.ports.map((p) => [p.name, p.protocol, p.port, p.nodePort]),
    [
      ['p80', 'TCP', 80, nodePorts[0]],
      ['p443', 'TCP', 443, nodePorts[1]],
    ],
  );
  t.is(lb.service, 'default/web');
  t.deepEqual(
    l.events.map((e) => [e.type, e.reason, e.message]),
    [
      ['Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer'],
      ['Normal', 'EnsuredLoadBalancer', 'Ensured load balancer'],
    ],
  );
});

test('service controller: spec.loadBalancerIP is asked of the cloud; a loadBalancerClass hands the Service to another implementation', (t) => {
  const l = serviceLoop();
  const pinned = lbService('pinned');
  (pinned.spec as { loadBalancerIP: string }).loadBalancerIP = '203.0.113.77';
  const classed = lbService('classed');
  (classed.spec as { loadBalancerClass: string }).loadBalancerClass = 'example.com/other-lb';
  l.create(pinned);
  l.create(classed);
  l.settle();
  t.deepEqual(ingress(l, 'pinned'), ['203.0.113.77']);
  t.deepEqual(ingress(l, 'classed'), []);
  t.is(svc(l, 'classed')!.metadata!.finalizers, undefined);
  t.is(Object.keys(l.cloud.loadBalancers).length, 1);
});

test('service controller: ClusterIP Services are left alone', (t) => {
  const l = serviceLoop();
  const s = lbService('plain');
  (s.spec as { type: string }).type = 'ClusterIP';
  l.create(s);
  l.settle();
  t.is(svc(l, 'plain')!.metadata!.finalizers, undefined);
  t.deepEqual(l.calls, []);
});

test('service controller: backends follow nodes as they come, go and are excluded', (t) => {
  const l = serviceLoop();
  l.create(lbService('web'));
  l.settle();
  l.create(node('c', { ready: 'False' }));
  l.settle();
  t.deepEqual(lbOf(l, 'web')!.nodes, ['a', 'b', 'c'], 'readiness does not matter (the stable node set)');
  const a = l.get('node', 'a')!;
  l.loop.apply(updateCall({ ...a, metadata: { ...a.metadata, labels: { 'node.kubernetes.io/exclude-from-external-load-balancers': 'true' } } }));
  l.settle();
  t.deepEqual(lbOf(l, 'web')!.nodes, ['b', 'c']);
  l.loop.apply(deleteCall('nodes', 'c'));
  l.settle();
  t.deepEqual(lbOf(l, 'web')!.nodes, ['b']);
  t.deepEqual(ingress(l, 'web'), ['203.0.113.1']);
  t.deepEqual(reasons(l).slice(2), ['UpdatedLoadBalancer', 'UpdatedLoadBalancer', 'UpdatedLoadBalancer']);
  t.is(l.events.at(-1)!.message, 'Updated load balancer with new hosts');
});

test('service controller: a port change ensures the load balancer again, keeping its IP', (t) => {
  const l = serviceLoop();
  l.create(lbService('web'));
  l.settle();
  const s = svc(l, 'web')! as KubeObject & Service;
  l.loop.apply(updateCall({ ...s, spec: { ...s.spec, ports: [{ name: 'p8080', port: 8080, protocol: 'TCP', targetPort: 8080 }] } } as KubeObject));
  l.settle();
  t.deepEqual(
    lbOf(l, 'web')!.ports.map((p) => p.port),
    [8080],
  );
  t.deepEqual(ingress(l, 'web'), ['203.0.113.1']);
  t.deepEqual(reasons(l), ['EnsuringLoadBalancer', 'EnsuredLoadBalancer', 'EnsuringLoadBalancer', 'EnsuredLoadBalancer']);
});

test('service controller: deleting the Service deletes its load balancer, then the finalizer lets it go', (t) => {
  const l = serviceLoop();
  l.create(lbService('web'));
  l.create(lbService('api'));
  l.settle();
  t.deepEqual([ingress(l, 'api'), ingress(l, 'web')], [['203.0.113.1'], ['203.0.113.2']], 'keys are worked in order');
  l.loop.apply(deleteCall('services', 'web', { namespace: 'default' }));
  t.truthy(svc(l, 'web')!.metadata!.deletionTimestamp, 'held by the finalizer');
  l.settle();
  t.is(svc(l, 'web'), undefined);
  t.deepEqual(Object.values(l.cloud.loadBalancers).map((x) => x.service), ['default/api']);
  t.deepEqual(reasons(l).slice(4), ['DeletingLoadBalancer', 'DeletedLoadBalancer']);
  t.deepEqual(
    l.events.slice(4).map((e) => e.message),
    ['Deleting load balancer', 'Deleted load balancer'],
  );
});

test('service controller: a Service changed to ClusterIP loses its load balancer, its status and the finalizer', (t) => {
  const l = serviceLoop();
  l.create(lbService('web'));
  l.settle();
  const s = svc(l, 'web')! as KubeObject & Service;
  l.loop.apply(updateCall({ ...s, spec: { ...s.spec, type: 'ClusterIP', ports: s.spec!.ports!.map(({ nodePort: _n, ...p }) => p) } } as KubeObject));
  l.settle();
  t.deepEqual(l.cloud.loadBalancers, {});
  t.deepEqual(ingress(l, 'web'), []);
  t.is(svc(l, 'web')!.metadata!.finalizers, undefined);
});

test('service controller: with no nodes it warns UnAvailableLoadBalancer and still ensures the balancer', (t) => {
  const l = serviceLoop([]);
  l.create(lbService('web'));
  l.settle();
  t.deepEqual(
    l.events.map((e) => [e.type, e.reason, e.message]),
    [
      ['Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer'],
      ['Warning', 'UnAvailableLoadBalancer', 'There are no available nodes for LoadBalancer'],
      ['Normal', 'EnsuredLoadBalancer', 'Ensured load balancer'],
    ],
  );
  t.deepEqual(ingress(l, 'web'), ['203.0.113.1']);
});

test('service controller: when the pool is empty the sync fails with SyncLoadBalancerFailed and no status', (t) => {
  const l = new CloudLoop(
    { informers: [{ name: 'services', resource: 'services' }, { name: 'nodes', resource: 'nodes' }], keysFor: serviceKeys, reconcile: (k, ls, v) => reconcileService(k, ls, v) },
    { externalPool: '192.0.2.0/30' },
  );
  l.create(lbService('one'));
  l.create(lbService('two'));
  l.create(lbService('three'));
  l.settle();
  const failed = l.events.filter((e) => e.reason === 'SyncLoadBalancerFailed');
  t.true(failed.length >= 1);
  t.is(failed[0]!.message, 'Error syncing load balancer: failed to ensure load balancer: no external IP addresses left in the pool');
  t.is(['one', 'three', 'two'].filter((n) => ingress(l, n).length === 0).length, 1);
});

test('service controller: a restarted controller ensures each balancer again and keeps its IP', (t) => {
  const l = serviceLoop();
  l.create(lbService('web'));
  l.settle();
  l.restart();
  l.settle();
  t.deepEqual(ingress(l, 'web'), ['203.0.113.1']);
  t.is(Object.keys(l.cloud.loadBalancers).length, 1);
});

test('service controller: which nodes are backends', (t) => {
  const rows: [string, Partial<Node>, boolean][] = [
    ['plain', {}, true],
    ['excluded', { metadata: { labels: { 'node.kubernetes.io/exclude-from-external-load-balancers': 'true' } } }, false],
    ['excluded, empty value', { metadata: { labels: { 'node.kubernetes.io/exclude-from-external-load-balancers': '' } } }, false],
    ['exclusion false', { metadata: { labels: { 'node.kubernetes.io/exclude-from-external-load-balancers': 'false' } } }, true],
    ['being deleted', { metadata: { deletionTimestamp: '2026-01-01T00:00:00Z' } }, false],
    ['autoscaler taint', { spec: { taints: [{ key: 'ToBeDeletedByClusterAutoscaler', effect: 'NoSchedule' }] } }, false],
    ['other taint', { spec: { taints: [{ key: 'x', effect: 'NoSchedule' }] } }, true],
  ];
  for (const [name, n, want] of rows) t.is(isBackend({ metadata: { name: 'n' }, ...n } as Node), want, name);
});
