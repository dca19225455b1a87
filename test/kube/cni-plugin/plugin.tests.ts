// The cni-plugin actor in the simulated kernel: it answers only once its writes are durable, a
// crash of the plugin between calls loses no allocation (it reads them back from the host's
// disk), and a crash of the whole host keeps every allocation it acknowledged.

import test from 'ava';
import { cniPlugin, cniPluginStateKey } from '../../../actors/cni-plugin/plugin.ts';
import { type CniMsg, type CniReply, cniPluginService } from '../../../protocols/kube/cni.ts';
import { type AskResult, defineActor, host } from '../../../runtime/index.ts';
import { Simulation } from '../../../runtime/kernel/index.ts';
import { add, type Call, check, del } from './fixtures.ts';

interface Heard {
  readonly at: number;
  readonly reply: CniReply;
}

/** A node running the plugin, and a host `test` whose `runtime` hears the replies. */
function boot(options: { seed?: number; fsyncMs?: number } = {}) {
  const sim = new Simulation({ network: { latency: { min: 1, max: 1 } }, ...options });
  const heard: Heard[] = [];
  const sink = defineActor<CniReply, null>({ kind: 'sink', init: () => null, receive: (s, m, ctx) => (heard.push({ at: ctx.now(), reply: m }), s) });
  sim.system.spawn(host({ children: [{ id: cniPluginService.name, actor: cniPlugin({ node: 'worker-1' }) }] }), { name: 'worker-1' });
  sim.system.spawn(host({ children: [{ id: 'runtime', actor: sink }] }), { name: 'test' });
  const path = cniPluginService.pathOn('worker-1');
  const send = (msg: CniMsg) => sim.system.send(cniPluginService.on('worker-1'), msg);
  const owners = () => {
    const s = sim.system.stateOf(path, cniPluginStateKey);
    return s && Object.fromEntries(Object.entries(s.store.owners).map(([ip, o]) => [ip, o.containerId]));
  };
  return { sim, heard, send, path, owners };
}

const addressOf = (r: CniReply | undefined) => (r?.ok && r.op === 'ADD' ? r.result.ips.map((i) => i.address) : r?.ok === false ? r.error.msg : r);

test('a reply leaves only after the fsync of what the call wrote', async (t) => {
  const { sim, heard, send } = boot({ fsyncMs: 50 });
  send(add({ containerId: 'c1', reqId: 1 }));
  await sim.advance(40);
  t.deepEqual(heard, []);
  await sim.advance(20);
  t.is(heard.length, 1);
  t.true(heard[0]!.at >= 50);
  t.deepEqual(addressOf(heard[0]!.reply), ['10.244.1.2/24']);
  sim.close();
});

test('a plugin crashed between calls keeps its allocations and its place in the walk', async (t) => {
  const { sim, heard, send, path, owners } = boot();
  const call = async (msg: CniMsg) => {
    const before = heard.length;
    send(msg);
    t.true(await sim.until(() => heard.length > before, 5000));
    return heard[heard.length - 1]!.reply;
  };
  t.deepEqual(addressOf(await call(add({ containerId: 'c1' }))), ['10.244.1.2/24']);
  t.deepEqual(addressOf(await call(add({ containerId: 'c2' }))), ['10.244.1.3/24']);
  sim.crashActor(path);
  await sim.advance(2000);
  t.is(sim.system.inspect().children.find((c) => c.path === '/worker-1')!.children[0]!.restarts, 1);
  t.deepEqual(owners(), { '10.244.1.2': 'c1', '10.244.1.3': 'c2' });
  // Still c1's: a second ADD is refused; and the next pod gets the next address, not a freed one.
  t.is(addressOf(await call(add({ containerId: 'c1' }))), 'failed to allocate for range 0: 10.244.1.2 has been allocated to c1, duplicate allocation is not allowed');
  t.like(await call(del({ containerId: 'c2' })), { ok: true, op: 'DEL' });
  sim.crashActor(path);
  await sim.advance(2000);
  t.deepEqual(owners(), { '10.244.1.2': 'c1' });
  t.deepEqual(addressOf(await call(add({ containerId: 'c3' }))), ['10.244.1.4/24']);
  t.like(await call(check({ containerId: 'c1' })), { ok: false, error: { msg: 'Required prevResult missing' } });
  sim.close();
});

