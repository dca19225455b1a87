// A controller against a fake apiserver on the simulation kernel: its informer converges with
// the server after the watch is closed and after a 410, and its reconcile's writes land.

import test from 'ava';
import { host } from '../../../runtime/index.ts';
import { Simulation } from '../../../runtime/kernel/index.ts';
import { controllerStateKey, defineController, type Listers } from '../../../actors/client/controller.ts';
import { createCall, updateCall } from '../../../actors/client/requests.ts';
import { splitKey } from '../../../actors/client/store.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { crashReplica, type FakeControl, fakeApiserver, newWorld, objectsOf, type World } from './fake-apiserver.ts';

const cm = (name: string, data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data });

/** Keeps `copy-<name>` equal in data to every `src-<name>`. */
function reconcile(key: string, listers: Listers) {
  const { name } = splitKey(key);
  if (!name.startsWith('src-')) return { writes: [] };
  const src = listers.cms!.get(key);
  if (src === undefined) return { writes: [] };
  const copy = listers.cms!.namespace('default').get(`copy-${name}`);
  if (copy === undefined) return { writes: [createCall(cm(`copy-${name}`, src.data as Record<string, string>))] };
  if (JSON.stringify(copy.data) === JSON.stringify(src.data)) return { writes: [] };
  return { writes: [updateCall({ ...copy, data: src.data })] };
}

const KIND = 'mirror-controller';

function setup(world: World, hosts = ['cp-1'], elect = false) {
  const sim = new Simulation({ seed: 7, network: { latency: { min: 0.2, max: 0.5 } } });
  for (const h of hosts) sim.system.spawn(host({ children: [{ id: 'kube-apiserver', actor: fakeApiserver(world) }] }), { name: h });
  const ctrl = defineController({
    kind: KIND,
    client: { hosts, timeoutMs: 1000 },
    informers: [{ name: 'cms', resource: 'cm', namespace: 'default' }],
    reconcile,
    ...(elect ? { leaderElection: { namespace: 'kube-system', name: 'mirror', identity: 'm' } } : {}),
  });
  sim.system.spawn(host({ children: [{ id: 'mirror', actor: ctrl }] }), { name: 'w' });
  const state = () => sim.system.stateOf('/w/mirror', controllerStateKey(KIND))!;
  const control = (m: FakeControl, h = hosts[0]!) => sim.system.send(sim.system.lookup<FakeControl>(`/${h}/kube-apiserver`)!, m);
  const cacheMatches = () => {
    const cache = state().kit.informers.cms!.store.items;
    const cms = objectsOf(world, 'configmaps');
    return cms.every((o) => cache[`default/${o.metadata.name}`]?.metadata.resourceVersion === o.metadata.resourceVersion) && Object.keys(cache).length === cms.length;
  };
  const mirrored = () =>
    objectsOf(world, 'configmaps')
      .filter((o) => o.metadata.name!.startsWith('src-'))
      .every((o) => JSON.stringify(world.objects.get(`configmaps/default/copy-${o.metadata.name}`)?.data) === JSON.stringify(o.data));
  return { sim, state, control, cacheMatches, mirrored };
}

test('the informer syncs, the reconcile writes, and the cache follows the writes', async (t) => {
  const world = newWorld();
  const { sim, state, control, cacheMatches, mirrored } = setup(world);
  control({ type: 'Put', obj: cm('src-a', { x: '1' }) });
  t.true(await sim.until(() => world.objects.has('configmaps/default/copy-src-a') && cacheMatches(), 5000));
  control({ type: 'Put', obj: cm('src-a', { x: '2' }) });
  t.true(await sim.until(() => (world.objects.get('configmaps/default/src-a')!.data as Record<string, string>).x === '2' && mirrored() && cacheMatches(), 5000));
  t.is((world.objects.get('configmaps/default/copy-src-a')!.data as Record<string, string>).x, '2');
  t.is(state().failedWrites, 0);
  sim.close();
});

test('after the server closes the watch, the informer resumes from its RV without a relist', async (t) => {
  const world = newWorld();
  const { sim, state, control, cacheMatches } = setup(world);
  control({ type: 'Put', obj: cm('other', { a: '1' }) });
  t.true(await sim.until(cacheMatches, 5000));
  await sim.advance(2000); // past client-go's "very short watch"
  control({ type: 'CloseWatches' });
  control({ type: 'Put', obj: cm('other', { a: '2' }) });
  control({ type: 'Put', obj: cm('more', { b: '1' }) });
  t.true(await sim.until(() => world.objects.size === 2 && cacheMatches(), 5000));
  const r = state().kit.informers.cms!.reflector;
  t.deepEqual([r.rewatches, r.relists], [1, 0]);
  sim.close();
});

test('after a 410 the informer relists and converges, deletions included', async (t) => {
  const world = newWorld();
  const { sim, state, control, cacheMatches } = setup(world);
  control({ type: 'Put', obj: cm('a', {}) });
  control({ type: 'Put', obj: cm('b', {}) });
  t.true(await sim.until(() => world.objects.size === 2 && cacheMatches(), 5000));
  await sim.advance(2000);
  control({ type: 'Compact' });
  control({ type: 'Del', key: 'configmaps/default/a' });
  control({ type: 'Put', obj: cm('c', {}) });
  t.true(await sim.until(() => state().kit.informers.cms!.reflector.relists === 1 && cacheMatches(), 5000));
  t.deepEqual(Object.keys(state().kit.informers.cms!.store.items).sort(), ['default/b', 'default/c']);
  sim.close();
});

