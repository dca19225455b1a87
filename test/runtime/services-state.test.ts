// Typed services, typed state reads, typed disk files: the ways components and checks name things
// without a string cast.

import test from 'ava';
import { defineActor, host, logFile, service, stateKey, valueFile } from '../../runtime/index.ts';
import { Simulation } from '../../runtime/kernel/index.ts';

type Msg = { type: 'add'; n: number };
const counterKey = stateKey<{ total: number }>('counter');
const counterService = service<Msg>('counter');
const counter = defineActor<Msg, { total: number }>({ kind: counterKey.kind, init: () => ({ total: 0 }), receive: (s, m) => ({ total: s.total + m.n }) });

test('a service names its path on any host, nested under its parent service there', (t) => {
  const manager = service<Msg>('kube-controller-manager');
  const replicaset = service<Msg>('replicaset', { under: manager });
  t.deepEqual(counterService.on('worker-1'), { path: '/worker-1/counter', uid: 0 });
  t.is(replicaset.pathOn('control-plane-1'), '/control-plane-1/kube-controller-manager/replicaset');
  t.is(replicaset.on('cp').path, '/cp/kube-controller-manager/replicaset');
  t.throws(() => service('no/slashes'), { message: /service "no\/slashes": name: may contain only/ });
});

test("a service ref reaches whatever incarnation runs there; stateOf reads its state, typed by the kind's key", async (t) => {
  const sim = new Simulation({ seed: 1 });
  sim.system.spawn(host({ children: [{ id: counterService.name, actor: counter }] }), { name: 'h', restart: 'permanent' });
  sim.system.send(counterService.on('h'), { type: 'add', n: 2 });
  await sim.advance(1);
  const total: number | undefined = sim.system.stateOf(counterService.on('h'), counterKey)?.total;
  t.is(total, 2);
  sim.crashHost('h');
  t.is(sim.system.stateOf('/h/counter', counterKey), undefined, 'nothing runs there while the host is down');
  sim.restartHost('h');
  sim.system.send(counterService.on('h'), { type: 'add', n: 5 });
  await sim.advance(1);
  t.is(sim.system.stateOf('/h/counter', counterKey)?.total, 5, 'the new incarnation got it, from fresh state');
  t.throws(() => sim.system.stateOf('/h', counterKey), { message: 'stateOf /h: a host runs there, not a counter' });
  sim.close();
});

test('typed disk files: what a file was declared to hold is what reading it gives, across a crash', async (t) => {
  const LOG = logFile<{ n: number }>('log');
  const BOOTS = valueFile<number>('boots');
  const seen: { boots: number; log: { n: number }[] }[] = [];
  const writer = defineActor<{ type: 'write'; n: number }, null>({
    kind: 'writer',
    init: (ctx) => {
      const boots = (ctx.disk.get(BOOTS) ?? 0) + 1;
      seen.push({ boots, log: ctx.disk.records(LOG) });
      ctx.disk.put(BOOTS, boots);
      ctx.disk.fsync();
      return null;
    },
    receive: (s, m, ctx) => {
      ctx.disk.append(LOG, { n: m.n });
      ctx.disk.fsync();
      return s;
    },
  });
  const sim = new Simulation({ seed: 2 });
  sim.system.spawn(host({ children: [{ id: 'w', actor: writer }] }), { name: 'h', restart: 'permanent' });
  sim.system.send(sim.system.lookup<{ type: 'write'; n: number }>('/h/w')!, { type: 'write', n: 7 });
  await sim.advance(10);
  sim.crashHost('h');
  sim.restartHost('h');
  await sim.advance(10);
  t.deepEqual(seen, [{ boots: 1, log: [] }, { boots: 2, log: [{ n: 7 }] }]);
  t.deepEqual(sim.durableDisk('h')?.records(LOG), [{ n: 7 }]);
  sim.close();
});
