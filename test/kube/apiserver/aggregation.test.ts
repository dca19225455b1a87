// API aggregation: an APIService with a service makes the apiservers proxy its group/version to
// the server behind it, naming the caller (watches too, relayed); one whose server is missing
// answers 503. And the aggregator's controllers: every APIService's Available condition, the
// built-in group/versions and the CRDs' registered as APIServices.

import test from 'ava';
import { type ActorRef, defineActor, host, stateKey } from '../../../runtime/index.ts';
import { type ApiResult, type ApiserverMsg, kubeApiserverService, type WatchStream } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { runScenario } from '../../../scenarios/runner.ts';
import { defineScenario } from '../../../scenarios/scenario.ts';
import { RESOURCES } from '../../../protocols/kube/resources.ts';
import { availability, discovered, withAvailable } from '../../../actors/kube-apiserver/aggregation/availability.ts';
import { builtinAPIServices, crdAPIServices } from '../../../actors/kube-apiserver/aggregation/priorities.ts';
import { apiServiceStrategy } from '../../../actors/kube-apiserver/strategies/core/apiservice.ts';
import { cronTabCRD } from './crd/crontab.ts';

const nodeMetrics = (asker: string) => ({ apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetrics', metadata: { name: 'worker-1', annotations: { asker } }, usage: { cpu: '100m' } });

/** A stand-in for an aggregated server: lists NodeMetrics saying who asked; a watch gets one, then a second on `Emit`. */
type ServerMsg = ApiserverMsg | { readonly type: 'Emit' };
interface ServerState {
  readonly watches: Map<string, { readonly to: ActorRef<WatchStream>; readonly id: number; seq: number }>;
  readonly stopped: number[];
}
const serverKey = stateKey<ServerState>('metrics-server');
const metricsServer = defineActor<ServerMsg, ServerState>({
  kind: serverKey.kind,
  init: () => ({ watches: new Map(), stopped: [] }),
  receive: (s, m, ctx) => {
    const key = (to: ActorRef<WatchStream>, id: number) => `${to.path}#${id}`;
    if (m.type === 'Call') {
      const body = { apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetricsList', metadata: {}, items: [nodeMetrics(m.user?.name ?? 'nobody')] };
      ctx.send(m.replyTo, { type: 'ApiResponse', id: m.id, result: { ok: true, code: 200, body: body as never } });
    } else if (m.type === 'Watch') {
      s.watches.set(key(m.replyTo, m.id), { to: m.replyTo, id: m.id, seq: 1 });
      ctx.send(m.replyTo, { type: 'WatchEvents', id: m.id, seq: 0, events: [{ type: 'ADDED', object: nodeMetrics(m.user?.name ?? 'nobody') as never }] });
    } else if (m.type === 'Emit') {
      for (const w of s.watches.values()) ctx.send(w.to, { type: 'WatchEvents', id: w.id, seq: w.seq++, events: [{ type: 'MODIFIED', object: nodeMetrics('emit') as never }] });
    } else if (m.type === 'StopWatch') {
      if (s.watches.delete(key(m.watcher, m.id))) s.stopped.push(m.id);
    } else if (m.type === 'WatchPing') {
      const w = s.watches.get(key(m.watcher, m.id));
      ctx.send(m.watcher, { type: 'WatchAlive', id: m.id, alive: w !== undefined, sent: w?.seq ?? 0 });
    }
    return s;
  },
});

/** A raw watcher: what a client's watch receives, by kind of message. */
type WatcherMsg = WatchStream | { readonly type: 'Start'; readonly id: number; readonly token: string } | { readonly type: 'Stop'; readonly id: number } | { readonly type: 'Ping'; readonly id: number };
const watcherKey = stateKey<{ got: WatchStream[] }>('watcher');
const watcher = defineActor<WatcherMsg, { got: WatchStream[] }>({
  kind: watcherKey.kind,
  init: () => ({ got: [] }),
  receive: (s, m, ctx) => {
    const server = kubeApiserverService.on('control-plane-1');
    if (m.type === 'Start') ctx.send(server, { type: 'Watch', id: m.id, target: { group: 'metrics.k8s.io', version: 'v1beta1', resource: 'nodes' }, token: m.token, replyTo: ctx.self });
    else if (m.type === 'Stop') ctx.send(server, { type: 'StopWatch', id: m.id, watcher: ctx.self });
    else if (m.type === 'Ping') ctx.send(server, { type: 'WatchPing', id: m.id, watcher: ctx.self });
    else s.got.push(m);
    return s;
  },
});

const apiService = (backend?: string): KubeObject => ({
  apiVersion: 'apiregistration.k8s.io/v1',
  kind: 'APIService',
  metadata: { name: 'v1beta1.metrics.k8s.io', ...(backend ? { annotations: { 'sim.kybernetes.io/backend': backend } } : {}) },
  spec: { group: 'metrics.k8s.io', version: 'v1beta1', service: { namespace: 'kube-system', name: 'metrics-server' }, groupPriorityMinimum: 100, versionPriority: 100 },
});

test('an APIService routes its group/version to its server; without one the answer is 503', async (t) => {
  const seen: Record<string, ApiResult> = {};
  const nodes = { group: 'metrics.k8s.io', version: 'v1beta1', resource: 'nodes' };
  const run = await runScenario(
    defineScenario({
      name: 'aggregation',
      description: '',
      setup: (s) => {
        s.cluster({ workers: 0 });
        s.spawn(host({ children: [{ id: 'metrics-server', actor: metricsServer }] }), { name: 'metrics-1', restart: 'permanent' });
      },
      script: async (s) => {
        await s.advance('3s');
        seen.before = await s.kube.call({ verb: 'list', target: nodes });
        await s.kube.create(apiService());
        await s.advance('100ms');
        seen.missing = await s.kube.call({ verb: 'list', target: nodes });
        await s.kube.delete('apiservices', 'v1beta1.metrics.k8s.io');
        await s.kube.create(apiService('/metrics-1/metrics-server'));
        await s.advance('100ms');
        seen.proxied = await s.kube.call({ verb: 'list', target: nodes });
        seen.badName = await s.kube.call({ verb: 'create', target: { group: 'apiregistration.k8s.io', version: 'v1', resource: 'apiservices' }, body: { ...apiService(), metadata: { name: 'metrics' } } });
      },
    }),
  );
  t.true(run.ok, JSON.stringify(run.expectations));
  t.like(seen.before, { ok: false, code: 404 });
  t.like(seen.missing, { ok: false, code: 503, body: { reason: 'ServiceUnavailable', message: 'the server is currently unable to handle the request' } });
  t.like(seen.proxied, { ok: true, code: 200, body: { kind: 'NodeMetricsList', items: [{ metadata: { name: 'worker-1', annotations: { asker: 'kubernetes-admin' } } }] } });
  t.like(seen.badName, { ok: false, code: 422 });
  t.regex((seen.badName!.body as { message: string }).message, /metadata.name: Invalid value: "metrics": must be `spec.version\+"\."\+spec.group`/);
});

test('a watch of an aggregated group/version is relayed to its server and back, stopped and pinged through the replica; refused before it reaches the server when not allowed', async (t) => {
  let got: WatchStream[] = [];
  let server: ServerState | undefined;
  const seen: Record<string, string[]> = {};
  const run = await runScenario(
    defineScenario({
      name: 'aggregated-watch',
      description: '',
      setup: (s) => {
        const cluster = s.cluster({ workers: 0 });
        s.spawn(host({ children: [{ id: 'metrics-server', actor: metricsServer }] }), { name: 'metrics-1', restart: 'permanent' });
        s.spawn(host({ children: [{ id: 'w', actor: watcher }] }), { name: 'client-1', restart: 'permanent' });
        seen.tokens = [cluster.token('admin'), cluster.token('kube-proxy')];
      },
      script: async (s) => {
        const [admin, proxyUser] = seen.tokens!;
        const w = '/client-1/w';
        await s.advance('3s');
        await s.kube.create(apiService());
        await s.advance('100ms');
        s.send<WatcherMsg>(w, { type: 'Start', id: 1, token: admin! });
        await s.advance('100ms');
        await s.kube.patch('apiservices', 'v1beta1.metrics.k8s.io', { metadata: { annotations: { 'sim.kybernetes.io/backend': '/metrics-1/metrics-server' } } }, { type: 'merge' });
        await s.advance('100ms');
        s.send<WatcherMsg>(w, { type: 'Start', id: 2, token: admin! });
        s.send<WatcherMsg>(w, { type: 'Start', id: 3, token: proxyUser! });
        await s.advance('100ms');
        s.send<ServerMsg>('/metrics-1/metrics-server', { type: 'Emit' });
        await s.advance('100ms');
        s.send<WatcherMsg>(w, { type: 'Ping', id: 2 });
        await s.advance('100ms');
        seen.relays = s.inspect().children.flatMap(function walk(n): string[] { return [...(n.kind === 'aggregated-watch' ? [n.path] : []), ...n.children.flatMap(walk)]; });
        s.send<WatcherMsg>(w, { type: 'Stop', id: 2 });
        await s.advance('100ms');
        s.send<WatcherMsg>(w, { type: 'Start', id: 4, token: admin! });
        await s.advance('100ms');
        s.crashActor('/control-plane-1/kube-apiserver');
        await s.advance('1s');
        s.send<WatcherMsg>(w, { type: 'Ping', id: 4 });
        await s.advance('100ms');
        got = s.sim.system.stateOf(w, watcherKey)!.got;
        server = s.sim.system.stateOf('/metrics-1/metrics-server', serverKey);
      },
    }),
  );
  t.true(run.ok, JSON.stringify(run.expectations));
  const of = (id: number) => got.filter((m) => m.id === id).map((m) => m.type === 'WatchEvents' ? `${m.seq}:${m.events.map((e) => `${e.type}/${(e.object.metadata as { annotations?: Record<string, string> }).annotations?.asker}`).join()}` : m.type === 'WatchRefused' ? `refused ${m.result.code} ${m.result.body.message}` : m.type === 'WatchAlive' ? `alive ${m.alive} ${m.sent}` : m.type);
  t.deepEqual(of(1), ['refused 503 the server is currently unable to handle the request']);
  t.deepEqual(of(2), ['0:ADDED/kubernetes-admin', '1:MODIFIED/emit', 'alive true 2']);
  t.deepEqual(of(3), ['refused 403 nodes.metrics.k8s.io is forbidden: User "system:kube-proxy" cannot watch resource "nodes" in API group "metrics.k8s.io" at the cluster scope']);
  // The replica's restart took the relay (the proxied connection) with it: the ping finds the watch gone.
  t.deepEqual(of(4), ['0:ADDED/kubernetes-admin', 'alive false 0']);
  t.is(seen.relays!.length, 1, 'one relay for the one open proxied watch');
  t.deepEqual(server!.stopped, [2], 'the client\'s stop reached the server');
});

// ---- availability and registration (kube-aggregator's controllers) ---------------------------

const remote = (name = 'metrics-server', port?: number): KubeObject => ({
  ...apiService(),
  spec: { group: 'metrics.k8s.io', version: 'v1beta1', service: { namespace: 'kube-system', name, ...(port ? { port } : {}) }, groupPriorityMinimum: 100, versionPriority: 100 },
});
const service = (ports: { name?: string; port: number }[], extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'metrics-server', namespace: 'kube-system' },
  spec: { type: 'ClusterIP', clusterIP: '10.96.0.42', ports, ...extra },
});
const endpoints = (subsets: unknown[]): KubeObject => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'metrics-server', namespace: 'kube-system' }, subsets } as never);
const URL = 'https://10.96.0.42:443/apis/metrics.k8s.io/v1beta1';

