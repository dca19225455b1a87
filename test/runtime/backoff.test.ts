import test from 'ava';
import { createSystem } from '../../runtime/system/index.ts';
import { defineActor, supervisor } from '../../runtime/index.ts';
import { manualSystem, ref, sleep, statusOf, step, worker } from './helpers.ts';

test('restart delays double per restart within the period, up to max', async (t) => {
  const { system, clock } = manualSystem();
  system.spawn(
    supervisor({ maxRestarts: 100, period: 100_000, backoff: { min: 100, max: 400, jitter: 0 }, children: [{ id: 'w', actor: worker([]) }] }),
    { name: 'sup' },
  );
  const w = ref(system, '/sup/w');
  const delays: number[] = [];
  for (let i = 0; i < 5; i++) {
    system.send(w, { type: 'crash' });
    await system.idle();
    const crashedAt = clock.now();
    while (statusOf(system, '/sup/w') !== 'running') await step(system, clock, 1);
    delays.push(clock.now() - crashedAt);
  }
  t.deepEqual(delays, [100, 200, 400, 400, 400]);
});

test('the delay falls back to min once the child has run quietly for a period', async (t) => {
  const { system, clock } = manualSystem();
  system.spawn(
    supervisor({ maxRestarts: 100, period: 1000, backoff: { min: 100, max: 10_000, jitter: 0 }, children: [{ id: 'w', actor: worker([]) }] }),
    { name: 'sup' },
  );
  const w = ref(system, '/sup/w');
  system.send(w, { type: 'crash' });
  await step(system, clock, 100);
  system.send(w, { type: 'crash' });
  await step(system, clock, 199);
  t.is(statusOf(system, '/sup/w'), 'backing-off');
  await step(system, clock, 1);
  t.is(statusOf(system, '/sup/w'), 'running');
  await step(system, clock, 5000);
  system.send(w, { type: 'crash' });
  await step(system, clock, 100);
  t.is(statusOf(system, '/sup/w'), 'running');
});

test('jittered delays come from the seed: same seed, same delays; other seed, other delays', async (t) => {
  const delaysFor = async (seed: number) => {
    const { system, clock } = manualSystem({ seed });
    system.spawn(
      supervisor({ maxRestarts: 100, period: 100_000, backoff: { min: 100, max: 100_000, jitter: 0.5 }, children: [{ id: 'w', actor: worker([]) }] }),
      { name: 'sup' },
    );
    const out: number[] = [];
    for (let i = 0; i < 4; i++) {
      system.send(ref(system, '/sup/w'), { type: 'crash' });
      await system.idle();
      const at = clock.now();
      while (statusOf(system, '/sup/w') !== 'running') await step(system, clock, 1);
      out.push(clock.now() - at);
    }
    return out;
  };
  const a = await delaysFor(1);
  t.deepEqual(await delaysFor(1), a);
  t.notDeepEqual(await delaysFor(2), a);
  a.forEach((d, i) => t.true(d >= 100 * 2 ** i && d <= 150 * 2 ** i, `delay ${i}: ${d}`));
});

test('messages that arrive during backoff are kept, in order, for the restarted actor', async (t) => {
  const seen: string[] = [];
  const { system, clock } = manualSystem();
  type M = { type: 'crash' } | { type: 'note'; text: string };
  const noter = defineActor<M, null>({
    kind: 'noter',
    init: () => null,
    receive: (s, m) => {
      if (m.type === 'crash') throw new Error('boom');
      seen.push(m.text);
      return s;
    },
  });
  system.spawn(supervisor({ backoff: { min: 50, max: 50, jitter: 0 }, children: [{ id: 'n', actor: noter }] }), { name: 'sup' });
  const n = system.lookup<M>('/sup/n')!;
  system.send(n, { type: 'note', text: 'before' });
  system.send(n, { type: 'crash' });
  system.send(n, { type: 'note', text: 'queued-1' });
  await system.idle();
  system.send(n, { type: 'note', text: 'queued-2' });
  await step(system, clock, 49);
  t.deepEqual(seen, ['before']);
  t.is(system.inspect().children[0]!.children[0]!.mailbox, 2);
  await step(system, clock, 1);
  t.deepEqual(seen, ['before', 'queued-1', 'queued-2']);
});

