// The client library against the real kube-apiserver (three replicas on stacked etcd): a
// controller with leader election mirrors ConfigMaps and records events, its Lease and Events
// pass the apiserver's validation, and after a control plane crashes its informer moves to
// another replica and keeps up.

import test from 'ava';
import { defineActor, host, stateKey } from '../../../runtime/index.ts';
import { Simulation } from '../../../runtime/kernel/index.ts';
import { startCluster } from '../../../scenarios/cluster/index.ts';
import { apiserverStateKey } from '../../../actors/kube-apiserver/shell/state.ts';
import type { ApiDone } from '../../../actors/client/api-client-shell.ts';
import { clientKit, type KitMsg, type KitState } from '../../../actors/client/client-kit.ts';
import { controllerStateKey, defineController, type Listers } from '../../../actors/client/controller.ts';
import { referenceTo } from '../../../actors/client/event-correlator.ts';
import { createCall, getCall, listCall } from '../../../actors/client/requests.ts';
import { splitKey } from '../../../actors/client/store.ts';
import type { ApiCall, ObjectList } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';

const HOSTS = ['control-plane-1', 'control-plane-2', 'control-plane-3'];
const cm = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { from: name } });

function reconcile(key: string, listers: Listers) {
  const { name } = splitKey(key);
  const src = listers.cms!.get(key);
  if (src === undefined || !name.startsWith('src-') || listers.cms!.get(`default/copy-${name}`)) return { writes: [] };
  return { writes: [createCall(cm(`copy-${name}`))], events: [{ ref: referenceTo(src), type: 'Normal' as const, reason: 'Copied', message: `copied to copy-${name}` }] };
}

type UserMsg = KitMsg | { type: 'Do'; call: ReturnType<typeof getCall>; tag: string } | { type: 'Warn'; about: KubeObject };

function user(done: ApiDone[], token: string) {
  const kit = clientKit({ client: { hosts: HOSTS, token }, source: { component: 'user' } });
  return defineActor<UserMsg, KitState>({
    kind: 'user',
    init: (ctx) => kit.init(ctx.now()),
    receive: (s, m, ctx) => {
      if (m.type === 'Do') kit.call(s, ctx, m.call, m.tag);
      else if (m.type === 'Warn') kit.event(s, ctx, referenceTo(m.about), 'Warning', 'Suspicious', 'looks odd');
      else done.push(...kit.receive(s, ctx, m, () => undefined).done);
      return s;
    },
  });
}

test('a controller on the real apiserver: Lease, Events, and a control plane crash', async (t) => {
  const sim = new Simulation({ seed: 5, network: { latency: { min: 0.2, max: 0.5 } } });
  const cluster = startCluster(sim.system, { controlPlanes: 3, workers: 0 });
  const token = cluster.token('admin');
  const mirror = defineController({
    kind: 'mirror',
    client: { hosts: HOSTS, qps: 20, burst: 30, token },
    informers: [{ name: 'cms', resource: 'cm', namespace: 'default' }],
    reconcile,
    leaderElection: { namespace: 'kube-system', name: 'mirror', identity: 'mgr_1' },
  });
  sim.system.spawn(host({ children: [{ id: 'mirror', actor: mirror }] }), { name: 'mgr' });
  const done: ApiDone[] = [];
  sim.system.spawn(host({ children: [{ id: 'user', actor: user(done, token) }] }), { name: 'usr' });
  const run = (call: ReturnType<typeof getCall>, tag: string) => sim.system.send(sim.system.lookup<UserMsg>('/usr/user')!, { type: 'Do', call, tag });
  const answer = async (tag: string) => {
    t.true(await sim.until(() => done.some((d) => d.tag === tag), 30_000), tag);
    return done.find((d) => d.tag === tag)!.result;
  };
  const cache = () => sim.system.stateOf('/mgr/mirror', controllerStateKey('mirror'))!.kit.informers.cms!.store.items;

  run(createCall(cm('src-a')), 'create-a');
  t.like(await answer('create-a'), { ok: true, code: 201 });
  t.true(await sim.until(() => cache()['default/copy-src-a'] !== undefined, 30_000));

  run(getCall('leases.coordination.k8s.io', 'mirror', { namespace: 'kube-system' }), 'lease');
  t.like(await answer('lease'), { ok: true, body: { spec: { holderIdentity: 'mgr_1', leaseDurationSeconds: 15, leaseTransitions: 0 } } });
  run(listCall('events', { namespace: 'default' }), 'events');
  const events = (await answer('events')) as { body: ObjectList };
  t.like(events.body.items[0], { reason: 'Copied', involvedObject: { kind: 'ConfigMap', name: 'src-a' }, source: { component: 'mirror' }, count: 1, type: 'Normal' });

  // The same event twice: a create, then a strategic merge patch of its count.
  const warn = () => sim.system.send(sim.system.lookup<UserMsg>('/usr/user')!, { type: 'Warn', about: cache()['default/src-a']! });
  warn();
  await sim.advance(2000);
  warn();
  await sim.advance(2000);
  run(listCall('events', { namespace: 'default' }), 'warnings');
  const warnings = ((await answer('warnings')) as { body: ObjectList }).body.items.filter((e) => (e as { reason?: string }).reason === 'Suspicious');
  t.is(warnings.length, 1);
  t.like(warnings[0], { type: 'Warning', count: 2, message: 'looks odd', source: { component: 'user' } });

  const crashedAt = sim.clock.now();
  sim.crashHost('control-plane-1');
  run(createCall(cm('src-b')), 'create-b');
  t.like(await answer('create-b'), { ok: true, code: 201 });
  t.true(await sim.until(() => cache()['default/copy-src-b'] !== undefined, 60_000));
  t.true(sim.clock.now() - crashedAt < 60_000, 'well before a silent watch would be given up');
  run(listCall('cm', { namespace: 'default' }), 'all');
  const all = (await answer('all')) as { body: ObjectList };
  const cached = Object.values(cache()).map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort();
  t.deepEqual(cached, all.body.items.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort());
  sim.close();
});