test('availability: the verdicts of kube-aggregator 1.32, in its words', (t) => {
  const found = (a: KubeObject, s?: KubeObject, e?: KubeObject) => {
    const v = availability(a, s, e);
    return v.kind === 'decided' ? [v.found.status, v.found.reason, v.found.message] : ['discover', v.url];
  };
  const https = [{ name: 'https', port: 443 }];
  t.deepEqual(found({ ...apiService(), spec: { group: 'apps', version: 'v1', groupPriorityMinimum: 17800, versionPriority: 15 } }), ['True', 'Local', 'Local APIServices are always available']);
  t.deepEqual(found(remote()), ['False', 'ServiceNotFound', 'service/metrics-server in "kube-system" is not present']);
  t.deepEqual(found(remote(), service([{ name: 'http', port: 80 }])), ['False', 'ServicePortError', 'service/metrics-server in "kube-system" is not listening on port 443']);
  t.deepEqual(found(remote(), service(https)), ['False', 'EndpointsNotFound', 'cannot find endpoints for service/metrics-server in "kube-system"']);
  t.deepEqual(found(remote(), service(https), endpoints([{ notReadyAddresses: [{ ip: '10.244.1.5' }], ports: [{ name: 'https', port: 10250 }] }])), ['False', 'MissingEndpoints', 'endpoints for service/metrics-server in "kube-system" have no addresses with port name "https"']);
  t.deepEqual(found(remote(), service(https), endpoints([{ addresses: [{ ip: '10.244.1.5' }], ports: [{ name: 'metrics', port: 10250 }] }]))[1], 'MissingEndpoints');
  t.deepEqual(found(remote(), service(https), endpoints([{ addresses: [{ ip: '10.244.1.5' }], ports: [{ name: 'https', port: 10250 }] }])), ['discover', URL]);
  // An ExternalName Service has no endpoints to look at; the core group's discovery path is /api.
  t.deepEqual(found(remote('ext', 8443), service([], { type: 'ExternalName', externalName: 'metrics.example.com' })), ['discover', 'https://metrics.example.com:8443/apis/metrics.k8s.io/v1beta1']);
  t.deepEqual(found({ ...remote(), metadata: { name: 'v1.' }, spec: { group: '', version: 'v1', service: { namespace: 'kube-system', name: 'metrics-server', port: 443 } } }, service(https), endpoints([{ addresses: [{ ip: 'fd00::5' }], ports: [{ name: 'https' }] }])), ['discover', 'https://10.96.0.42:443/api/v1']);
  const d = (x: Parameters<typeof discovered>[1]) => [discovered(URL, x).reason, discovered(URL, x).message];
  t.deepEqual(d({ code: 200 }), ['Passed', 'all checks passed']);
  t.deepEqual(d({ code: 503 }), ['FailedDiscoveryCheck', `failing or missing response from ${URL}: bad status from ${URL}: 503`]);
  t.deepEqual(d({ refused: true }), ['FailedDiscoveryCheck', `failing or missing response from ${URL}: Get "${URL}": dial tcp 10.96.0.42:443: connect: connection refused`]);
  t.deepEqual(d({ timedOut: true }), ['FailedDiscoveryCheck', `failing or missing response from ${URL}: Get "${URL}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`]);
});

