import test from 'ava';
import { type ActorRef, defineActor, host, logFile, type Terminated } from '../../runtime/index.ts';
import { wallNow } from '../../runtime/clock.ts';
import { Simulation, VirtualTimeStuckError } from '../../runtime/kernel/index.ts';
import './concurrent-runs.tests.ts';
import './wire-copy.tests.ts';

const LOG = logFile<number>('log');

type StoreMsg = { type: 'write'; n: number; sync: boolean } | { type: 'synced'; upTo: number };

/** Appends each value to its host's disk; fsyncs when asked; at start reads back what survived. */
const store = (recovered: number[][]) =>
  defineActor<StoreMsg, { synced: number }>({
    kind: 'store',
    init: (ctx) => {
      recovered.push(ctx.disk.records(LOG));
      return { synced: 0 };
    },
    receive: (s, m, ctx) => {
      if (m.type === 'write') {
        ctx.disk.append(LOG, m.n);
        if (m.sync) ctx.disk.fsync({ type: 'synced', upTo: m.n });
        return s;
      }
      return { synced: m.upTo };
    },
    describe: (s) => s,
  });

async function crashRun(seed: number) {
  const recovered: number[][] = [];
  const sim = new Simulation({ seed, fsyncMs: 1 });
  sim.system.spawn(host({ children: [{ id: 'store', actor: store(recovered) }] }), { name: 'db', restart: 'permanent' });
  const s = sim.system.lookup<StoreMsg>('/db/store')!;
  for (let n = 1; n <= 5; n++) sim.system.send(s, { type: 'write', n, sync: n === 5 });
  await sim.advance(10); // 1..5 durable
  for (let n = 6; n <= 15; n++) sim.system.send(s, { type: 'write', n, sync: false });
  await sim.advance(0);
  const report = sim.crashHost('db');
  sim.restartHost('db');
  await sim.advance(10);
  sim.close();
  return { recovered, report };
}

test('a host crash loses exactly the unsynced writes the seed chose, and none of the synced ones', async (t) => {
  const outcomes = new Set<number>();
  for (let seed = 1; seed <= 12; seed++) {
    const { recovered, report } = await crashRun(seed);
    t.deepEqual(recovered[0], []);
    const after = recovered[1]!;
    const kept = report[0]!.kept;
    t.is(report[0]!.lost, 10 - kept);
    t.deepEqual(after, Array.from({ length: 5 + kept }, (_, i) => i + 1)); // a prefix: 1..5 always, then the chosen few
    t.deepEqual((await crashRun(seed)).recovered[1], after); // the seed decides
    outcomes.add(kept);
  }
  t.true(outcomes.size > 2, `different seeds keep different tails: ${[...outcomes]}`);
});

test('an fsync interrupted by a crash makes nothing durable', async (t) => {
  const recovered: number[][] = [];
  const sim = new Simulation({ seed: 4, fsyncMs: 5 });
  sim.system.spawn(host({ children: [{ id: 'store', actor: store(recovered) }] }), { name: 'db', restart: 'permanent' });
  for (let n = 1; n <= 30; n++) sim.system.send(sim.system.lookup<StoreMsg>('/db/store')!, { type: 'write', n, sync: n === 30 });
  await sim.advance(2); // the fsync is under way, not done
  const [report] = sim.crashHost('db');
  t.is(report!.kept + report!.lost, 30);
  sim.close();
});

type Ping = { type: 'ping'; n: number };
const sink = (got: number[]) =>
  defineActor<Ping, null>({ kind: 'sink', init: () => null, receive: (s, m) => (got.push(m.n), s) });
type SourceMsg = { type: 'go'; to: ActorRef<Ping>; count: number };
const source = defineActor<SourceMsg, null>({
  kind: 'source',
  init: () => null,
  receive: (s, m, ctx) => {
    for (let n = 1; n <= m.count; n++) ctx.send(m.to, { type: 'ping', n });
    return s;
  },
});

async function twoHosts(options: ConstructorParameters<typeof Simulation>[0] = {}) {
  const got: number[] = [];
  const sim = new Simulation({ seed: 9, ...options });
  sim.system.spawn(host({ children: [{ id: 'src', actor: source }] }), { name: 'a', restart: 'permanent' });
  sim.system.spawn(host({ children: [{ id: 'sink', actor: sink(got) }] }), { name: 'b', restart: 'permanent' });
  const go = (count: number) =>
    sim.system.send(sim.system.lookup<SourceMsg>('/a/src')!, { type: 'go', to: { path: '/b/sink', uid: 0 }, count });
  return { sim, got, go };
}

test('between hosts, messages take the link latency; within a host they take none', async (t) => {
  const { sim, got, go } = await twoHosts({ network: { latency: { min: 10, max: 10 } } });
  go(3);
  await sim.advance(9.9);
  t.deepEqual(got, []);
  await sim.advance(0.1);
  t.deepEqual(got, [1, 2, 3]);
  sim.close();
});

test('messages in flight to a crashed host are lost; after its restart new ones arrive', async (t) => {
  const { sim, got, go } = await twoHosts({ network: { latency: { min: 10, max: 10 } }, trace: {} });
  const drops: string[] = [];
  sim.tracer!.events$.subscribe((e) => e.type === 'drop' && drops.push(String(e.detail)));
  go(3);
  await sim.advance(5);
  sim.crashHost('b');
  await sim.advance(10);
  t.deepEqual(drops, ['host-down', 'host-down', 'host-down']);
  sim.restartHost('b');
  go(2);
  await sim.advance(10);
  t.deepEqual(got, [1, 2]);
  sim.close();
});