type KubeletLikeMsg = KitMsg | { type: 'Watch'; name: string } | { type: 'Unwatch'; name: string };

test("a kubelet's informer on one Secret is refused until its pod is bound to the node, then heals by itself", async (t) => {
  const sim = new Simulation({ seed: 7, network: { latency: { min: 0.2, max: 0.5 } } });
  const cluster = startCluster(sim.system, { controlPlanes: 1, workers: 0 });
  const admin = cluster.token('admin');
  // As the kubelet of control-plane-1 runs it: the object's informer, by metadata.name.
  const kit = clientKit({ client: { hosts: ['control-plane-1'], token: cluster.token('kubelet:control-plane-1') }, source: { component: 'kubelet' } });
  sim.system.spawn(
    host({
      children: [
        {
          id: 'kubelet-like',
          actor: defineActor<KubeletLikeMsg, KitState>({
            kind: 'kubelet-like',
            init: (ctx) => kit.init(ctx.now()),
            receive: (s, m, ctx) => {
              if (m.type === 'Watch') kit.addInformer(s, ctx, { name: m.name, resource: 'secrets', namespace: 'default', fieldSelector: 'metadata.name=db' }, () => undefined);
              else if (m.type === 'Unwatch') kit.removeInformer(s, ctx, m.name);
              else kit.receive(s, ctx, m, () => undefined);
              return s;
            },
          }),
        },
      ],
    }),
    { name: 'kl' },
  );
  const done: ApiDone[] = [];
  sim.system.spawn(host({ children: [{ id: 'user', actor: user(done, admin) }] }), { name: 'usr' });
  const run = (call: ApiCall, tag: string) => sim.system.send(sim.system.lookup<UserMsg>('/usr/user')!, { type: 'Do', call: call as ReturnType<typeof getCall>, tag });
  const answer = async (tag: string) => {
    t.true(await sim.until(() => done.some((d) => d.tag === tag), 30_000), tag);
    return done.find((d) => d.tag === tag)!.result;
  };
  const state = () => sim.system.stateOf('/kl/kubelet-like', stateKey<KitState>('kubelet-like'));
  const informer = () => state()?.informers['secrets/default/db'];

  await sim.advance(5000);
  run(createCall({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'default' }, data: { k: 'dg==' } }), 'secret');
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox' }], volumes: [{ name: 's', secret: { secretName: 'db' } }] } };
  run(createCall(pod as KubeObject), 'pod');
  t.like(await answer('pod'), { ok: true });
  sim.system.send(sim.system.lookup<KubeletLikeMsg>('/kl/kubelet-like')!, { type: 'Watch', name: 'secrets/default/db' });
  await sim.advance(5000);
  t.false(informer()!.reflector.synced, 'the pod is not bound to the node yet: every list is refused');
  t.true(informer()!.reflector.lists >= 3, `lists retried with backoff: ${informer()!.reflector.lists}`);
  const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web', namespace: 'default' }, target: { apiVersion: 'v1', kind: 'Node', name: 'control-plane-1' } };
  run({ verb: 'create', target: { group: '', version: 'v1', resource: 'pods', namespace: 'default', name: 'web', subresource: 'binding' }, body: binding as KubeObject }, 'bind');
  t.like(await answer('bind'), { ok: true });
  t.true(await sim.until(() => informer()!.reflector.synced, 60_000), 'synced once the graph has the binding');
  t.deepEqual(Object.keys(informer()!.store.items), ['default/db']);
  t.like(kit.informer(state()!, 'secrets/default/db')!.lister.namespace('default').get('db'), { data: { k: 'dg==' } });
  const id = `#${informer()!.reflector.watchId}`;
  const watchers = () => [...sim.system.stateOf('/control-plane-1/kube-apiserver', apiserverStateKey)!.watchers.keys()].filter((k) => k.startsWith('/kl/') && k.endsWith(id)).length;
  await sim.advance(1000);
  t.is(watchers(), 1, 'its watch runs at the apiserver');
  sim.system.send(sim.system.lookup<KubeletLikeMsg>('/kl/kubelet-like')!, { type: 'Unwatch', name: 'secrets/default/db' });
  await sim.advance(2000);
  t.is(kit.informer(state()!, 'secrets/default/db'), undefined);
  t.is(watchers(), 0, 'its watch stopped at the apiserver');
  sim.close();
});