test('availability: the condition moves its transition time only with its status, and an unchanged one is not written', (t) => {
  const a = remote();
  const first = withAvailable(a, { status: 'False', reason: 'ServiceNotFound', message: 'm1' }, 'T1')!;
  t.deepEqual((first.status as { conditions: unknown[] }).conditions, [{ type: 'Available', status: 'False', lastTransitionTime: 'T1', reason: 'ServiceNotFound', message: 'm1' }]);
  t.is(withAvailable(first, { status: 'False', reason: 'ServiceNotFound', message: 'm1' }, 'T2'), undefined);
  const reworded = withAvailable(first, { status: 'False', reason: 'MissingEndpoints', message: 'm2' }, 'T2')!;
  t.like((reworded.status as { conditions: unknown[] }).conditions[0], { lastTransitionTime: 'T1', reason: 'MissingEndpoints' });
  const up = withAvailable(reworded, { status: 'True', reason: 'Passed', message: 'all checks passed' }, 'T3')!;
  t.like((up.status as { conditions: unknown[] }).conditions[0], { status: 'True', lastTransitionTime: 'T3' });
});

test('registration: the built-in group/versions at their 1.32 priorities; one APIService per group/version the CRDs serve', (t) => {
  const builtin = builtinAPIServices(RESOURCES);
  const byName = Object.fromEntries(builtin.map((a) => [a.metadata.name, a.spec]));
  t.deepEqual(byName['v1.'], { group: '', version: 'v1', groupPriorityMinimum: 18000, versionPriority: 1 });
  t.deepEqual(byName['v1.apps'], { group: 'apps', version: 'v1', groupPriorityMinimum: 17800, versionPriority: 15 });
  t.deepEqual(byName['v2.autoscaling'], { group: 'autoscaling', version: 'v2', groupPriorityMinimum: 17500, versionPriority: 30 });
  t.is(byName['v1.apiregistration.k8s.io'], undefined, 'not in the table: not registered');
  t.true(builtin.every((a) => a.metadata.labels?.['kube-aggregator.kubernetes.io/automanaged'] === 'onstart'));
  const crd = (group: string, versions: [string, boolean][]) => ({ spec: { group, versions: versions.map(([name, served]) => ({ name, served })) } }) as never;
  const wanted = crdAPIServices([crd('stable.example.com', [['v1', true], ['v1beta1', false]]), crd('stable.example.com', [['v1', true]])]);
  t.deepEqual([...wanted.keys()], ['v1.stable.example.com']);
  t.like(wanted.get('v1.stable.example.com'), { metadata: { labels: { 'kube-aggregator.kubernetes.io/automanaged': 'true' } }, spec: { groupPriorityMinimum: 1000, versionPriority: 100 } });
});

