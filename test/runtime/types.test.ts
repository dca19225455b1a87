// Compile-time checks: `tsc --noEmit` (part of npm test) fails if any @ts-expect-error line compiles.
import test from 'ava';
import fc from 'fast-check';
import { isPlainData, plainDataProblem } from '../../runtime/message.ts';
import { type ActorRef, defineActor, InvalidMessageError, type Terminated } from '../../runtime/index.ts';
import { manualSystem } from './helpers.ts';

type Ping = { type: 'ping'; n: number };
type Pong = { type: 'pong'; n: number };

const pinger = defineActor<Ping, null>({ kind: 'pinger', init: () => null, receive: (s) => s });

test('a ref refuses a message of the wrong type at compile time', (t) => {
  const { system } = manualSystem();
  const ref: ActorRef<Ping> = system.spawn(pinger, { name: 'p' });
  system.send(ref, { type: 'ping', n: 1 });
  // @ts-expect-error a Pong is not a Ping
  system.send(ref, { type: 'pong', n: 1 });
  // @ts-expect-error a field of the wrong type
  system.send(ref, { type: 'ping', n: 'one' });
  const wide: ActorRef<Ping | Pong> = system.spawn(defineActor<Ping | Pong, null>({ kind: 'w', init: () => null, receive: (s) => s }), { name: 'w' });
  const narrow: ActorRef<Ping> = wide; // accepting more is fine
  // @ts-expect-error accepting less is not
  const wrong: ActorRef<Ping | Pong> = ref;
  t.is(narrow.path, '/w');
  t.is(wrong.path, '/p');
});

test('an ask infers its reply type from the request’s replyTo', async (t) => {
  type Get = { type: 'get'; replyTo: ActorRef<Pong> };
  const { system } = manualSystem();
  const server = system.spawn(
    defineActor<Get, null>({ kind: 's', init: () => null, receive: (s, m, ctx) => (ctx.send(m.replyTo, { type: 'pong', n: 7 }), s) }),
    { name: 's' },
  );
  const reply = await system.ask(server, (replyTo) => ({ type: 'get', replyTo }), 100);
  const n: number = reply.n;
  // @ts-expect-error the server takes Get, not Ping
  const wrong = await system.ask(server, (replyTo) => ({ type: 'ping', n: 1, replyTo }), 100);
  t.is(wrong.type, 'pong');
  // @ts-expect-error a Pong has no field `x`
  t.is(reply.x, undefined);
  t.is(n, 7);
});

test('only an actor whose protocol includes Terminated may watch', (t) => {
  defineActor<Ping | Terminated, null>({ kind: 'ok', init: () => null, receive: (s, _m, ctx) => (ctx.watch(ctx.self), s) });
  defineActor<Ping, null>({
    kind: 'bad',
    init: () => null,
    // @ts-expect-error Ping-only actors cannot receive Terminated
    receive: (s, _m, ctx) => (ctx.watch(ctx.self), s),
  });
  t.pass();
});

test('messages that are not plain data are refused at send, naming where', (t) => {
  const { system } = manualSystem();
  const ref = system.spawn(pinger, { name: 'p' });
  const bad: [unknown, string][] = [
    [{ type: 'ping', n: 1, cb: () => 1 }, 'message.cb is a function'],
    [{ type: 'ping', n: 1, at: new Date(0) }, 'message.at is a Date'],
    [{ type: 'ping', n: 1, m: [1, { s: new Set() }] }, 'message.m[1].s is a Set'],
    [{ type: 'ping', n: 1, s: Symbol('x') }, 'message.s is a symbol'],
    // JSON.parse makes an own __proto__ key; msgpackr would rename it on the wire.
    [JSON.parse('{"type":"ping","n":1,"meta":{"__proto__":{"x":1}}}'), 'message.meta has a key __proto__, which msgpackr does not carry as it is'],
  ];
  for (const [msg, where] of bad)
    t.throws(() => system.send(ref, msg as Ping), {
      instanceOf: InvalidMessageError,
      message: `send to /p: ${where}; messages must be plain data that msgpackr can encode`,
    });
  const cyclic: Record<string, unknown> = { type: 'ping', n: 1 };
  cyclic.self = cyclic;
  t.throws(() => system.send(ref, cyclic as Ping), { message: /nested more than 64 levels deep \(a cycle\?\)/ });
  t.notThrows(() => system.send(ref, { type: 'ping', n: 1, bytes: new Uint8Array(2), nested: { a: [null, true, 2n] } } as Ping));
});

test('the fast plain-data check agrees with the one that explains', (t) => {
  const weird = fc.oneof(
    fc.constant(() => 1),
    fc.constant(new Date(0)),
    fc.constant(new Map()),
    fc.constant(Symbol('s')),
    fc.constant(new Uint8Array(1)),
  );
  const value = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, fc.jsonValue(), weird, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.string(), tie('v'), { maxKeys: 4 })),
  })).v;
  let refused = 0;
  fc.assert(
    fc.property(value, (v) => {
      const problem = plainDataProblem(v);
      if (problem !== undefined) refused++;
      return isPlainData(v) === (problem === undefined);
    }),
    { numRuns: 500 },
  );
  t.true(refused > 0, 'the generator must produce refusals too');
});
