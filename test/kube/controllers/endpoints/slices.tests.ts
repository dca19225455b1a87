// The EndpointSlice controller end to end on the real registry: what slices a Service gets for
// its pods, as Kubernetes 1.32 writes them.

import test from 'ava';
import { endpointsOf, node, pod, run, service, slices, terminate } from './harness.ts';
import { sliceLoop } from './slice-loop.ts';

const WEB = { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] };

function cluster() {
  const loop = sliceLoop();
  node(loop, 'n1', 'zone-a');
  node(loop, 'n2');
  return loop;
}

test('slices: one IPv4 slice named <svc>-, owned by the Service, labelled for it, with the pod as a ready endpoint', (t) => {
  const loop = cluster();
  const svc = service(loop, 'web', WEB, { tier: 'front' });
  pod(loop, 'a');
  run(loop, 'a', ['10.244.1.5']);
  loop.settle();
  const [s, ...rest] = slices(loop, 'web');
  t.is(rest.length, 0);
  t.true(s!.metadata!.name!.startsWith('web-'));
  t.is(s!.metadata!.generateName, 'web-');
  t.is(s!.addressType, 'IPv4');
  t.deepEqual(s!.metadata!.labels, { tier: 'front', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
  t.deepEqual(s!.metadata!.ownerReferences, [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true }]);
  t.deepEqual(s!.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  const p = loop.get('pods', 'a', 'default')!;
  t.deepEqual(s!.endpoints, [
    { addresses: ['10.244.1.5'], conditions: { ready: true, serving: true, terminating: false }, targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: p.metadata.uid! }, nodeName: 'n1', zone: 'zone-a' },
  ]);
});

// podToEndpoint's conditions (k8s.io/endpointslice TestPodToEndpoint cases).
const conditionCases: { title: string; ready: boolean; terminating: boolean; publish: boolean; want: { ready: boolean; serving: boolean; terminating: boolean } }[] = [
  { title: 'ready', ready: true, terminating: false, publish: false, want: { ready: true, serving: true, terminating: false } },
  { title: 'not ready', ready: false, terminating: false, publish: false, want: { ready: false, serving: false, terminating: false } },
  { title: 'not ready, publishNotReadyAddresses', ready: false, terminating: false, publish: true, want: { ready: true, serving: false, terminating: false } },
  { title: 'terminating and serving', ready: true, terminating: true, publish: false, want: { ready: false, serving: true, terminating: true } },
  { title: 'terminating, not serving', ready: false, terminating: true, publish: false, want: { ready: false, serving: false, terminating: true } },
  { title: 'terminating, publishNotReadyAddresses', ready: true, terminating: true, publish: true, want: { ready: true, serving: true, terminating: true } },
];
for (const c of conditionCases) {
  test(`slices: conditions of a ${c.title} pod`, (t) => {
    const loop = cluster();
    service(loop, 'web', { ...WEB, publishNotReadyAddresses: c.publish });
    pod(loop, 'a');
    run(loop, 'a', ['10.244.1.5'], c.ready);
    if (c.terminating) terminate(loop, 'a');
    loop.settle();
    const eps = endpointsOf(loop, 'web');
    t.is(eps.length, 1);
    t.deepEqual(eps[0]!.conditions, c.want);
  });
}

test('slices: pods without an IP, Succeeded or Failed are not endpoints; a Service without pods gets one empty placeholder slice', (t) => {
  const loop = cluster();
  service(loop, 'web', WEB);
  pod(loop, 'pending');
  pod(loop, 'done');
  run(loop, 'done', ['10.244.1.7'], false, 'Succeeded');
  pod(loop, 'failed');
  run(loop, 'failed', ['10.244.1.8'], false, 'Failed');
  loop.settle();
  const all = slices(loop, 'web');
  t.is(all.length, 1);
  t.deepEqual(all[0]!.endpoints ?? [], []);
  t.deepEqual(all[0]!.ports ?? [], []);
  // The placeholder is kept, not deleted and re-created, on the next sync.
  loop.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'other', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  t.deepEqual(loop.settle()[0]!.writes, []);
});

test('slices: named target ports resolve per pod; pods resolving differently get separate slices; a pod without the name gets none of that port', (t) => {
  const loop = cluster();
  service(loop, 'web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: 9090 }] });
  pod(loop, 'a', { ports: [{ name: 'http', containerPort: 8080 }] });
  pod(loop, 'b', { ports: [{ name: 'http', containerPort: 8080 }] });
  pod(loop, 'c', { ports: [{ name: 'http', containerPort: 3000 }] });
  pod(loop, 'd', { ports: [{ name: 'web', containerPort: 3000 }] });
  pod(loop, 'e', { ports: [{ name: 'http', containerPort: 53, protocol: 'UDP' }] });
  for (const [n, ip] of [['a', '10.0.0.1'], ['b', '10.0.0.2'], ['c', '10.0.0.3'], ['d', '10.0.0.4'], ['e', '10.0.0.5']] as const) run(loop, n, [ip]);
  loop.settle();
  const got = slices(loop, 'web')
    .map((s) => ({ ports: (s.ports ?? []).map((p) => `${p.name}:${p.port}`).sort(), ips: (s.endpoints ?? []).map((e) => e.addresses[0]).sort() }))
    .sort((x, y) => x.ips[0]!.localeCompare(y.ips[0]!));
  t.deepEqual(got, [
    { ports: ['http:8080', 'metrics:9090'], ips: ['10.0.0.1', '10.0.0.2'] },
    { ports: ['http:3000', 'metrics:9090'], ips: ['10.0.0.3'] },
    // A name found only with another protocol does not resolve.
    { ports: ['metrics:9090'], ips: ['10.0.0.4', '10.0.0.5'] },
  ]);
});

test('slices: a dual-stack Service gets one IPv4 and one IPv6 slice; a single-stack one only its family', (t) => {
  const loop = cluster();
  service(loop, 'dual', { ...WEB, ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv6', 'IPv4'] });
  service(loop, 'single', WEB);
  pod(loop, 'a');
  run(loop, 'a', ['10.244.1.5', 'fd00:10:244:1::5']);
  pod(loop, 'b');
  run(loop, 'b', ['10.244.1.6']);
  loop.settle();
  const dual = slices(loop, 'dual');
  t.deepEqual(dual.map((s) => s.addressType).sort(), ['IPv4', 'IPv6']);
  t.deepEqual(dual.find((s) => s.addressType === 'IPv6')!.endpoints!.map((e) => e.addresses), [['fd00:10:244:1::5']]);
  t.deepEqual(dual.find((s) => s.addressType === 'IPv4')!.endpoints!.map((e) => e.addresses).sort(), [['10.244.1.5'], ['10.244.1.6']]);
  t.deepEqual(slices(loop, 'single').map((s) => s.addressType), ['IPv4']);
});

test('slices: 250 pods make 3 slices of at most 100 (100, 100, 50)', (t) => {
  const loop = cluster();
  service(loop, 'web', WEB);
  for (let i = 0; i < 250; i++) {
    pod(loop, `p${i}`);
    run(loop, `p${i}`, [`10.244.${Math.floor(i / 200)}.${(i % 200) + 1}`]);
  }
  loop.settle();
  t.deepEqual(slices(loop, 'web').map((s) => s.endpoints!.length).sort((a, b) => b - a), [100, 100, 50]);
  t.is(new Set(endpointsOf(loop, 'web').map((e) => e.addresses[0])).size, 250);
});

test('slices: headless Services are labelled service.kubernetes.io/headless; without ports their slices have none', (t) => {
  const loop = cluster();
  service(loop, 'db', { clusterIP: 'None', selector: { app: 'web' } });
  pod(loop, 'a', { hostname: 'db-0', subdomain: 'db' });
  pod(loop, 'b', { hostname: 'other', subdomain: 'elsewhere' });
  run(loop, 'a', ['10.244.1.5']);
  run(loop, 'b', ['10.244.1.6']);
  loop.settle();
  const [s, ...rest] = slices(loop, 'db');
  t.is(rest.length, 0);
  t.is(s!.metadata!.labels!['service.kubernetes.io/headless'], '');
  t.deepEqual(s!.ports ?? [], []);
  // The hostname is published only for the pod whose subdomain is this Service.
  t.deepEqual(s!.endpoints!.map((e) => [e.targetRef!.name, e.hostname]).sort(), [['a', 'db-0'], ['b', undefined]]);
});

test('slices: Services without a selector and ExternalName Services are left alone', (t) => {
  const loop = cluster();
  service(loop, 'manual', { ports: [{ port: 80 }] });
  service(loop, 'ext', { type: 'ExternalName', externalName: 'example.com', selector: { app: 'web' } });
  pod(loop, 'a');
  run(loop, 'a', ['10.244.1.5']);
  loop.settle();
  t.deepEqual(slices(loop), []);
});

test('slices: a pod on a Node the cache does not know is left out, with a FailedToUpdateEndpointSlices event and a retry', (t) => {
  const loop = cluster();
  service(loop, 'web', WEB);
  pod(loop, 'a', { node: 'ghost' });
  pod(loop, 'b');
  run(loop, 'a', ['10.244.9.5']);
  run(loop, 'b', ['10.244.1.6']);
  const [round] = loop.settle();
  t.deepEqual(endpointsOf(loop, 'web').map((e) => e.targetRef!.name), ['b']);
  t.is(round!.requeueAfter, 1000);
  t.deepEqual(round!.events, [{ type: 'Warning', reason: 'FailedToUpdateEndpointSlices', message: 'Error updating Endpoint Slices for Service default/web: skipping Pod a for Service default/web: Node ghost Not Found' }]);
  node(loop, 'ghost');
  loop.advance(1000);
  loop.settle();
  t.deepEqual(endpointsOf(loop, 'web').map((e) => e.targetRef!.name).sort(), ['a', 'b']);
});

test('slices: last-change-trigger-time is the Service creation first, then the earliest Ready transition since the last sync', (t) => {
  const loop = cluster();
  service(loop, 'web', WEB);
  loop.settle();
  t.is(slices(loop, 'web')[0]!.metadata!.annotations!['endpoints.kubernetes.io/last-change-trigger-time'], '2026-01-01T00:00:00Z');
  loop.advance(7000);
  pod(loop, 'a');
  run(loop, 'a', ['10.244.1.5']);
  loop.advance(5000);
  pod(loop, 'b');
  run(loop, 'b', ['10.244.1.6']);
  loop.settle();
  t.deepEqual(slices(loop, 'web').map((s) => s.metadata!.annotations!['endpoints.kubernetes.io/last-change-trigger-time']), ['2026-01-01T00:00:07Z']);
});

test('slices: Service labels are mirrored onto its slices when they change, reserved keys excepted', (t) => {
  const loop = cluster();
  const svc = service(loop, 'web', WEB, { a: '1' });
  pod(loop, 'a');
  run(loop, 'a', ['10.244.1.5']);
  loop.settle();
  const name = slices(loop, 'web')[0]!.metadata!.name;
  loop.apply({ verb: 'update', target: { group: '', version: 'v1', resource: 'services', namespace: 'default', name: 'web' }, body: { ...loop.get('svc', 'web')!, metadata: { ...loop.get('svc', 'web')!.metadata, labels: { b: '2', 'kubernetes.io/service-name': 'evil' } } } });
  loop.settle();
  const [s] = slices(loop, 'web');
  t.is(s!.metadata!.name, name);
  t.deepEqual(s!.metadata!.labels, { b: '2', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
  t.truthy(svc.metadata.uid);
});

test('slices: a dual-stack Service made single-stack loses the slices of the family it dropped', (t) => {
  const loop = cluster();
  service(loop, 'web', { ...WEB, ipFamilyPolicy: 'RequireDualStack' });
  pod(loop, 'a');
  run(loop, 'a', ['10.244.1.5', 'fd00:10:244:1::5']);
  loop.settle();
  const v4 = slices(loop, 'web').find((s) => s.addressType === 'IPv4')!.metadata!.name;
  const svc = loop.get('svc', 'web')!;
  const spec = svc.spec as { clusterIPs: string[]; ipFamilies: string[] };
  loop.apply({ verb: 'update', target: { group: '', version: 'v1', resource: 'services', namespace: 'default', name: 'web' }, body: { ...svc, spec: { ...spec, ipFamilyPolicy: 'SingleStack', clusterIPs: spec.clusterIPs.slice(0, 1), ipFamilies: spec.ipFamilies.slice(0, 1) } } });
  const writes = loop.settle().flatMap((r) => r.writes);
  t.deepEqual(writes.map((w) => w.verb), ['delete']);
  t.deepEqual(slices(loop, 'web').map((s) => [s.metadata!.name, s.addressType]), [[v4, 'IPv4']]);
});

test('slices: a slice left by an earlier Service of the same name (not yet collected) is replaced, never adopted', (t) => {
  const loop = cluster();
  service(loop, 'web', WEB);
  pod(loop, 'a');
  run(loop, 'a', ['10.244.1.5']);
  loop.settle();
  const old = slices(loop, 'web')[0]!.metadata!.name;
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'services', namespace: 'default', name: 'web' } });
  loop.settle();
  const fresh = service(loop, 'web', WEB);
  loop.settle();
  const now = slices(loop, 'web');
  t.is(now.length, 1);
  t.not(now[0]!.metadata!.name, old);
  t.is(now[0]!.metadata!.ownerReferences![0]!.uid, fresh.metadata.uid!);
});

test('slices: trafficDistribution PreferClose hints each ready zoned endpoint to its own zone; dropping it removes the hints', (t) => {
  const loop = cluster();
  service(loop, 'web', { ...WEB, trafficDistribution: 'PreferClose' });
  pod(loop, 'a');
  pod(loop, 'b', { node: 'n2' });
  pod(loop, 'c');
  run(loop, 'a', ['10.244.1.5']);
  run(loop, 'b', ['10.244.2.5']);
  run(loop, 'c', ['10.244.1.6'], false);
  loop.settle();
  const hints = () => Object.fromEntries(endpointsOf(loop, 'web').map((e) => [e.targetRef!.name, e.hints]));
  t.deepEqual(hints(), { a: { forZones: [{ name: 'zone-a' }] }, b: undefined, c: undefined });
  const svc = loop.get('svc', 'web')!;
  const { trafficDistribution: _td, ...spec } = svc.spec as Record<string, unknown>;
  loop.apply({ verb: 'update', target: { group: '', version: 'v1', resource: 'services', namespace: 'default', name: 'web' }, body: { ...svc, spec } });
  const writes = loop.settle().flatMap((r) => r.writes);
  t.deepEqual(writes.map((w) => w.verb), ['update']);
  t.deepEqual(hints(), { a: undefined, b: undefined, c: undefined });
});
