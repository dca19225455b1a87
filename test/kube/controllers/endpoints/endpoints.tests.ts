// The legacy Endpoints controller end to end on the real registry, and its truncation table.

import test from 'ava';
import { type EndpointsMemory, endpointsMemory, ENDPOINTS_INFORMERS, endpointsKeys, syncEndpoints } from '../../../../actors/kube-controller-manager/endpoints/controller.ts';
import { type Subset, truncate } from '../../../../actors/kube-controller-manager/endpoints/subsets.ts';
import type { Endpoints, KubeObject } from '../../../../protocols/kube/objects.ts';
import { lister } from '../../../../actors/client/listers.ts';
import { emptyStore, put } from '../../../../actors/client/store.ts';
import { STANDARD_INDEXERS } from '../../../../actors/client/index.ts';
import { loopOf, node, pod, run, service, terminate } from './harness.ts';

const endpointsLoop = () => {
  const loop = loopOf<EndpointsMemory>({ informers: ENDPOINTS_INFORMERS, keysFor: endpointsKeys, reconcile: (k, l, _n, m) => syncEndpoints(k, l, m), memory: endpointsMemory });
  node(loop, 'n1');
  return loop;
};
const ep = (loop: ReturnType<typeof endpointsLoop>, name: string) => loop.get('endpoints', name, 'default') as unknown as Endpoints | undefined;
function listerOf(objs: KubeObject[]) {
  const store = emptyStore(STANDARD_INDEXERS);
  for (const o of objs) put(store, STANDARD_INDEXERS, o);
  return lister(store);
}
const ips = (as: readonly { ip: string }[] | undefined) => (as ?? []).map((a) => a.ip);

test('endpoints: ready pods under addresses, not-ready under notReadyAddresses, with node and target; labels from the Service', (t) => {
  const loop = endpointsLoop();
  service(loop, 'web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] }, { tier: 'front' });
  pod(loop, 'a');
  pod(loop, 'b');
  pod(loop, 'c');
  run(loop, 'a', ['10.244.1.5']);
  run(loop, 'b', ['10.244.1.3']);
  run(loop, 'c', ['10.244.1.4'], false);
  loop.settle();
  const e = ep(loop, 'web')!;
  t.deepEqual(e.metadata!.labels, { tier: 'front' });
  t.is(e.subsets!.length, 1);
  const [s] = e.subsets!;
  t.deepEqual(ips(s!.addresses), ['10.244.1.3', '10.244.1.5']);
  t.deepEqual(ips(s!.notReadyAddresses), ['10.244.1.4']);
  t.deepEqual(s!.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  t.deepEqual(s!.addresses![0], { ip: '10.244.1.3', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'b', uid: loop.get('pods', 'b', 'default')!.metadata.uid! } });
  t.is(e.metadata!.annotations!['endpoints.kubernetes.io/last-change-trigger-time'], '2026-01-01T00:00:00Z');
});

test('endpoints: named ports resolving differently split into subsets; terminating pods only with publishNotReadyAddresses', (t) => {
  const loop = endpointsLoop();
  service(loop, 'web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
  service(loop, 'pub', { selector: { app: 'web' }, publishNotReadyAddresses: true, ports: [{ name: 'http', port: 80, targetPort: 8080 }] });
  pod(loop, 'a', { ports: [{ name: 'http', containerPort: 8080 }] });
  pod(loop, 'b', { ports: [{ name: 'http', containerPort: 9090 }] });
  pod(loop, 'c', { ports: [{ name: 'http', containerPort: 8080 }] });
  run(loop, 'a', ['10.0.0.1']);
  run(loop, 'b', ['10.0.0.2']);
  run(loop, 'c', ['10.0.0.3'], false);
  terminate(loop, 'c');
  loop.settle();
  const web = ep(loop, 'web')!.subsets!.map((s) => ({ ips: ips(s.addresses), notReady: ips(s.notReadyAddresses), port: s.ports![0]!.port }));
  t.deepEqual(web.sort((x, y) => x.port - y.port), [
    { ips: ['10.0.0.1'], notReady: [], port: 8080 },
    { ips: ['10.0.0.2'], notReady: [], port: 9090 },
  ]);
  // publishNotReadyAddresses: every pod, terminating and not ready included, is a ready address.
  t.deepEqual(ep(loop, 'pub')!.subsets!.map((s) => ips(s.addresses)), [['10.0.0.1', '10.0.0.2', '10.0.0.3']]);
});

test('endpoints: a headless Service is labelled service.kubernetes.io/headless and, without ports, lists addresses alone', (t) => {
  const loop = endpointsLoop();
  service(loop, 'db', { clusterIP: 'None', selector: { app: 'web' } }, { app: 'db' });
  pod(loop, 'a', { hostname: 'db-0', subdomain: 'db' });
  run(loop, 'a', ['10.244.1.5']);
  loop.settle();
  const e = ep(loop, 'db')!;
  t.deepEqual(e.metadata!.labels, { app: 'db', 'service.kubernetes.io/headless': '' });
  t.deepEqual(e.subsets!.map((s) => [ips(s.addresses), s.ports, s.addresses![0]!.hostname]), [[['10.244.1.5'], undefined, 'db-0']]);
  // Unchanged on the next sync: the headless label does not count as a difference.
  service(loop, 'other', { selector: { app: 'none' }, ports: [{ port: 80 }] });
  t.deepEqual(loop.settle()[0]!.writes.map((w) => w.target.name ?? ('body' in w ? w.body.metadata.name : undefined)), ['other']);
});

test('endpoints: a dual-stack Service lists its primary family only', (t) => {
  const loop = endpointsLoop();
  service(loop, 'v6', { selector: { app: 'web' }, ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv6', 'IPv4'], ports: [{ port: 80 }] });
  pod(loop, 'a');
  run(loop, 'a', ['10.244.1.5', 'fd00::5']);
  loop.settle();
  t.deepEqual(ips(ep(loop, 'v6')!.subsets![0]!.addresses), ['fd00::5']);
});

test('endpoints: deleted when the Service goes, re-created when deleted while it stays, none for selectorless Services', (t) => {
  const loop = endpointsLoop();
  service(loop, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
  service(loop, 'manual', { ports: [{ port: 80 }] });
  loop.settle();
  t.truthy(ep(loop, 'web'));
  t.is(ep(loop, 'manual'), undefined);
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'endpoints', namespace: 'default', name: 'web' } });
  loop.settle();
  t.truthy(ep(loop, 'web'));
  loop.apply({ verb: 'delete', target: { group: '', version: 'v1', resource: 'services', namespace: 'default', name: 'web' } });
  loop.settle();
  t.is(ep(loop, 'web'), undefined);
});

const addrs = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ ip: `${prefix}.${Math.floor(i / 250)}.${i % 250}` }));
const sizes = (ss: Subset[] | undefined) => ss?.map((s) => [(s.addresses ?? []).length, (s.notReadyAddresses ?? []).length]);

