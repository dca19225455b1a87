// The kernel's observation hooks (per settled instant, per step) and the durable view of a disk:
// what an invariant checker reads.

import test from 'ava';
import { defineActor, host, logFile, Rng, service, valueFile } from '../../runtime/index.ts';
import { Disk, Simulation } from '../../runtime/kernel/index.ts';

const LOG = logFile<number>('log');
const STATE = valueFile<{ term: number }>('state');
/** The same file read as a log, to show a put file reads as no records. */
const STATE_AS_LOG = logFile<unknown>('state');

type Msg = { type: 'write'; n: number } | { type: 'synced' };

/** Adds up what it is sent. */
const counterService = service<Msg>('counter');
const counter = defineActor<Msg, { n: number }>({ kind: 'counter', init: () => ({ n: 0 }), receive: (s, m) => (m.type === 'write' ? { n: s.n + m.n } : s) });

test('an observer runs after every settled instant, sees what its messages did, and can be removed', async (t) => {
  const sim = new Simulation({ network: { latency: { min: 5, max: 5 } } });
  type Go = { type: 'go' };
  const sender = defineActor<Go, null>({
    kind: 'sender',
    init: () => null,
    receive: (s, _m, ctx) => {
      ctx.send(counterService.on('b'), { type: 'write', n: 1 });
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

test('a step observer runs after every message handled, within an instant too, with the actor that handled it', async (t) => {
  const sim = new Simulation();
  sim.system.spawn(host({ children: [{ id: 'counter', actor: counter }] }), { name: 'b' });
  const seen: string[] = [];
  const n = () => (sim.system.cellAt('/b/counter')?.state as { n: number } | undefined)?.n;
  sim.observeSteps((path) => seen.push(`${sim.clock.now()} ${path} ${n()}`));
  const ref = sim.system.lookup<Msg>('/b/counter')!;
  // Three messages of one instant: a per-instant observer sees only the last state, 6.
  for (const k of [1, 2, 3]) sim.system.send(ref, { type: 'write', n: k });
  await sim.advance(1);
  t.deepEqual(seen, ['0 /b/counter 1', '0 /b/counter 3', '0 /b/counter 6']);
  sim.observeSteps(null);
  sim.system.send(ref, { type: 'write', n: 1 });
  await sim.advance(1);
  t.is(seen.length, 3);
  t.is(n(), 7);
  sim.close();
});

test('a step observer hears of incarnations started and ended, fsyncs done and disks crashed, each once', async (t) => {
  const sim = new Simulation({ fsyncMs: 2 });
  const writer = defineActor<Msg, { n: number }>({
    kind: 'writer',
    init: (ctx) => ({ n: ctx.disk.records(LOG).length }),
    receive: (s, m, ctx) => {
      if (m.type === 'write') {
        ctx.disk.append(LOG, m.n);
        ctx.disk.fsync({ type: 'synced' });
      }
      return s;
    },
  });
  const seen: string[] = [];
  sim.observeSteps((path) => seen.push(`${sim.clock.now()} ${path}`));
  sim.system.spawn(host({ children: [{ id: 'w', actor: writer }] }), { name: 'h' });
  // The host's init, then its child's: each is a new state as soon as it has run.
  t.deepEqual(seen.splice(0), ['0 /h', '0 /h/w']);
  sim.system.send(sim.system.lookup<Msg>('/h/w')!, { type: 'write', n: 1 });
  await sim.advance(3);
  // The write, then at 2 the fsync (the disk's durable part moved) and the message it sends.
  t.deepEqual(seen.splice(0), ['0 /h/w', '2 /h/w', '2 /h/w']);
  t.deepEqual(sim.durableDisk('h')?.records(LOG), [1]);
  sim.crashHost('h');
  // The child stops, the host stops, and the disk crashes: three steps.
  t.deepEqual(seen.splice(0), ['3 /h/w', '3 /h', '3 /h']);
  sim.restartHost('h');
  t.deepEqual(seen.splice(0), ['3 /h', '3 /h/w']);
  sim.crashActor('/h/w');
  t.deepEqual(seen.splice(0), ['3 /h/w']);
  // Closing the run takes the system down without telling the observer.
  sim.close();
  t.deepEqual(seen, []);
});

test('a step observer changes nothing in the run: same trace hash with it and without', async (t) => {
  const run = async (observed: boolean) => {
    const sim = new Simulation({ seed: 5, network: { latency: { min: 1, max: 3 } }, trace: { hash: true } });
      type Go = { type: 'go' };
    const sender = defineActor<Go, null>({
      kind: 'sender',
      init: () => null,
      receive: (s, _m, ctx) => {
        ctx.send(counterService.on('b'), { type: 'write', n: 1 + Math.floor(ctx.random() * 9) });
        ctx.timers.once('again', 2, { type: 'go' });
        return s;
      },
    });
    let steps = 0;
    if (observed) sim.observeSteps(() => steps++);
    sim.system.spawn(host({ children: [{ id: 'sender', actor: sender }] }), { name: 'a' });
    sim.system.spawn(host({ children: [{ id: 'counter', actor: counter }] }), { name: 'b' });
    sim.system.send(sim.system.lookup<Go>('/a/sender')!, { type: 'go' });
    await sim.advance(50);
    return { hash: sim.close(), steps };
  };
  const on = await run(true);
  const off = await run(false);
  t.true(on.steps > 40, `${on.steps} steps`);
  t.is(on.hash, off.hash);
});

test('the durable view of a disk holds the synced writes only, and a crash never takes them back', (t) => {
  const d = new Disk('h');
  d.append('log', 1);
  d.put('state', { term: 1 });
  d.commit(d.syncPoint());
  d.append('log', 2);
  d.put('state', { term: 2 });
  t.deepEqual(d.records('log'), [1, 2]);
  t.deepEqual(d.durable().records(LOG), [1]);
  t.deepEqual(d.durable().get(STATE), { term: 1 });
  t.is(d.synced('log'), 1);
  t.deepEqual(d.durableWrites('log', 0), [{ kind: 'append', record: 1 }]);
  t.deepEqual(d.durableWrites('state', 0), [{ kind: 'put', value: { term: 1 } }]);
  t.is(d.durable().get(valueFile<number>('missing')), undefined);
  const before = d.durable().records(LOG);
  d.crash(new Rng(3));
  // What was synced is still there; what the crash kept of the tail is synced now.
  t.deepEqual(d.durable().records(LOG).slice(0, before.length), before);
  t.deepEqual(d.durable().records(LOG), d.records('log'));
  t.is(d.synced('log'), d.records('log').length);
});

test('the durable view is a copy: a reader cannot change the disk through it', (t) => {
  const d = new Disk('h');
  d.put('state', { term: 1 });
  d.commit(d.syncPoint());
  d.durable().get(STATE)!.term = 9;
  d.durable().records(STATE_AS_LOG).push(1);
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
        ctx.disk.append(LOG, m.n);
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
  t.deepEqual(sim.durableDisk('h1')?.records(LOG), []);
  await sim.advance(3);
  t.deepEqual(sim.durableDisk('h1')?.records(LOG), [7]);
  sim.close();
});