test.serial('a crash-looping init does not busy-loop: restarts are paced by the backoff, and CPU stays far below wall time', async (t) => {
  // Real time, as nact alone restarts a throwing init without pause. The machine may be loaded,
  // so this asserts only what load cannot break: a slower machine runs fewer restarts and uses
  // less CPU in the same wall time, never more. (Serial: no other test of this file runs meanwhile.)
  const system = createSystem({ name: 'crashloop' });
  let inits = 0;
  const looping = defineActor<{ type: 'never' }, null>({
    kind: 'looping',
    init: () => {
      inits++;
      throw new Error('cannot start');
    },
    receive: (s) => s,
  });
  let ticks = 0;
  const ticker = defineActor<{ type: 'tick' }, null>({
    kind: 'ticker',
    init: (ctx) => {
      ctx.timers.every('tick', 10, { type: 'tick' });
      return null;
    },
    receive: (s) => (ticks++, s),
  });
  const wall0 = performance.now();
  system.spawn(
    supervisor({ maxRestarts: 1_000_000, period: 1000, backoff: { min: 1, max: 40, jitter: 0 }, children: [{ id: 'loop', actor: looping }] }),
    { name: 'sup' },
  );
  system.spawn(ticker, { name: 'ticker' });
  // Until the loop has restarted and the ticker ticked (a loaded machine may need longer for
  // either; a CPU that spins never gets here at all), then CPU is counted over at least 400ms
  // more: the first restarts compile the runtime's code, on this thread and the compiler's, and
  // would count against the loop.
  const deadline = wall0 + 20_000;
  while ((inits < 2 || ticks === 0) && performance.now() < deadline) await sleep(20);
  const warm = performance.now();
  const cpu0 = process.cpuUsage();
  while (performance.now() - warm < 400 && performance.now() < deadline) await sleep(20);
  const wallMs = performance.now() - wall0;
  const windowMs = performance.now() - warm;
  const used = process.cpuUsage(cpu0);
  const cpuMs = (used.user + used.system) / 1000;
  system.shutdown();
  t.true(inits >= 2, `inits: ${inits}`);
  t.true(ticks >= 1, `the ticker never ticked in ${Math.round(wallMs)}ms`);
  // Backoff 1, 2, 4, ... 32ms (63ms for the first 7 starts), then 40ms per restart: however
  // late timers fire, no more starts than that fit in the wall time (plus slack for timers that
  // fire a millisecond early). Without the backoff there are hundreds.
  const most = 7 + Math.ceil(wallMs / 40) + 3;
  t.true(inits <= most, `${inits} starts in ${Math.round(wallMs)}ms: at most ${most} with the backoff`);
  // A loop that spins uses a whole core: CPU time close to wall time.
  t.true(cpuMs < windowMs / 2, `${Math.round(cpuMs)}ms of CPU in ${Math.round(windowMs)}ms of wall time`);
});

test('after a restart the actor goes on handling mail: nothing is left stuck', async (t) => {
  const { system, clock } = manualSystem();
  const inner = supervisor({ kind: 'inner', maxRestarts: 0, children: [{ id: 'w', actor: worker([]) }] });
  system.spawn(supervisor({ backoff: { min: 5, max: 5, jitter: 0 }, children: [{ id: 'inner', actor: inner }] }), { name: 'top' });
  for (let round = 0; round < 3; round++) {
    system.send(ref(system, '/top/inner/w'), { type: 'crash' });
    await step(system, clock, 5);
    const w = ref(system, '/top/inner/w');
    for (let i = 0; i < 10; i++) system.send(w, { type: 'ping' });
    const reply = await system.ask(w, (replyTo) => ({ type: 'count', replyTo }), 50);
    t.is(reply.n, 10);
  }
});
