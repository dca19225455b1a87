import test from 'ava';
import { type ActorRef, type AskResult, AskTimeoutError, defineActor } from '../../runtime/index.ts';
import type { DeadLetter } from '../../runtime/system/index.ts';
import { type Count, manualSystem, step, worker, type WorkerMsg } from './helpers.ts';

type AskerMsg = { type: 'go'; target: ActorRef<WorkerMsg>; timeout: number } | { type: 'answer'; result: AskResult<Count> };

function asker(results: AskResult<Count>[]) {
  return defineActor<AskerMsg, null>({
    kind: 'asker',
    init: () => null,
    receive: (s, m, ctx) => {
      if (m.type === 'go') ctx.ask<WorkerMsg, Count>(m.target, (replyTo) => ({ type: 'count', replyTo }), m.timeout, (result) => ({ type: 'answer', result }));
      else results.push(m.result);
      return s;
    },
  });
}

test('an ask from an actor brings the reply back as a message', async (t) => {
  const { system } = manualSystem();
  const results: AskResult<Count>[] = [];
  const w = system.spawn(worker([]), { name: 'w' });
  system.send(w, { type: 'ping' });
  const a = system.spawn(asker(results), { name: 'a' });
  system.send(a, { type: 'go', target: w, timeout: 100 });
  await system.idle();
  t.deepEqual(results, [{ ok: true, reply: { type: 'count', n: 1, incarnation: 1 } }]);
});

test('an unanswered ask times out as a message, and a late reply is a dead letter', async (t) => {
  const { system, clock } = manualSystem();
  const letters: DeadLetter[] = [];
  system.deadLetters$.subscribe((d) => letters.push(d));
  const results: AskResult<Count>[] = [];
  const silent = system.spawn(defineActor<WorkerMsg, ActorRef<Count>[]>({
    kind: 'silent',
    init: () => [],
    receive: (s, m, ctx) => {
      if (m.type === 'count') return [...s, m.replyTo];
      if (m.type === 'ping') for (const r of s) ctx.send(r, { type: 'count', n: 0, incarnation: 1 });
      return s;
    },
  }), { name: 'silent' });
  const a = system.spawn(asker(results), { name: 'a' });
  system.send(a, { type: 'go', target: silent, timeout: 250 });
  await step(system, clock, 249);
  t.deepEqual(results, []);
  await step(system, clock, 1);
  t.deepEqual(results, [{ ok: false, error: 'ask /silent: no reply within 250ms' }]);
  system.send(silent, { type: 'ping' }); // now it answers, too late
  await system.idle();
  t.deepEqual(letters.map((d) => [d.recipient, d.reason]), [['/a/$ask-1', 'stopped']]);
});

test('an ask from outside resolves with the reply or rejects on timeout', async (t) => {
  const { system, clock } = manualSystem();
  const w = system.spawn(worker([]), { name: 'w' });
  const reply = await system.ask<WorkerMsg, Count>(w, (replyTo) => ({ type: 'count', replyTo }), 10);
  t.is(reply.n, 0);
  const unanswered = system.ask<WorkerMsg, Count>(w, () => ({ type: 'ping' }), 10);
  clock.advance(10);
  const err = await t.throwsAsync(unanswered, { instanceOf: AskTimeoutError });
  t.is(err?.message, 'ask /w: no reply within 10ms');
});

type TickMsg = { type: 'tick'; key: string } | { type: 'cancel'; key: string } | { type: 'crash' };

function ticker(ticks: string[]) {
  return defineActor<TickMsg, null>({
    kind: 'ticker',
    init: (ctx) => {
      ctx.timers.once('once', 50, { type: 'tick', key: 'once' });
      ctx.timers.every('every', 20, { type: 'tick', key: 'every' });
      ctx.timers.once('doomed', 30, { type: 'tick', key: 'doomed' });
      return null;
    },
    receive: (s, m, ctx) => {
      if (m.type === 'tick') ticks.push(`${ctx.now()} ${m.key}`);
      if (m.type === 'cancel') ctx.timers.cancel(m.key);
      if (m.type === 'crash') throw new Error('boom');
      return s;
    },
  });
}

test('timers: once fires once, every fires at a fixed rate, cancel stops one', async (t) => {
  const { system, clock } = manualSystem();
  const ticks: string[] = [];
  const tk = system.spawn(ticker(ticks), { name: 'tk' });
  system.send(tk, { type: 'cancel', key: 'doomed' });
  for (let i = 0; i < 10; i++) await step(system, clock, 10);
  t.deepEqual(ticks, ['20 every', '40 every', '50 once', '60 every', '80 every', '100 every']);
  system.send(tk, { type: 'cancel', key: 'every' });
  await step(system, clock, 100);
  t.is(ticks.length, 6);
});

test('timers: a timer set again with the same key replaces the first', async (t) => {
  const { system, clock } = manualSystem();
  const ticks: string[] = [];
  const tk = system.spawn(defineActor<TickMsg, null>({
    kind: 'ticker',
    init: (ctx) => {
      ctx.timers.once('k', 10, { type: 'tick', key: 'first' });
      ctx.timers.once('k', 30, { type: 'tick', key: 'second' });
      return null;
    },
    receive: (s, m, ctx) => {
      if (m.type === 'tick') ticks.push(`${ctx.now()} ${m.key}`);
      return s;
    },
  }), { name: 'tk' });
  await step(system, clock, 100);
  t.deepEqual(ticks, ['30 second']);
  t.truthy(tk);
});

test('timers: a restart cancels the old incarnation’s timers', async (t) => {
  const { system, clock } = manualSystem({ supervision: { backoff: { min: 1000, max: 1000, jitter: 0 } } });
  const ticks: string[] = [];
  const tk = system.spawn(ticker(ticks), { name: 'tk', restart: 'permanent' });
  await step(system, clock, 25);
  system.send(tk, { type: 'crash' });
  await step(system, clock, 999);
  t.deepEqual(ticks, ['20 every']);
  await step(system, clock, 1);
  t.is(clock.scheduled, 3); // the new incarnation's three timers, none left from the old
});

test('ctx.now() reads the system clock', async (t) => {
  const { system, clock } = manualSystem();
  const ticks: string[] = [];
  system.spawn(ticker(ticks), { name: 'tk' });
  await step(system, clock, 1234);
  t.true(ticks.every((line) => Number(line.split(' ')[0]) <= 1234));
  t.is(ticks.at(-1), '1220 every');
});