test('an APIService is validated as kube-aggregator does: its name is version.group ("v1." for the core group), a local one has no CA bundle, its port defaults to 443', (t) => {
  const errors = (o: KubeObject) => apiServiceStrategy.validate(apiServiceStrategy.defaults(structuredClone(o)), {} as never).map((e) => `${e.field}: ${e.detail ?? ''}`);
  t.deepEqual(errors({ ...apiService(), metadata: { name: 'v1' }, spec: { group: '', version: 'v1', groupPriorityMinimum: 18000, versionPriority: 1 } }), ['metadata.name: must be `spec.version+"."+spec.group`: "v1."']);
  t.deepEqual(errors({ ...apiService(), metadata: { name: 'v2.' }, spec: { group: '', version: 'v2', groupPriorityMinimum: 18000, versionPriority: 1 } }), ['spec.group: only v1 may have an empty group and it better be legacy kube']);
  t.deepEqual(errors({ ...apiService(), metadata: { name: 'v1.apps' }, spec: { group: 'apps', version: 'v1', caBundle: 'Zm9v', groupPriorityMinimum: 1, versionPriority: 1 } }), ['spec.caBundle: local APIServices may not have a caBundle']);
  t.deepEqual(errors(remote()), []);
  t.is((apiServiceStrategy.defaults(structuredClone(remote())).spec as { service: { port: number } }).service.port, 443);
  t.deepEqual(apiServiceStrategy.nameValidator('a/b%', false), ["may not contain '/'", "may not contain '%'"]);
  const status = (s: string) => apiServiceStrategy.status!.validateUpdate({ ...remote(), status: { conditions: [{ type: 'Available', status: s }] } }, remote(), {} as never).map((e) => e.field);
  t.deepEqual(status('Maybe'), ['status.conditions[0].status']);
  t.deepEqual(status('Unknown'), []);
});