test('with the first replica gone, lists and watches go to the second', async (t) => {
  const world = newWorld();
  const { sim, state, control, cacheMatches, mirrored } = setup(world, ['cp-1', 'cp-2']);
  t.true(await sim.until(() => state().kit.informers.cms!.reflector.synced, 5000));
  crashReplica(world, sim, 'cp-1');
  control({ type: 'Put', obj: cm('src-z', { k: 'v' }) }, 'cp-2');
  // The silent watch is given up after 150 s, then resumed on cp-2.
  t.true(await sim.until(() => mirrored() && cacheMatches() && world.objects.size === 2, 160_000));
  t.is(state().kit.informers.cms!.watchHost, 1);
  sim.close();
});

test('a failed call to a replica moves the watches on it at once, without waiting out their silence', async (t) => {
  const world = newWorld();
  const { sim, state, control, cacheMatches, mirrored } = setup(world, ['cp-1', 'cp-2'], true);
  t.true(await sim.until(() => state().kit.informers.cms!.reflector.synced && state().kit.elector!.leading, 10_000));
  const crashedAt = sim.clock.now();
  crashReplica(world, sim, 'cp-1');
  control({ type: 'Put', obj: cm('src-z', { k: 'v' }) }, 'cp-2');
  // The next Lease renewal times out on cp-1 (1 s), and the watch follows the client to cp-2.
  t.true(await sim.until(() => mirrored() && cacheMatches() && objectsOf(world, 'configmaps').length === 2, 20_000));
  t.true(sim.clock.now() - crashedAt < 20_000);
  t.is(state().kit.informers.cms!.watchHost, 1);
  sim.close();
});

test('a requeueAfter a hair above zero (a period remainder of fractional times) waits 1 ms: time moves on', async (t) => {
  const world = newWorld();
  const sim = new Simulation({ seed: 7, network: { latency: { min: 0.2, max: 0.5 } } });
  sim.system.spawn(host({ children: [{ id: 'kube-apiserver', actor: fakeApiserver(world) }] }), { name: 'cp-1' });
  const ctrl = defineController({
    kind: KIND,
    client: { hosts: ['cp-1'], timeoutMs: 1000 },
    informers: [{ name: 'cms', resource: 'cm', namespace: 'default' }],
    reconcile: () => ({ writes: [], requeueAfter: 300_000 - 299_999.99999999994 }),
  });
  sim.system.spawn(host({ children: [{ id: 'tiny', actor: ctrl }] }), { name: 'w' });
  sim.system.send(sim.system.lookup<FakeControl>('/cp-1/kube-apiserver')!, { type: 'Put', obj: cm('a', {}) });
  await sim.advance(1000);
  const reconciles = sim.system.stateOf('/w/tiny', controllerStateKey(KIND))!.reconciles;
  t.true(reconciles > 100 && reconciles <= 1001, `${reconciles} reconciles in 1 s`);
  sim.close();
});

/** Writes `status.seen` = the data's x through the status subresource, always with a stale resourceVersion. */
function staleStatusWriter(retries: number | undefined) {
  return defineController({
    kind: 'status-writer',
    client: { hosts: ['cp-1'], timeoutMs: 1000 },
    informers: [{ name: 'cms', resource: 'cm', namespace: 'default' }],
    reconcile: (key, listers) => {
      const obj = listers.cms!.get(key);
      const x = (obj?.data as Record<string, string> | undefined)?.x;
      if (obj === undefined || (obj as { status?: { seen?: string } }).status?.seen === x) return { writes: [] };
      const stale = { ...obj, metadata: { ...obj.metadata, resourceVersion: '1' }, status: { seen: x } } as KubeObject;
      return { writes: [updateCall(stale, { subresource: 'status' })] };
    },
    ...(retries === undefined ? {} : { statusUpdateRetries: retries }),
  });
}

for (const retries of [undefined, 1])
  test(`a status write answered 409 is ${retries ? 'retried at once on a fresh read (statusUpdateRetries 1)' : 'a failed write without statusUpdateRetries'}`, async (t) => {
    const world = newWorld();
    const sim = new Simulation({ seed: 7, network: { latency: { min: 0.2, max: 0.5 } } });
    sim.system.spawn(host({ children: [{ id: 'kube-apiserver', actor: fakeApiserver(world) }] }), { name: 'cp-1' });
    sim.system.spawn(host({ children: [{ id: 'w', actor: staleStatusWriter(retries) }] }), { name: 'w' });
    sim.system.send(sim.system.lookup<FakeControl>('/cp-1/kube-apiserver')!, { type: 'Put', obj: cm('a', { x: '1' }) });
    sim.system.send(sim.system.lookup<FakeControl>('/cp-1/kube-apiserver')!, { type: 'Put', obj: cm('a', { x: '2' }) });
    const seen = () => (world.objects.get('configmaps/default/a') as { status?: { seen?: string } } | undefined)?.status?.seen;
    const state = () => sim.system.stateOf('/w/w', controllerStateKey('status-writer'))!;
    if (retries) {
      t.true(await sim.until(() => seen() === '2', 5000));
      t.is(state().failedWrites, 0, 'the retry on the fresh copy succeeded, so the key never failed');
    } else {
      await sim.advance(3000);
      t.is(seen(), undefined, 'every write carries the stale resourceVersion');
      t.true(state().failedWrites >= 2, 'each conflict fails the key and requeues it rate-limited');
    }
    sim.close();
  });
