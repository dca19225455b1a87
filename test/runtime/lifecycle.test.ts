// Lifecycle corners: restarted supervisors, init that spawns or stops, failures during a restart
// round, and handlers that go on after their actor stopped.

import test from 'ava';
import { type ActorRef, defineActor, supervisor } from '../../runtime/index.ts';
import type { DeadLetter } from '../../runtime/system/index.ts';
import { manualSystem, ref, statusOf, step, worker } from './helpers.ts';

const quick = { min: 10, max: 10, jitter: 0 };

test('a restarted supervisor counts its children’s restarts afresh', async (t) => {
  const { system, clock } = manualSystem();
  const inner = supervisor({ kind: 'inner', maxRestarts: 2, period: 60_000, backoff: quick, children: [{ id: 'w', actor: worker([]) }] });
  system.spawn(supervisor({ backoff: quick, maxRestarts: 10, children: [{ id: 'inner', actor: inner }] }), { name: 'top' });
  for (let i = 0; i < 3; i++) {
    system.send(ref(system, '/top/inner/w'), { type: 'crash' });
    await step(system, clock, 10);
  }
  await step(system, clock, 10);
  const inn = () => system.inspect().children[0]!.children[0]!;
  t.is(inn().restarts, 1); // it gave up once and was restarted
  system.send(ref(system, '/top/inner/w'), { type: 'crash' });
  await step(system, clock, 10);
  t.is(inn().restarts, 1, 'one failure after its restart is within its intensity');
  t.is(statusOf(system, '/top/inner/w'), 'running');
});

test('init may spawn children, set timers and stop itself', async (t) => {
  const { system, clock } = manualSystem();
  const seen: string[] = [];
  const parent = defineActor<{ type: 'tick' }, ActorRef<never>>({
    kind: 'parent',
    init: (ctx) => {
      ctx.timers.once('t', 5, { type: 'tick' });
      return ctx.spawn(worker(seen), { name: 'kid' });
    },
    receive: (s) => (seen.push('tick'), s),
  });
  system.spawn(parent, { name: 'p' });
  await step(system, clock, 10);
  t.deepEqual(seen, ['start /p/kid', 'tick']);
  t.is(statusOf(system, '/p'), 'running');

  const quitter = defineActor<{ type: 'x' }, null>({ kind: 'quitter', init: (ctx) => (ctx.stop(), null), receive: (s) => s });
  system.spawn(quitter, { name: 'q', restart: 'transient' });
  t.is(statusOf(system, '/q'), 'absent');
  t.notThrows(() => system.spawn(quitter, { name: 'q', restart: 'transient' })); // nact holds no leftover of the name
});

test('a child that fails while its group restarts leaves the rest of the group to its own round', async (t) => {
  const { system, clock } = manualSystem();
  const log: string[] = [];
  let bFails = 1;
  system.spawn(
    supervisor({
      strategy: 'one-for-all',
      maxRestarts: 10,
      backoff: { min: 100, max: 100, jitter: 0 },
      children: [
        { id: 'a', actor: worker(log) },
        { id: 'b', actor: worker(log, { failInit: () => bFails-- > 0 }) },
        { id: 'c', actor: worker(log) },
      ],
    }),
    { name: 'sup' },
  );
  // b's first init failed while the group was starting: a and b restart after 100ms (c, not yet
  // started when b failed, was not part of that group); b's second start succeeds.
  await step(system, clock, 100);
  t.deepEqual(['a', 'b', 'c'].map((n) => statusOf(system, `/sup/${n}`)), ['running', 'running', 'running']);
  t.deepEqual(log, ['start /sup/a', 'start /sup/b', 'start /sup/c', 'start /sup/a', 'start /sup/b']);
  log.length = 0;
  bFails = 1;
  system.send(ref(system, '/sup/a'), { type: 'crash' });
  await step(system, clock, 100); // a restarts, b fails again mid-round: c must wait for b's round
  t.deepEqual(log, ['start /sup/a', 'start /sup/b']);
  t.is(statusOf(system, '/sup/c'), 'restarting');
  await step(system, clock, 100);
  t.deepEqual(log, ['start /sup/a', 'start /sup/b', 'start /sup/a', 'start /sup/b', 'start /sup/c']);
});

test('after ctx.stop() a handler cannot leave timers to the next incarnation', async (t) => {
  const { system, clock } = manualSystem({ supervision: { backoff: quick } });
  const ticks: number[] = [];
  const z = defineActor<{ type: 'quit' } | { type: 'tick' }, null>({
    kind: 'z',
    init: () => null,
    receive: (s, m, ctx) => {
      if (m.type === 'tick') ticks.push(ctx.incarnation);
      else {
        ctx.stop();
        ctx.timers.once('k', 5, { type: 'tick' });
      }
      return s;
    },
  });
  const ref1 = system.spawn(z, { name: 'z', restart: 'permanent' });
  system.send(ref1, { type: 'quit' });
  await step(system, clock, 100);
  t.deepEqual(ticks, []);
  t.is(clock.scheduled, 0);
});

test('runtime-made messages to a full fail-sender mailbox are dead letters, not exceptions', async (t) => {
  const { system, clock } = manualSystem();
  const letters: DeadLetter[] = [];
  system.deadLetters$.subscribe((d) => letters.push(d));
  const full = defineActor<{ type: 'tick' }, null>({
    kind: 'full',
    init: (ctx) => {
      ctx.timers.once('a', 5, { type: 'tick' });
      ctx.timers.once('b', 5, { type: 'tick' });
      return null;
    },
    receive: (s) => s,
    mailbox: { capacity: 1, overflow: 'fail-sender' },
  });
  system.spawn(full, { name: 'f' });
  await t.notThrowsAsync(step(system, clock, 10));
  t.deepEqual(letters.map((d) => [d.recipient, d.messageType, d.reason]), [['/f', 'tick', 'mailbox-full']]);
});
