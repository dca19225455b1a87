// Host crashes seen from every side: messages on the wire, watchers, the rebuilt tree, causes.

import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ActorRef, address, defineActor, host, type Terminated } from '../../runtime/index.ts';
import type { InspectNode } from '../../runtime/system/index.ts';
import { Simulation } from '../../runtime/kernel/index.ts';
import { TraceReader, treeAt } from '../../runtime/trace/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'kyb-hostcrash-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));
type Ping = { type: 'ping'; n: number };

test('a message in flight to a host that crashes and restarts before it lands is lost', async (t) => {
  const got: number[] = [];
  const sim = new Simulation({ network: { latency: { min: 10, max: 10 } } });
  const sink = defineActor<Ping, null>({ kind: 'sink', init: () => null, receive: (s, m) => (got.push(m.n), s) });
  type Go = { type: 'go'; n: number };
  const src = defineActor<Go, null>({ kind: 'src', init: () => null, receive: (s, m, ctx) => (ctx.send(address<Ping>('/b/sink'), { type: 'ping', n: m.n }), s) });
  sim.system.spawn(host({ children: [{ id: 'src', actor: src }] }), { name: 'a' });
  sim.system.spawn(host({ children: [{ id: 'sink', actor: sink }] }), { name: 'b' });
  sim.system.send(sim.system.lookup<Go>('/a/src')!, { type: 'go', n: 1 });
  await sim.advance(3);
  sim.crashHost('b');
  sim.restartHost('b');
  await sim.advance(20);
  t.deepEqual(got, []);
  sim.system.send(sim.system.lookup<Go>('/a/src')!, { type: 'go', n: 2 });
  await sim.advance(20);
  t.deepEqual(got, [2]);
  sim.close();
});

test('watchers of a crashed host hear of it', async (t) => {
  const seen: Terminated[] = [];
  type W = { type: 'watch'; ref: ActorRef<never> } | Terminated;
  const sim = new Simulation();
  const watcher = defineActor<W, null>({ kind: 'w', init: () => null, receive: (s, m, ctx) => (m.type === 'watch' ? ctx.watch(m.ref) : seen.push(m), s) });
  sim.system.spawn(host({ children: [{ id: 'w', actor: watcher }] }), { name: 'a' });
  sim.system.spawn(host({ children: [] }), { name: 'b' });
  sim.system.send(sim.system.lookup<W>('/a/w')!, { type: 'watch', ref: sim.system.lookup('/b')! });
  await sim.advance(1);
  sim.crashHost('b');
  await sim.advance(1);
  t.deepEqual(seen.map((x) => [x.ref.path, x.reason]), [['/b', { kind: 'failed', error: 'host crashed', messageType: 'crash' }]]);
  sim.close();
});

test('the tree rebuilt from a trace keeps a crashed host, and shows it back after its restart', async (t) => {
  const file = join(dir, 'crash.trace');
  const sim = new Simulation({ name: 'h', trace: { file } });
  sim.system.spawn(host({ children: [{ id: 'x', actor: defineActor<Ping, null>({ kind: 'x', init: () => null, receive: (s) => s }) }] }), { name: 'h1' });
  await sim.advance(1);
  const strip = (n: InspectNode): unknown => ({ ...n, description: undefined, children: n.children.map(strip) });
  const snaps: [number, unknown][] = [];
  sim.crashHost('h1');
  snaps.push([sim.events, strip(sim.system.inspect())]);
  await sim.advance(1);
  sim.restartHost('h1');
  await sim.advance(1);
  snaps.push([sim.events, strip(sim.system.inspect())]);
  sim.close();
  for (const [beforeSeq, live] of snaps) {
    const r = new TraceReader(file);
    t.deepEqual(JSON.parse(JSON.stringify(strip(treeAt(r.events(), { beforeSeq }, 'h') as InspectNode))), JSON.parse(JSON.stringify(live)));
    r.close();
  }
  // Read to its end, the trace shows the run's last moment, not the shutdown after it.
  const r = new TraceReader(file);
  const end = treeAt(r.events(), { atMs: Infinity }, 'h');
  r.close();
  t.like(end.children[0], { path: '/h1', status: 'running', restarts: 1 });
});

test('a failure that does not come from a throw in receive leaves the message counted as processed', async (t) => {
  const file = join(dir, 'processed.trace');
  const sim = new Simulation({ name: 'p', trace: { file } });
  type M = { type: 'spawn-bad' };
  const bad = defineActor<Ping, null>({ kind: 'bad', init: () => { throw new Error('no'); }, receive: (s) => s });
  const parent = defineActor<M, null>({
    kind: 'parent',
    supervision: { maxRestarts: 0 },
    init: () => null,
    receive: (s, _m, ctx) => (ctx.spawn(bad, { name: 'bad' }), s),
  });
  const p = sim.system.spawn(parent, { name: 'parent', restart: 'temporary' });
  sim.system.spawn(defineActor<Ping, null>({ kind: 'keep', init: () => null, receive: (s) => s }), { name: 'keep' });
  sim.system.send(p, { type: 'spawn-bad' });
  await sim.advance(1);
  const live = sim.system.inspect();
  const events = sim.events;
  sim.close();
  const r = new TraceReader(file);
  const rebuilt = treeAt(r.events(), { beforeSeq: events }, 'p');
  r.close();
  t.is(rebuilt.children.length, live.children.length);
  t.deepEqual(rebuilt.children.map((c) => [c.path, c.processed]), live.children.map((c) => [c.path, c.processed]));
});

test('causes survive a nested failure: what a handler sends after it is still caused by its delivery', async (t) => {
  const file = join(dir, 'cause.trace');
  const sim = new Simulation({ name: 'c', trace: { file } });
  type M = { type: 'go' } | { type: 'after' };
  const bad = defineActor<Ping, null>({ kind: 'bad', init: () => { throw new Error('no'); }, receive: (s) => s });
  const p = defineActor<M, null>({
    kind: 'p',
    supervision: { maxRestarts: 5 },
    init: () => null,
    receive: (s, m, ctx) => {
      if (m.type === 'go') {
        ctx.spawn(bad, { name: 'bad' });
        ctx.send(ctx.self, { type: 'after' });
      }
      return s;
    },
  });
  sim.system.send(sim.system.spawn(p, { name: 'p' }), { type: 'go' });
  await sim.advance(1);
  sim.close();
  const events = [...new TraceReader(file).events()];
  const deliverGo = events.find((e) => e.type === 'deliver' && e.messageType === 'go')!;
  const sendAfter = events.find((e) => e.type === 'send' && e.messageType === 'after')!;
  t.is(sendAfter.cause, deliverGo.seq);
});
