// The cloud provider actor and two cloud-controller-manager replicas against the fake apiserver
// on the simulation kernel: one replica leads and runs the controllers, a tainted node is
// initialized from the cloud, a LoadBalancer Service gets its IP, and when an instance is
// terminated its NotReady node is deleted and the balancer's backends follow.

import test from 'ava';
import { address, host, stateKey } from '../../../runtime/index.ts';
import { Simulation } from '../../../runtime/kernel/index.ts';
import { cloudProvider } from '../../../actors/cloud-provider/index.ts';
import type { CloudState } from '../../../actors/cloud-provider/cloud.ts';
import { cloudControllerManager, cloudLoopStateKey, routeController } from '../../../actors/cloud-controller-manager/index.ts';
import type { CloudReply, CloudRequest } from '../../../protocols/kube/cloud.ts';
import type { KubeObject, Node, Service } from '../../../protocols/kube/objects.ts';
import { type FakeControl, fakeApiserver, newWorld } from '../client/fake-apiserver.ts';
import { lbService, node } from './fixtures.ts';

test('simulation: the leading CCM initializes nodes from the cloud actor, gives a LoadBalancer its IP and deletes the node of a terminated instance', async (t) => {
  const world = newWorld();
  const sim = new Simulation({ seed: 11, network: { latency: { min: 0.2, max: 0.5 } } });
  const instances = ['w1', 'w2'].map((name, i) => ({ name, zone: `zone-${'ab'[i]}`, internalIPs: [`10.0.0.${11 + i}`] }));
  sim.system.spawn(host({ children: [{ id: 'cloud-provider', actor: cloudProvider({ region: 'r1', instances }) }] }), { name: 'cloud' });
  sim.system.spawn(host({ children: [{ id: 'kube-apiserver', actor: fakeApiserver(world) }] }), { name: 'cp-1' });
  for (const h of ['cp-1', 'cp-2']) {
    sim.system.spawn(host({ children: [{ id: 'cloud-controller-manager', actor: cloudControllerManager({ host: h, apiservers: ['cp-1'], token: 'ccm', cloudHost: 'cloud' }) }] }), { name: `${h}-ccm` });
  }
  const control = (m: FakeControl) => sim.system.send(sim.system.lookup<FakeControl>('/cp-1/kube-apiserver')!, m);
  const put = (obj: KubeObject, resource: string, uid: string) => control({ type: 'Put', resource, obj: { ...obj, metadata: { ...obj.metadata, uid, resourceVersion: '1' } } });
  for (const n of ['w1', 'w2']) put(node(n, { uninitialized: true, ready: 'True' }), 'nodes', `uid-${n}`);
  put(lbService('web'), 'services', '6f0f2bb4-1c9e-4a11-9a6f-2d8e2f1c3b77');

  const nodeOf = (n: string) => world.objects.get(`nodes//${n}`) as Node | undefined;
  const web = () => world.objects.get('services/default/web') as Service | undefined;
  const cloud = () => sim.system.stateOf('/cloud/cloud-provider', stateKey<CloudState>('cloud-provider'))!;
  const initialized = (n: string) => nodeOf(n)?.spec?.providerID !== undefined && (nodeOf(n)?.spec?.taints ?? []).length === 0;

  t.true(await sim.until(() => initialized('w1') && initialized('w2') && (web()?.status?.loadBalancer?.ingress ?? []).length === 1, 60_000));
  t.is(nodeOf('w2')!.spec!.providerID, 'kybernetes://r1/zone-b/w2');
  t.is(nodeOf('w2')!.metadata!.labels!['topology.kubernetes.io/zone'], 'zone-b');
  t.deepEqual(web()!.status!.loadBalancer!.ingress, [{ ip: '203.0.113.1' }]);
  t.deepEqual(cloud().loadBalancers.a6f0f2bb41c9e4a119a6f2d8e2f1c3b7!.nodes, ['w1', 'w2']);
  const leases = [...world.objects.keys()].filter((k) => k.startsWith('leases/'));
  t.deepEqual(leases, ['leases/kube-system/cloud-controller-manager']);
  const leading = ['cp-1', 'cp-2'].filter((h) => sim.system.lookup(`/${h}-ccm/cloud-controller-manager/service-lb-controller`) !== undefined);
  t.is(leading.length, 1, 'only the leader runs controllers');

  sim.system.send(address<CloudRequest>('/cloud/cloud-provider'), { type: 'TerminateInstance', name: 'w2', replyTo: address<CloudReply>('/cloud/nobody') });
  const w2 = nodeOf('w2')!;
  put({ ...(w2 as KubeObject), status: { ...w2.status, conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }] } }, 'nodes', 'uid-w2');
  const reasons = () => [...world.objects.values()].filter((o) => o.kind === 'Event').map((e) => (e as { reason?: string }).reason);
  // The cloud changes before its answer reaches the controller, whose event follows the answer.
  t.true(await sim.until(() => nodeOf('w2') === undefined && cloud().loadBalancers.a6f0f2bb41c9e4a119a6f2d8e2f1c3b7!.nodes.join() === 'w1' && reasons().includes('UpdatedLoadBalancer'), 30_000));
  for (const r of ['Synced', 'EnsuringLoadBalancer', 'EnsuredLoadBalancer', 'DeletingNode', 'UpdatedLoadBalancer']) t.true(reasons().includes(r), r);
  sim.close();
});