test('in a cluster: the built-in APIServices are Local and available; a remote one follows its Service, endpoints and server; a CRD brings its own', async (t) => {
  const seen: Record<string, unknown> = {};
  const available = async (s: { kube: { get: (k: string, n: string) => Promise<KubeObject> } }, name: string) =>
    ((await s.kube.get('apiservices', name)).status as { conditions?: { status: string; reason: string; message: string }[] } | undefined)?.conditions?.[0];
  const run = await runScenario(
    defineScenario({
      name: 'availability',
      description: '',
      setup: (s) => {
        s.cluster({ workers: 0 });
        s.spawn(host({ children: [{ id: 'metrics-server', actor: metricsServer }] }), { name: 'metrics-1', restart: 'permanent' });
      },
      script: async (s) => {
        await s.advance('5s');
        seen.core = await available(s, 'v1.');
        seen.names = (await s.kube.list('apiservices')).items.map((a) => a.metadata.name);
        await s.kube.create(remote());
        await s.advance('100ms');
        seen.noService = await available(s, 'v1beta1.metrics.k8s.io');
        await s.kube.create(service([{ name: 'https', port: 443 }]));
        await s.advance('100ms');
        seen.noEndpoints = await available(s, 'v1beta1.metrics.k8s.io');
        await s.kube.create(endpoints([{ addresses: [{ ip: '10.244.0.9' }], ports: [{ name: 'https', port: 10250, protocol: 'TCP' }] }]));
        await s.advance('100ms');
        seen.refused = await available(s, 'v1beta1.metrics.k8s.io');
        await s.kube.patch('apiservices', 'v1beta1.metrics.k8s.io', { metadata: { annotations: { 'sim.kybernetes.io/backend': '/metrics-1/metrics-server' } } }, { type: 'merge' });
        // An annotation is no spec change: the 30 s resync looks again.
        await s.advance('31s');
        seen.passed = await available(s, 'v1beta1.metrics.k8s.io');
        await s.kube.create(cronTabCRD({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }) as unknown as KubeObject);
        await s.advance('1s');
        seen.crd = await s.kube.get('apiservices', 'v1.stable.example.com');
        seen.crdAvailable = await available(s, 'v1.stable.example.com');
        await s.kube.delete('crd', 'crontabs.stable.example.com');
        await s.advance('5s');
        seen.afterCrd = (await s.kube.list('apiservices')).items.map((a) => a.metadata.name).filter((n) => n?.endsWith('stable.example.com'));
      },
    }),
    { seed: 3 },
  );
  t.true(run.ok, JSON.stringify(run.expectations));
  t.like(seen.core, { status: 'True', reason: 'Local' });
  t.true((seen.names as string[]).includes('v1.apps') && (seen.names as string[]).includes('v1.coordination.k8s.io'));
  t.like(seen.noService, { status: 'False', reason: 'ServiceNotFound' });
  t.like(seen.noEndpoints, { status: 'False', reason: 'EndpointsNotFound' });
  t.like(seen.refused, { status: 'False', reason: 'FailedDiscoveryCheck' });
  t.regex((seen.refused as { message: string }).message, /^failing or missing response from https:\/\/10\.96\.0\.42:443\/apis\/metrics\.k8s\.io\/v1beta1: .*connection refused$/);
  t.like(seen.passed, { status: 'True', reason: 'Passed', message: 'all checks passed' });
  t.like(seen.crd, { metadata: { labels: { 'kube-aggregator.kubernetes.io/automanaged': 'true' } }, spec: { group: 'stable.example.com', version: 'v1', groupPriorityMinimum: 1000, versionPriority: 100 } });
  t.like(seen.crdAvailable, { status: 'True', reason: 'Local' });
  t.deepEqual(seen.afterCrd, []);
});
