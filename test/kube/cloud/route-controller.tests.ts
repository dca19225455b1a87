import test from 'ava';
import { isResponsible, reconcileRoutes, routeKeys } from '../../../actors/cloud-controller-manager/route-controller.ts';
import { deleteCall } from '../../../actors/client/index.ts';
import type { KubeObject, Node } from '../../../protocols/kube/objects.ts';
import { DEFAULT_EPOCH_MS } from '../../../protocols/kube/time.ts';
import { CloudLoop } from './cloud-loop.ts';
import { node } from './fixtures.ts';

const CLUSTER = ['10.244.0.0/16', 'fd00:10:244::/56'];

function routeLoop(instances = ['a', 'b', 'c']) {
  return new CloudLoop(
    { informers: [{ name: 'nodes', resource: 'nodes' }], keysFor: routeKeys, reconcile: (_k, l, v, now) => reconcileRoutes(CLUSTER, DEFAULT_EPOCH_MS, l, v, now) },
    { instances: instances.map((name) => ({ name, zone: 'zone-a' })) },
  );
}

const routes = (l: CloudLoop) =>
  Object.values(l.cloud.routes)
    .map((r) => `${r.destinationCIDR}>${r.targetNode}`)
    .sort();
const networkUnavailable = (l: CloudLoop, name: string) => (l.get('node', name) as Node).status?.conditions?.find((c) => c.type === 'NetworkUnavailable');

test('route controller: a route per node pod CIDR, dual-stack included, and NetworkUnavailable False RouteCreated', (t) => {
  const l = routeLoop();
  l.create(node('a', { podCIDRs: ['10.244.1.0/24', 'fd00:10:244:1::/64'] }));
  l.create(node('b', { podCIDRs: ['10.244.2.0/24'] }));
  l.create(node('c'));
  l.settle();
  t.deepEqual(routes(l), ['10.244.1.0/24>a', '10.244.2.0/24>b', 'fd00:10:244:1::/64>a']);
  const c = networkUnavailable(l, 'a')!;
  t.deepEqual([c.status, c.reason, c.message], ['False', 'RouteCreated', 'RouteController created a route']);
  t.truthy(networkUnavailable(l, 'b'));
  t.is(networkUnavailable(l, 'c'), undefined, 'a node without a pod CIDR is not touched');
  const uid = l.get('node', 'a')!.metadata.uid!;
  t.true(Object.keys(l.cloud.routes).some((name) => name.startsWith(uid)), 'the route is named from the node UID');
});

test('route controller: routes of a deleted node and stray routes in the cluster CIDR go; others stay', (t) => {
  const l = routeLoop();
  l.cloud.routes.stray = { name: 'stray', targetNode: 'zz', destinationCIDR: '10.244.77.0/24' };
  l.cloud.routes.elsewhere = { name: 'elsewhere', targetNode: 'gw', destinationCIDR: '192.168.0.0/24' };
  l.create(node('a', { podCIDRs: ['10.244.1.0/24'] }));
  l.create(node('b', { podCIDRs: ['10.244.2.0/24'] }));
  l.settle();
  t.deepEqual(routes(l), ['10.244.1.0/24>a', '10.244.2.0/24>b', '192.168.0.0/24>gw']);
  l.loop.apply(deleteCall('nodes', 'b'));
  l.settle();
  t.deepEqual(routes(l), ['10.244.1.0/24>a', '192.168.0.0/24>gw']);
});

test('route controller: routes are listed every 10 s, and one removed behind its back is put back', (t) => {
  const l = routeLoop();
  l.create(node('a', { podCIDRs: ['10.244.1.0/24'] }));
  l.settle();
  const lists = () => l.calls.filter((c) => c.type === 'ListRoutes').length;
  t.is(lists(), 1);
  l.cloud.routes = {};
  l.run(10_000);
  t.is(lists(), 2);
  t.deepEqual(routes(l), ['10.244.1.0/24>a']);
});

test('route controller: a pod CIDR change moves the route', (t) => {
  const l = routeLoop();
  l.create(node('a', { podCIDRs: ['10.244.1.0/24'] }));
  l.settle();
  const a = l.get('node', 'a')!;
  // podCIDR cannot change once set; a node re-registered with another is the way it happens.
  l.loop.apply(deleteCall('nodes', 'a'));
  l.create(node('a', { podCIDRs: ['10.244.9.0/24'] }));
  l.settle();
  t.not(l.get('node', 'a')!.metadata.uid, a.metadata.uid);
  t.deepEqual(routes(l), ['10.244.9.0/24>a']);
});

test('route controller: a failed create warns FailedToCreateRoute and leaves the node without RouteCreated', (t) => {
  const l = routeLoop(['a']);
  l.create(node('ghost', { podCIDRs: ['10.244.5.0/24'] }));
  l.settle();
  const warn = l.events.find((e) => e.reason === 'FailedToCreateRoute')!;
  t.is(warn.type, 'Warning');
  t.regex(warn.message, /^Could not create route \S+ 10\.244\.5\.0\/24 for node ghost after 0s: instance ghost not found$/);
  t.is(networkUnavailable(l, 'ghost'), undefined);
});

test('route controller: which routes are its own', (t) => {
  const rows: [string, boolean][] = [
    ['10.244.3.0/24', true],
    ['10.245.0.0/24', false],
    ['fd00:10:244:7::/64', true],
    ['fd00:99::/64', false],
    ['not-a-cidr', false],
  ];
  for (const [cidr, want] of rows) t.is(isResponsible(CLUSTER, cidr), want, cidr);
});

test('route controller: only pod CIDR changes and nodes coming and going wake it', (t) => {
  const n = node('a', { podCIDRs: ['10.244.1.0/24'] });
  const moved = { ...n, spec: { podCIDRs: ['10.244.2.0/24'] } } as KubeObject;
  const relabelled = { ...n, metadata: { ...n.metadata, labels: { x: 'y' } } } as KubeObject;
  t.deepEqual(routeKeys('nodes', { type: 'add', obj: n }), ['routes']);
  t.deepEqual(routeKeys('nodes', { type: 'delete', obj: n }), ['routes']);
  t.deepEqual(routeKeys('nodes', { type: 'update', old: n, obj: moved }), ['routes']);
  t.deepEqual(routeKeys('nodes', { type: 'update', old: n, obj: relabelled }), []);
});
