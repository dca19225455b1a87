// Two replicas of a controller with leader election against a fake apiserver: one leads and
// works (its reconcile's events recorded), the other waits; when the leader's host crashes the
// other takes the Lease over, and at no sampled instant do both believe they lead.

import test from 'ava';
import { host } from '../../../runtime/index.ts';
import { Simulation } from '../../../runtime/kernel/index.ts';
import { controllerStateKey, defineController, type Listers } from '../../../actors/client/controller.ts';
import { referenceTo } from '../../../actors/client/event-correlator.ts';
import { isLeader, type LeaseSpec } from '../../../actors/client/leader-election.ts';
import { createCall } from '../../../actors/client/requests.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { type FakeControl, fakeApiserver, newWorld, objectsOf } from './fake-apiserver.ts';

const cm = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: {} });

function reconcile(key: string, listers: Listers) {
  const src = listers.cms!.get(key);
  if (src === undefined || !src.metadata.name!.startsWith('src-') || listers.cms!.get(`default/copy-${src.metadata.name}`)) return { writes: [] };
  return {
    writes: [createCall(cm(`copy-${src.metadata.name}`))],
    events: [{ ref: referenceTo(src), type: 'Normal' as const, reason: 'Mirrored', message: `copied to copy-${src.metadata.name}` }],
  };
}

const KIND = 'mirror-controller';
const replica = (identity: string) =>
  defineController({
    kind: KIND,
    client: { hosts: ['cp-1'], timeoutMs: 1000 },
    informers: [{ name: 'cms', resource: 'configmaps', namespace: 'default' }],
    reconcile,
    leaderElection: { namespace: 'kube-system', name: 'mirror', identity },
  });

test('one replica leads and works; after its host crashes the other takes over; never both', async (t) => {
  const world = newWorld();
  const sim = new Simulation({ seed: 3, network: { latency: { min: 0.2, max: 0.5 } } });
  sim.system.spawn(host({ children: [{ id: 'kube-apiserver', actor: fakeApiserver(world) }] }), { name: 'cp-1' });
  for (const h of ['w1', 'w2']) sim.system.spawn(host({ children: [{ id: 'mirror', actor: replica(h) }] }), { name: h });
  const state = (h: string) => sim.system.stateOf(`/${h}/mirror`, controllerStateKey(KIND));
  const leading = (h: string) => {
    const el = state(h)?.kit.elector;
    return el ? isLeader(el, sim.clock.now()) : false;
  };
  const control = (m: FakeControl) => sim.system.send(sim.system.lookup<FakeControl>('/cp-1/kube-apiserver')!, m);
  let both = 0;
  const run = async (ms: number, done: () => boolean) => {
    for (let waited = 0; waited < ms && !done(); waited += 100) {
      await sim.advance(100);
      if (leading('w1') && leading('w2')) both++;
    }
    return done();
  };

  control({ type: 'Put', obj: cm('src-a') });
  t.true(await run(10_000, () => world.objects.has('configmaps/default/copy-src-a')));
  const first = leading('w1') ? 'w1' : 'w2';
  const second = first === 'w1' ? 'w2' : 'w1';
  const lease = world.objects.get('leases/kube-system/mirror')!;
  t.like(lease.spec as LeaseSpec, { holderIdentity: first, leaseDurationSeconds: 15, leaseTransitions: 0 });
  t.is(state(second)!.reconciles, 0, 'the follower does not work');
  t.true(await run(2000, () => objectsOf(world, 'events').length === 1));
  t.like(objectsOf(world, 'events')[0], { reason: 'Mirrored', involvedObject: { kind: 'ConfigMap', name: 'src-a' }, source: { component: KIND }, count: 1 });

  const crashedAt = sim.clock.now();
  sim.crashHost(first);
  control({ type: 'Put', obj: cm('src-b') });
  t.true(await run(40_000, () => world.objects.has('configmaps/default/copy-src-b')));
  t.true(leading(second));
  t.true(sim.clock.now() - crashedAt >= 15_000, 'the takeover waits a lease duration');
  t.like(world.objects.get('leases/kube-system/mirror')!.spec as LeaseSpec, { holderIdentity: second, leaseTransitions: 1 });
  t.is(both, 0);
  sim.close();
});