test('loss drops and duplication repeats, as the seed decides', async (t) => {
  const { sim, got, go } = await twoHosts({ network: { loss: 0.25, duplicate: 0.25, reorder: true } });
  go(400);
  await sim.advance(100);
  const distinct = new Set(got);
  t.true(distinct.size < 400 && distinct.size > 250, `distinct ${distinct.size}`);
  t.true(got.length > distinct.size, `duplicates: ${got.length - distinct.size}`);
  sim.close();
});

test('a death watch across hosts hears of the end', async (t) => {
  const sim = new Simulation({ seed: 1 });
  const seen: Terminated[] = [];
  type W = { type: 'watch'; ref: ActorRef<never> } | Terminated;
  const watcher = defineActor<W, null>({
    kind: 'watcher',
    init: () => null,
    receive: (s, m, ctx) => (m.type === 'watch' ? ctx.watch(m.ref) : seen.push(m), s),
  });
  sim.system.spawn(host({ children: [{ id: 'w', actor: watcher }] }), { name: 'a' });
  sim.system.spawn(host({ children: [{ id: 'sink', actor: sink([]) }] }), { name: 'b' });
  sim.system.send(sim.system.lookup<W>('/a/w')!, { type: 'watch', ref: sim.system.lookup('/b/sink')! });
  await sim.advance(1);
  sim.crashHost('b');
  await sim.advance(1);
  t.is(seen.length, 1);
  t.deepEqual(seen[0]!.reason, { kind: 'shutdown' });
  sim.close();
});

test('virtual time jumps: a five-minute timer fires at five minutes without waiting for them', async (t) => {
  const sim = new Simulation();
  const fired: number[] = [];
  sim.system.spawn(
    defineActor<{ type: 'evict' }, null>({
      kind: 'timer',
      init: (ctx) => (ctx.timers.once('evict', 300_000, { type: 'evict' }), null),
      receive: (s, _m, ctx) => (fired.push(ctx.now()), s),
    }),
    { name: 't' },
  );
  await sim.advance(3_600_000);
  t.deepEqual(fired, [300_000]);
  t.is(sim.clock.now(), 3_600_000);
  sim.close();
});

test('a message loop that never lets time move is reported, not spun on forever', async (t) => {
  const sim = new Simulation({ maxEventsPerInstant: 5000 });
  const echo = defineActor<{ type: 'again' }, number>({
    kind: 'echo',
    init: () => 0,
    receive: (n, m, ctx) => (ctx.send(ctx.self, m), n + 1),
    describe: (n) => n,
  });
  const e = sim.system.spawn(echo, { name: 'e' });
  sim.system.send(e, { type: 'again' });
  await t.throwsAsync(sim.advance(10), {
    instanceOf: VirtualTimeStuckError,
    message: 'virtual time is stuck at 0ms: more than 5000 messages handled in one instant (a message loop?)',
  });
  t.is(sim.system.inspect().children[0]!.description, 5000);
});

test('an instant that never ends is reported, not spun on forever', async (t) => {
  const sim = new Simulation({ maxEventsPerInstant: 1000 });
  sim.system.spawn(
    defineActor<{ type: 'again' }, null>({
      kind: 'spinner',
      init: (ctx) => (ctx.timers.once('k', 0, { type: 'again' }), null),
      receive: (s, _m, ctx) => (ctx.timers.once('k', 0, { type: 'again' }), s),
    }),
    { name: 's' },
  );
  // Each zero-delay timer is its own batch once the actor re-arms it: the loop must still end.
  sim.system.spawn(
    defineActor<{ type: 'x' }, null>({
      kind: 'burst',
      init: (ctx) => {
        for (let i = 0; i < 2000; i++) ctx.timers.once(`k${i}`, 5, { type: 'x' });
        return null;
      },
      receive: (s) => s,
    }),
    { name: 'b' },
  );
  await t.throwsAsync(sim.advance(10), { instanceOf: VirtualTimeStuckError, message: /virtual time is stuck at (0|5)ms/ });
});

test('real-time mode paces virtual time to the wall clock, same actors, same code', async (t) => {
  const fired: number[] = [];
  const ticker = defineActor<{ type: 'tick' }, null>({
    kind: 'ticker',
    init: (ctx) => (ctx.timers.every('tick', 100, { type: 'tick' }), null),
    receive: (s, _m, ctx) => (fired.push(ctx.now()), s),
  });
  const run = async (realtime?: { speed: number }) => {
    fired.length = 0;
    const sim = new Simulation({ realtime });
    sim.system.spawn(ticker, { name: 't' });
    const t0 = wallNow();
    await sim.advance(1000);
    sim.close();
    return { wall: wallNow() - t0, fired: [...fired] };
  };
  const paced = await run({ speed: 10 }); // 1000 virtual ms in about 100 wall ms
  const free = await run();
  t.deepEqual(paced.fired, free.fired);
  t.true(paced.wall >= 90, `paced run took ${paced.wall.toFixed(0)}ms`);
  t.true(free.wall < paced.wall, `free run took ${free.wall.toFixed(0)}ms`);
});
