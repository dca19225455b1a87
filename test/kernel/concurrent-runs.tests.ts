// Several runs asked for at once, as a script awaiting many calls together does: each message
// must still be handled at the instant it arrives, and each run must end where it was asked to.

import test from 'ava';
import { type ActorRef, defineActor, host } from '../../runtime/index.ts';
import { Simulation } from '../../runtime/kernel/index.ts';

type Tick = { type: 'tick' };
type Stamp = { type: 'stamp'; sentAt: number };

const SINK = { path: '/b/sink', uid: 0 } as ActorRef<Stamp>;

/** Every millisecond sends the sink, on another host, the time it sent at. */
const ticker = defineActor<Tick, null>({
  kind: 'ticker',
  init: (ctx) => (ctx.timers.every('tick', 1, { type: 'tick' }), null),
  receive: (s, _m, ctx) => (ctx.send(SINK, { type: 'stamp', sentAt: ctx.now() }), s),
});
const sink = (lags: number[]) =>
  defineActor<Stamp, null>({ kind: 'sink', init: () => null, receive: (s, m, ctx) => (lags.push(ctx.now() - m.sentAt), s) });

function twoHosts() {
  const lags: number[] = [];
  const sim = new Simulation({ seed: 5, network: { latency: { min: 10, max: 10 } } });
  sim.system.spawn(host({ children: [{ id: 'ticker', actor: ticker }] }), { name: 'a', restart: 'permanent' });
  sim.system.spawn(host({ children: [{ id: 'sink', actor: sink(lags) }] }), { name: 'b', restart: 'permanent' });
  return { sim, lags };
}

test('concurrent runs take turns: no message waits past its arrival instant', async (t) => {
  const { sim, lags } = twoHosts();
  const held = await Promise.all(Array.from({ length: 12 }, (_, i) => sim.until(() => lags.length >= 10 * (i + 1), 1000)));
  t.true(held.every((h) => h));
  t.true(lags.length >= 120);
  t.deepEqual([...new Set(lags)], [10], 'every stamp is handled exactly one link latency after it was sent');
  sim.close();
});

test('a run that another took past its end returns where the clock is, never back in time', async (t) => {
  const { sim, lags } = twoHosts();
  const [long, short] = await Promise.all([sim.until(() => false, 50), sim.until(() => false, 20)]);
  t.false(long);
  t.false(short);
  t.is(sim.clock.now(), 50);
  t.deepEqual([...new Set(lags)], [10]);
  sim.close();
});