test('simulation: when the leading CCM host crashes the other replica takes the Lease and initializes new nodes', async (t) => {
  const world = newWorld();
  const sim = new Simulation({ seed: 5, network: { latency: { min: 0.2, max: 0.5 } } });
  sim.system.spawn(host({ children: [{ id: 'cloud-provider', actor: cloudProvider({ region: 'r1', instances: [{ name: 'w1', zone: 'zone-a' }, { name: 'w2', zone: 'zone-b' }] }) }] }), { name: 'cloud' });
  sim.system.spawn(host({ children: [{ id: 'kube-apiserver', actor: fakeApiserver(world) }] }), { name: 'cp-1' });
  for (const h of ['m1', 'm2']) sim.system.spawn(host({ children: [{ id: 'cloud-controller-manager', actor: cloudControllerManager({ host: h, apiservers: ['cp-1'], token: 'ccm', cloudHost: 'cloud' }) }] }), { name: h });
  const control = (m: FakeControl) => sim.system.send(sim.system.lookup<FakeControl>('/cp-1/kube-apiserver')!, m);
  const put = (name: string) => control({ type: 'Put', resource: 'nodes', obj: { ...node(name, { uninitialized: true, ready: 'True' }), metadata: { name, uid: `uid-${name}`, resourceVersion: '1' } } });
  const initialized = (n: string) => ((world.objects.get(`nodes//${n}`) as Node | undefined)?.spec?.providerID ?? '') !== '';
  const leaderOf = () => ['m1', 'm2'].filter((h) => sim.system.lookup(`/${h}/cloud-controller-manager/cloud-node-controller`) !== undefined);

  put('w1');
  t.true(await sim.until(() => initialized('w1'), 30_000));
  const [first] = leaderOf();
  t.truthy(first);
  const other = first === 'm1' ? 'm2' : 'm1';
  sim.crashHost(first!);
  put('w2');
  const crashedAt = sim.clock.now();
  t.true(await sim.until(() => initialized('w2'), 60_000));
  t.deepEqual(leaderOf(), [other]);
  const holder = (world.objects.get('leases/kube-system/cloud-controller-manager') as { spec?: { holderIdentity?: string } }).spec?.holderIdentity ?? '';
  t.true(holder.startsWith(`${other}_`), holder);
  t.true(sim.clock.now() - crashedAt < 30_000, `took ${sim.clock.now() - crashedAt} ms`);
  sim.close();
});

test('simulation: a cloud call that keeps failing is retried with backoff, not in a hot loop', async (t) => {
  const world = newWorld();
  const sim = new Simulation({ seed: 9, network: { latency: { min: 0.2, max: 0.5 } } });
  sim.system.spawn(host({ children: [{ id: 'cloud-provider', actor: cloudProvider({ instances: [{ name: 'w1', zone: 'zone-a' }] }) }] }), { name: 'cloud' });
  sim.system.spawn(host({ children: [{ id: 'kube-apiserver', actor: fakeApiserver(world) }] }), { name: 'cp-1' });
  const ccm = cloudControllerManager({ host: 'm1', apiservers: ['cp-1'], token: 'ccm', cloudHost: 'cloud', controllers: [routeController] });
  sim.system.spawn(host({ children: [{ id: 'cloud-controller-manager', actor: ccm }] }), { name: 'm1' });
  const control = (m: FakeControl) => sim.system.send(sim.system.lookup<FakeControl>('/cp-1/kube-apiserver')!, m);
  // w1 has an instance; ghost does not, so its route can never be created.
  for (const [name, cidr] of [['w1', '10.244.1.0/24'], ['ghost', '10.244.2.0/24']] as const) {
    control({ type: 'Put', resource: 'nodes', obj: { ...node(name, { podCIDRs: [cidr] }), metadata: { name, uid: `uid-${name}`, resourceVersion: '1' } } });
  }
  const loop = () => sim.system.stateOf('/m1/cloud-controller-manager/node-route-controller', cloudLoopStateKey());
  const cloud = () => sim.system.stateOf('/cloud/cloud-provider', stateKey<CloudState>('cloud-provider'))!;
  t.true(await sim.until(() => Object.keys(cloud().routes).length === 1 && (loop()?.failures ?? 0) > 0, 30_000));
  await sim.advance(60_000);
  const s = loop()!;
  t.true(s.failures >= 5, `${s.failures} failures`);
  t.true(s.cloudCalls < 40, `${s.cloudCalls} cloud calls in a minute`);
  t.deepEqual(Object.values(cloud().routes).map((r) => r.targetNode), ['w1']);
  const w1 = world.objects.get('nodes//w1') as Node;
  t.is(w1.status?.conditions?.find((c) => c.type === 'NetworkUnavailable')?.reason, 'RouteCreated');
  const warnings = [...world.objects.values()].filter((o) => (o as { reason?: string }).reason === 'FailedToCreateRoute');
  t.true(warnings.length >= 1);
  sim.close();
});
