import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ActorRef, address, defineActor, defineRedaction, host } from '../../runtime/index.ts';
import { TraceReader } from '../../runtime/trace/index.ts';
import { runScenario } from '../../scenarios/runner.ts';
import { defineScenario } from '../../scenarios/scenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'kyb-replay-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

/** Something outside any actor's state: reading it in a handler is the planted nondeterminism. */
const leak = { value: 0, into: 'message' as 'message' | 'state' };

type EchoMsg = { type: 'n'; n: number };
type CounterMsg = { type: 'tick' };

const counter = (echo: string) =>
  defineActor<CounterMsg, { n: number; hidden: number }>({
    kind: 'counter',
    init: (ctx) => (ctx.timers.every('tick', 100, { type: 'tick' }), { n: 0, hidden: 0 }),
    receive: (s, _m, ctx) => {
      const bump = ctx.now() >= 1500 ? leak.value : 0; // the leak only shows after 1.5s
      ctx.send(address<EchoMsg>(echo), { type: 'n', n: s.n + (leak.into === 'message' ? bump : 0) });
      return { n: s.n + 1, hidden: s.hidden + (leak.into === 'state' ? bump : 0) };
    },
  });
const echo = defineActor<EchoMsg, number>({ kind: 'echo', init: () => 0, receive: (s, m) => s + m.n });

const planted = defineScenario({
  name: 'planted',
  description: 'a handler that reads outside its state',
  setup: (s) => {
    s.spawn(host({ children: [{ id: 'counter', actor: counter('/b/echo') }] }), { name: 'a' });
    s.spawn(host({ children: [{ id: 'echo', actor: echo }] }), { name: 'b' });
  },
  script: async (s) => {
    await s.advance('3s');
    s.expect('ran', true);
  },
});

async function recordThenReplay(into: 'message' | 'state', name: string) {
  const path = join(dir, name);
  leak.into = into;
  leak.value = 0;
  await runScenario(planted, { seed: 5, traceFile: path });
  leak.value = 1;
  const expect = new TraceReader(path);
  const replay = await runScenario(planted, { seed: 5, expect });
  expect.close();
  leak.value = 0;
  const events = [...new TraceReader(path).events()];
  return { replay, events };
}

test.serial('replay names the exact event where a planted nondeterminism first shows', async (t) => {
  const { replay, events } = await recordThenReplay('message', 'msg.trace');
  const first = events.find((e) => e.type === 'send' && e.actor === '/a/counter' && e.time >= 1500)!;
  t.truthy(replay.divergence);
  t.is(replay.divergence!.seq, first.seq);
  t.deepEqual(replay.divergence!.expected, first);
  t.deepEqual((replay.divergence!.actual!.payload as EchoMsg).n, (first.payload as EchoMsg).n + 1);
  t.false(replay.ok);
});

test.serial('a divergence in state alone is caught at the next checkpoint of state hashes', async (t) => {
  const { replay, events } = await recordThenReplay('state', 'state.trace');
  const checkpoint = events.find((e) => e.type === 'checkpoint' && e.time >= 1500)!;
  t.is(replay.divergence?.seq, checkpoint.seq);
  t.is(replay.divergence?.actual?.type, 'checkpoint');
  const expected = replay.divergence!.expected!.detail as Record<string, number>;
  const actual = replay.divergence!.actual!.detail as Record<string, number>;
  t.deepEqual(Object.keys(expected).filter((k) => expected[k] !== actual[k]), ['/a/counter']);
});

test('a message type with a redaction never reaches the trace as itself', async (t) => {
  type Secret = { type: 'secret'; data: string; to: ActorRef<never> };
  defineRedaction<Secret>('secret', (m) => ({ ...m, data: '<redacted>' }));
  const keeper = defineActor<Secret, string>({ kind: 'keeper', init: () => '', receive: (_s, m) => m.data, describe: (s) => s });
  const scenario = defineScenario({
    name: 'secrets',
    description: 'a secret in a message',
    setup: (s) => {
      s.spawn(keeper, { name: 'k' });
    },
    script: async (s) => {
      s.send<Secret>('/k', { type: 'secret', data: 'hunter2', to: s.ref('/k') });
      await s.advance('1s');
      s.expect('the keeper has the real secret', s.inspect().children[0]?.description === 'hunter2');
    },
  });
  const path = join(dir, 'secret.trace');
  const r = await runScenario(scenario, { seed: 1, traceFile: path });
  t.true(r.ok);
  const sends = [...new TraceReader(path).events()].filter((e) => e.type === 'send');
  t.is(sends.length, 1);
  t.is((sends[0]!.payload as Secret).data, '<redacted>');
});
