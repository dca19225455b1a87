// A component built on the client kit, against fake apiservers on the simulation kernel: its own
// calls fail over from a replica that is not there, its informer feeds two consumers in order,
// and a repeated event becomes a count patch.

import test from 'ava';
import { defineActor, host } from '../../../runtime/index.ts';
import { Simulation } from '../../../runtime/kernel/index.ts';
import type { ApiDone } from '../../../actors/client/api-client-shell.ts';
import { clientKit, type KitMsg, type KitState } from '../../../actors/client/client-kit.ts';
import { referenceTo } from '../../../actors/client/event-correlator.ts';
import type { Notification } from '../../../actors/client/informer.ts';
import { fanOut } from '../../../actors/client/informer-shell.ts';
import { getCall } from '../../../actors/client/requests.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { type FakeControl, fakeApiserver, newWorld, objectsOf } from './fake-apiserver.ts';

const cm = (name: string, v: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { v } });

type OwnerMsg = KitMsg | { type: 'Start' } | { type: 'Get'; name: string } | { type: 'Warn'; name: string };

interface Seen {
  log: string[];
  done: ApiDone[];
}

function owner(seen: Seen) {
  // 'cp-0' runs no apiserver: the first attempt of every call times out there.
  const kit = clientKit({ client: { hosts: ['cp-0', 'cp-1'], timeoutMs: 500 }, informers: [{ name: 'cms', resource: 'cm' }], source: { component: 'owner', host: 'w' } });
  const consumer = (who: string) => (n: Notification) => seen.log.push(`${who}:${n.type}:${n.obj.metadata.name}:${(n.obj.data as { v: string }).v}`);
  const deliver = fanOut({ cms: [consumer('first'), consumer('second')] });
  return defineActor<OwnerMsg, KitState>({
    kind: 'owner',
    init: (ctx) => kit.init(ctx.now()),
    receive: (s, m, ctx) => {
      if (m.type === 'Start') kit.start(s, ctx, deliver);
      else if (m.type === 'Get') kit.call(s, ctx, getCall('cm', m.name), `mine/${m.name}`);
      else if (m.type === 'Warn') {
        const obj = kit.lister(s, 'cms').get(`default/${m.name}`)!;
        kit.event(s, ctx, referenceTo(obj), 'Warning', 'Odd', `configmap ${m.name} looks odd`);
      } else seen.done.push(...kit.receive(s, ctx, m, deliver).done);
      return s;
    },
  });
}

test('calls fail over, consumers hear changes in order, repeated events count up', async (t) => {
  const world = newWorld();
  const sim = new Simulation({ seed: 11, network: { latency: { min: 0.2, max: 0.5 } } });
  sim.system.spawn(host({ children: [{ id: 'kube-apiserver', actor: fakeApiserver(world) }] }), { name: 'cp-1' });
  const seen: Seen = { log: [], done: [] };
  sim.system.spawn(host({ children: [{ id: 'owner', actor: owner(seen) }] }), { name: 'w' });
  const send = (m: OwnerMsg) => sim.system.send(sim.system.lookup<OwnerMsg>('/w/owner')!, m);
  const control = (m: FakeControl) => sim.system.send(sim.system.lookup<FakeControl>('/cp-1/kube-apiserver')!, m);

  control({ type: 'Put', obj: cm('a', '1') });
  send({ type: 'Start' });
  t.true(await sim.until(() => seen.log.length === 2, 5000));
  t.true(sim.clock.now() >= 500, 'the list waited out a timeout on cp-0');
  control({ type: 'Put', obj: cm('a', '2') });
  control({ type: 'Del', key: 'configmaps/default/a' });
  t.true(await sim.until(() => seen.log.length === 6, 5000));
  t.deepEqual(seen.log, ['first:add:a:1', 'second:add:a:1', 'first:update:a:2', 'second:update:a:2', 'first:delete:a:2', 'second:delete:a:2']);

  send({ type: 'Get', name: 'a' });
  t.true(await sim.until(() => seen.done.length === 1, 5000));
  t.like(seen.done[0], { tag: 'mine/a', result: { ok: false, code: 404, body: { message: 'configmaps "a" not found' } } });

  control({ type: 'Put', obj: cm('b', '1') });
  t.true(await sim.until(() => seen.log.length === 8, 5000));
  send({ type: 'Warn', name: 'b' });
  t.true(await sim.until(() => objectsOf(world, 'events').length === 1, 5000));
  await sim.advance(1000);
  send({ type: 'Warn', name: 'b' });
  t.true(await sim.until(() => (objectsOf(world, 'events')[0] as { count?: number }).count === 2, 5000));
  t.like(objectsOf(world, 'events')[0], { type: 'Warning', reason: 'Odd', source: { component: 'owner', host: 'w' }, involvedObject: { name: 'b' } });
  t.is(objectsOf(world, 'events').length, 1);
  // The event is gone from the server (expired, deleted): the patch's 404 turns into a create.
  const name = objectsOf(world, 'events')[0]!.metadata.name!;
  control({ type: 'Del', key: `events/default/${name}` });
  await sim.advance(1000);
  send({ type: 'Warn', name: 'b' });
  t.true(await sim.until(() => objectsOf(world, 'events').length === 1, 5000));
  t.like(objectsOf(world, 'events')[0], { metadata: { name }, count: 3 });
  sim.close();
});

test('watches wait for the client\'s rate limiter like any request', async (t) => {
  const world = newWorld();
  const sim = new Simulation({ seed: 12, network: { latency: { min: 0.2, max: 0.5 } } });
  sim.system.spawn(host({ children: [{ id: 'kube-apiserver', actor: fakeApiserver(world) }] }), { name: 'cp-1' });
  const kit = clientKit({ client: { hosts: ['cp-1'], qps: 1, burst: 1 }, informers: [{ name: 'a', resource: 'cm' }, { name: 'b', resource: 'secrets' }], source: { component: 'slow' } });
  const slow = defineActor<KitMsg | { type: 'Start' }, KitState>({
    kind: 'slow',
    init: (ctx) => kit.init(ctx.now()),
    receive: (s, m, ctx) => {
      if (m.type === 'Start') kit.start(s, ctx, () => undefined);
      else kit.receive(s, ctx, m, () => undefined);
      return s;
    },
  });
  sim.system.spawn(host({ children: [{ id: 'slow', actor: slow }] }), { name: 'w' });
  sim.system.send(sim.system.lookup<{ type: 'Start' }>('/w/slow')!, { type: 'Start' });
  // Tokens at 0 s (list a), 1 s (list b), 2 s (watch a), 3 s (watch b).
  await sim.advance(1500);
  t.deepEqual([world.calls, world.watches], [2, 0]);
  await sim.advance(1000);
  t.is(world.watches, 1);
  await sim.advance(1000);
  t.is(world.watches, 2);
  sim.close();
});
