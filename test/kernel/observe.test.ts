// The kernel's observation hook and the durable view of a disk: what an invariant checker reads.

import test from 'ava';
import { defineActor, Disk, host, Rng, Simulation } from '../../runtime/index.ts';

type Msg = { type: 'write'; n: number } | { type: 'synced' };

test('an observer runs after every settled instant, sees what its messages did, and can be removed', async (t) => {
  const sim = new Simulation({ network: { latency: { min: 5, max: 5 } } });
  const counter = defineActor<Msg, { n: number }>({ kind: 'counter', init: () => ({ n: 0 }), receive: (s, m) => (m.type === 'write' ? { n: s.n + m.n } : s) });
  type Go = { type: 'go' };
  const sender = defineActor<Go, null>({
    kind: 'sender',
    init: () => null,
    receive: (s, _m, ctx) => {
      ctx.send(ctx.address<Msg>('/b/counter'), { type: 'write', n: 1 });
      ctx.timers.once('again', 2, { type: 'go' });
      return s;
    },
  });
  sim.system.spawn(host({ children: [{ id: 'sender', actor: sender }] }), { name: 'a' });
  sim.system.spawn(host({ children: [{ id: 'counter', actor: counter }] }), { name: 'b' });
  const seen: [number, number][] = [];
  sim.observe(() => seen.push([sim.clock.now(), (sim.system.cellAt('/b/counter')?.state as { n: number } | undefined)?.n ?? -1]));
  sim.system.send(sim.system.lookup<Go>('/a/sender')!, { type: 'go' });
  await sim.advance(8);
  // At the start of the run (after the send from outside), then at each instant: the timer at
  // 2, 4, 6, 8 and the arrivals at 5 and 7, each seen with its effect on the counter.
  t.deepEqual(seen, [
    [0, 0],
    [2, 0],
    [4, 0],
    [5, 1],
    [6, 1],
    [7, 2],
    [8, 2],
  ]);
  sim.observe(null);
  await sim.advance(4);
  t.is(seen.length, 7);
  sim.close();
});

test('the durable view of a disk holds the synced writes only, and a crash never takes them back', (t) => {
  const d = new Disk('h');
  d.append('log', 1);
  d.put('state', { term: 1 });
  d.commit(d.syncPoint());
  d.append('log', 2);
  d.put('state', { term: 2 });
  t.deepEqual(d.records('log'), [1, 2]);
  t.deepEqual(d.durable().records('log'), [1]);
  t.deepEqual(d.durable().get('state'), { term: 1 });
  t.is(d.synced('log'), 1);
  t.deepEqual(d.durableWrites('log', 0), [{ kind: 'append', record: 1 }]);
  t.deepEqual(d.durableWrites('state', 0), [{ kind: 'put', value: { term: 1 } }]);
  t.is(d.durable().get('missing'), undefined);
  const before = d.durable().records('log');
  d.crash(new Rng(3));
  // What was synced is still there; what the crash kept of the tail is synced now.
  t.deepEqual(d.durable().records('log').slice(0, before.length), before);
  t.deepEqual(d.durable().records('log'), d.records('log'));
  t.is(d.synced('log'), d.records('log').length);
});

test('the durable view is a copy: a reader cannot change the disk through it', (t) => {
  const d = new Disk('h');
  d.put('state', { term: 1 });
  d.commit(d.syncPoint());
  (d.durable().get('state') as { term: number }).term = 9;
  (d.durable().records('state') as unknown[]).push(1);
  t.deepEqual(d.get('state'), { term: 1 });
  t.deepEqual(d.records('state'), []);
});

test('a simulation finds a host disk by its name; the durable view follows fsyncs', async (t) => {
  const sim = new Simulation({ fsyncMs: 3 });
  const writer = defineActor<Msg, null>({
    kind: 'writer',
    init: () => null,
    receive: (s, m, ctx) => {
      if (m.type === 'write') {
        ctx.disk.append('log', m.n);
        ctx.disk.fsync({ type: 'synced' });
      }
      return s;
    },
  });
  sim.system.spawn(host({ children: [{ id: 'w', actor: writer }] }), { name: 'h1' });
  t.is(sim.diskOf('h1'), undefined);
  t.is(sim.diskOf('nobody'), undefined);
  sim.system.send(sim.system.lookup<Msg>('/h1/w')!, { type: 'write', n: 7 });
  await sim.advance(1);
  t.deepEqual(sim.diskOf('h1')?.records('log'), [7]);
  t.deepEqual(sim.durableDisk('h1')?.records('log'), []);
  await sim.advance(3);
  t.deepEqual(sim.durableDisk('h1')?.records('log'), [7]);
  sim.close();
});