test('a plugin that crashes while its reply waits for the fsync keeps the allocation; the retry finds it', async (t) => {
  const { sim, heard, send, path, owners } = boot({ fsyncMs: 50 });
  send(add({ containerId: 'c1' }));
  await sim.advance(10);
  sim.crashActor(path);
  await sim.advance(2000);
  // Whether the reply still went out depends on the incarnation being up when the fsync ends;
  // if it did, it is the right one. Either way the address is on disk and still c1's.
  for (const h of heard) t.deepEqual(addressOf(h.reply), ['10.244.1.2/24']);
  t.deepEqual(owners(), { '10.244.1.2': 'c1' });
  // A runtime whose ADD failed tears down with DEL and tries again, and gets an address.
  send(del({ containerId: 'c1', reqId: 2 }));
  send(add({ containerId: 'c1', reqId: 3 }));
  t.true(await sim.until(() => heard.some((h) => h.reply.reqId === 3), 5000));
  t.deepEqual(addressOf(heard.find((h) => h.reply.reqId === 3)!.reply), ['10.244.1.3/24']);
  sim.close();
});

test('host crashes at random moments never take back an acknowledged allocation nor hand one out twice', async (t) => {
  for (let seed = 1; seed <= 12; seed++) {
    const { sim, heard, send, owners } = boot({ seed, fsyncMs: 3 });
    const acked = new Map<string, string>();
    const maybeFreed = new Set<string>();
    let n = 0;
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 4; i++) {
        const c: Call = { containerId: `c${n}`, reqId: n };
        if (n % 5 === 4) {
          // Once a DEL is sent, a crash may keep its release though it was never answered.
          send(del({ ...c, containerId: `c${n - 3}` }));
          maybeFreed.add(`c${n - 3}`);
        } else send(add(c));
        n++;
        await sim.advance(1 + ((seed * 7 + n) % 4));
      }
      // Crash mid-flight: some calls were answered, some written but not yet durable.
      sim.crashHost('worker-1');
      for (const h of heard.splice(0)) {
        const r = h.reply;
        if (r.ok && r.op === 'ADD') acked.set(`c${r.reqId}`, r.result.ips[0]!.address.split('/')[0]!);
      }
      await sim.advance(5);
      sim.restartHost('worker-1');
      await sim.advance(5);
      const held = owners() ?? {};
      for (const [c, ip] of acked) if (!maybeFreed.has(c)) t.is(held[ip], c, `seed ${seed}: ${c}'s ${ip}`);
      t.is(new Set(Object.values(held)).size, Object.keys(held).length, `seed ${seed}: one address per container`);
    }
    sim.close();
  }
});

test('a runtime asks the plugin service on its own host, typed end to end', async (t) => {
  const sim = new Simulation();
  const answers: AskResult<CniReply>[] = [];
  type RuntimeMsg = { type: 'run'; containerId: string } | { type: 'answered'; result: AskResult<CniReply> };
  const runtime = defineActor<RuntimeMsg, null>({
    kind: 'container-runtime',
    init: () => null,
    receive: (s, m, ctx) => {
      if (m.type === 'answered') answers.push(m.result);
      else {
        const { replyTo: _, ...call } = add({ containerId: m.containerId });
        ctx.ask(cniPluginService.on('worker-1'), (replyTo) => ({ ...call, replyTo }), 1000, (result) => ({ type: 'answered', result }));
      }
      return s;
    },
  });
  sim.system.spawn(host({ children: [{ id: 'cni-plugin', actor: cniPlugin({ node: 'worker-1' }) }, { id: 'runtime', actor: runtime }] }), { name: 'worker-1' });
  sim.system.send(sim.system.lookup<RuntimeMsg>('/worker-1/runtime')!, { type: 'run', containerId: 'sandbox-1' });
  await sim.advance(100);
  t.is(answers.length, 1);
  const a = answers[0]!;
  t.deepEqual(a.ok && addressOf(a.reply), ['10.244.1.2/24']);
  sim.close();
});