// TestTruncateEndpoints' cases (pkg/controller/endpoint): ready first, each subset its rounded-up share.
test('endpoints: truncation to 1000 addresses, as Kubernetes shares them out', (t) => {
  t.is(truncate([{ addresses: addrs('10.0', 600), notReadyAddresses: addrs('10.1', 400) }]), undefined);
  t.deepEqual(sizes(truncate([{ addresses: addrs('10.0', 600), notReadyAddresses: addrs('10.1', 500) }])), [[600, 400]]);
  t.deepEqual(sizes(truncate([{ addresses: addrs('10.0', 1200), notReadyAddresses: addrs('10.1', 100) }])), [[1000, 0]]);
  t.deepEqual(
    sizes(
      truncate([
        { addresses: addrs('10.0', 300), notReadyAddresses: addrs('10.1', 300) },
        { addresses: addrs('10.2', 300), notReadyAddresses: addrs('10.3', 300) },
      ]),
    ),
    [
      [300, 200],
      [300, 200],
    ],
  );
  t.deepEqual(sizes(truncate([{ addresses: addrs('10.0', 700) }, { addresses: addrs('10.1', 701) }])), [
    [500, 0],
    [500, 0],
  ]);
});

test('endpoints: over 1000 addresses the object is truncated and annotated over-capacity: truncated; the annotation goes when it fits again', (t) => {
  // 1002 pods through the registry would take seconds: the reconcile reads them from a cache built
  // here, and its write goes to the real registry.
  const loop = endpointsLoop();
  service(loop, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
  const podsOf = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p${i}`, namespace: 'default', uid: `uid-${i}`, labels: { app: 'web' } },
      spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx' }] },
      status: { phase: 'Running', podIP: `10.${Math.floor(i / 250)}.0.${i % 250}`, podIPs: [{ ip: `10.${Math.floor(i / 250)}.0.${i % 250}` }], conditions: [{ type: 'Ready', status: i % 3 === 0 ? 'False' : 'True' }] },
    }));
  const m = endpointsMemory();
  const write = (n: number) => {
    const listers = { ...loop.listers(), pods: listerOf(podsOf(n)) };
    const [call] = syncEndpoints('default/web', listers, m).writes;
    return loop.apply(call!) as unknown as Endpoints;
  };
  const big = write(1002);
  t.is(big.metadata!.annotations!['endpoints.kubernetes.io/over-capacity'], 'truncated');
  // 668 ready, all kept; 334 not ready cut to the 332 left.
  t.deepEqual(sizes(big.subsets), [[668, 332]]);
  const small = write(999);
  t.is(small.metadata!.annotations!['endpoints.kubernetes.io/over-capacity'], undefined);
  t.deepEqual(sizes(small.subsets), [[666, 333]]);
});

test('endpoints: at start, Endpoints without a Service are deleted (leader-election records kept); later ones only at the next start', (t) => {
  const loop = endpointsLoop();
  const bare = (name: string, annotations?: Record<string, string>) => loop.create({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: 'default', ...(annotations ? { annotations } : {}) } });
  bare('orphan');
  bare('lock', { 'control-plane.alpha.kubernetes.io/leader': '{"holderIdentity":"x"}' });
  loop.settle();
  t.is(ep(loop, 'orphan'), undefined);
  t.truthy(ep(loop, 'lock'));
  bare('late');
  loop.settle();
  t.truthy(ep(loop, 'late'));
  loop.restart();
  loop.settle();
  t.is(ep(loop, 'late'), undefined);
  t.truthy(ep(loop, 'lock'));
});
