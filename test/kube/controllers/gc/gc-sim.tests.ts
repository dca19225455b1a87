// The garbage collector as an actor on the real apiserver (one control plane): its informers,
// its live reads of owners the cache lacks, and its deletes in every propagation mode.

import test from 'ava';
import { defineActor, host } from '../../../../runtime/index.ts';
import { Simulation } from '../../../../runtime/kernel/index.ts';
import { startCluster } from '../../../../scenarios/cluster/index.ts';
import type { ApiDone } from '../../../../actors/client/api-client-shell.ts';
import { clientKit, type KitMsg, type KitState } from '../../../../actors/client/client-kit.ts';
import { controllerStateKey, defineController } from '../../../../actors/client/controller.ts';
import { createCall, deleteCall, getCall, listCall } from '../../../../actors/client/requests.ts';
import type { ApiCall, ObjectList } from '../../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { gcSpec } from '../../../../actors/kube-controller-manager/garbagecollector/controller.ts';
import { GC_KINDS, ownerRef } from './gc-helpers.ts';

const HOSTS = ['control-plane-1'];
type UserMsg = KitMsg | { type: 'Do'; call: ApiCall; tag: string };

function user(done: ApiDone[], token: string) {
  const kit = clientKit({ client: { hosts: HOSTS, token }, source: { component: 'user' } });
  return defineActor<UserMsg, KitState>({
    kind: 'user',
    init: (ctx) => kit.init(ctx.now()),
    receive: (s, m, ctx) => {
      if (m.type === 'Do') kit.call(s, ctx, m.call, m.tag);
      else done.push(...kit.receive(s, ctx, m, () => undefined).done);
      return s;
    },
  });
}

test('gc (actor): background, foreground and orphan deletion on the real apiserver', async (t) => {
  const sim = new Simulation({ seed: 3, network: { latency: { min: 0.2, max: 0.5 } } });
  const cluster = startCluster(sim.system, { controlPlanes: 1, workers: 0 });
  const token = cluster.token('admin');
  const gc = defineController({ ...gcSpec(GC_KINDS), kind: 'gc', client: { hosts: HOSTS, qps: 50, burst: 100, token }, workers: 20 });
  sim.system.spawn(host({ children: [{ id: 'gc', actor: gc }] }), { name: 'mgr' });
  const done: ApiDone[] = [];
  sim.system.spawn(host({ children: [{ id: 'user', actor: user(done, token) }] }), { name: 'usr' });
  let n = 0;
  const run = async (call: ApiCall) => {
    const tag = `t${n++}`;
    sim.system.send(sim.system.lookup<UserMsg>('/usr/user')!, { type: 'Do', call, tag });
    t.true(await sim.until(() => done.some((d) => d.tag === tag), 30_000), tag);
    return done.find((d) => d.tag === tag)!.result;
  };
  const cm = async (name: string, owners: KubeObject[] = []) => {
    const r = await run(createCall({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', ...(owners.length ? { ownerReferences: owners.map((o) => ownerRef(o, { blockOwnerDeletion: true })) } : {}) } }));
    t.true(r.ok, JSON.stringify(r.body));
    return r.body as KubeObject;
  };
  const names = async () => ((await run(listCall('cm', { namespace: 'default' }))).body as ObjectList).items.map((o) => o.metadata.name!).filter((x) => x !== 'kube-root-ca.crt').sort();

  // The cluster makes its default namespace as it boots.
  for (let i = 0; i < 20 && !(await run(listCall('ns'))).ok; i++) await sim.advance(500);
  for (let i = 0; i < 20 && !(await run(getCall('ns', 'default'))).ok; i++) await sim.advance(500);
  const a = await cm('a');
  await cm('a-child', [await cm('a-mid', [a])]);
  const f = await cm('f');
  await cm('f-child', [f]);
  const o = await cm('o');
  await cm('o-child', [o]);
  await sim.advance(3000);
  t.deepEqual(await names(), ['a', 'a-child', 'a-mid', 'f', 'f-child', 'o', 'o-child']);

  await run(deleteCall('cm', 'a', { namespace: 'default' }));
  await run(deleteCall('cm', 'f', { namespace: 'default' }, { propagationPolicy: 'Foreground' }));
  await run(deleteCall('cm', 'o', { namespace: 'default' }, { propagationPolicy: 'Orphan' }));
  await sim.advance(10_000);
  t.deepEqual(await names(), ['o-child']);
  const child = (await run(getCall('cm', 'o-child', { namespace: 'default' }))).body as KubeObject;
  t.deepEqual(child.metadata.ownerReferences ?? [], []);
  const state = sim.system.stateOf('/mgr/gc', controllerStateKey('gc'))!;
  // The gone owner was confirmed by a live read, whose answer the controller's memory keeps.
  t.true(Object.keys(state.memory.absent as object).includes(a.metadata.uid!));
  t.deepEqual(state.memory.probes, {});
  sim.close();
});
