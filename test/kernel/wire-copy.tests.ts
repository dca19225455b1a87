import test from 'ava';
import fc from 'fast-check';
import { Packr } from 'msgpackr';
import { type ActorRef, defineActor, host } from '../../runtime/index.ts';
import { Simulation } from '../../runtime/kernel/index.ts';
import type { Message } from '../../runtime/message.ts';
import { NOT_COPIED, wireCopy } from '../../runtime/system/wire-copy.ts';
import { FrameWriter } from '../../runtime/trace/trace-file.ts';

// The wire's own options (kernel/simulation.ts), for the bytes a message went as before copies.
const wire = new Packr({ useRecords: false, moreTypes: false });

/** What the trace's encoder writes for `v` and keeps for the wire. */
function traceBytes(v: unknown): Uint8Array {
  const frames = new FrameWriter();
  frames.encoder.encode(0, 0, 'send', '/a', '/b', 'T', v, -1, 1, null, true);
  return frames.encoder.keptPayload!;
}

/** Same value, strictly: -0 and NaN told apart by Object.is, prototypes, key order and holes. */
function same(a: unknown, b: unknown, at = '$'): string | null {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b) ? null : `${at}: ${String(a)} vs ${String(b)}`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${at}: prototypes differ`;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join('\u0000') !== kb.join('\u0000')) return `${at}: keys ${JSON.stringify(ka)} vs ${JSON.stringify(kb)}`;
  for (const k of ka) {
    const d = same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
    if (d !== null) return d;
  }
  return null;
}

/** Whether any object or array of `a` is one of `b`'s. */
function shares(a: unknown, b: unknown, seen = new Set<unknown>()): boolean {
  const collect = (v: unknown) => {
    if (typeof v !== 'object' || v === null) return;
    seen.add(v);
    for (const x of Object.values(v)) collect(x);
  };
  collect(b);
  const find = (v: unknown): boolean => typeof v === 'object' && v !== null && (seen.has(v) || Object.values(v).some(find));
  return find(a);
}

// Strings with lone surrogates, astral characters and keys such as __proto__ and constructor.
const str = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.constantFrom('__proto__', 'constructor', '\uD800', 'a\uDC00b', '\uD83D\uDE00', '0', '10', '-1'));
const num = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(-0, 0, NaN, Infinity, -Infinity, 2 ** 31, -(2 ** 31) - 1, 2 ** 32, 2 ** 53 + 2, -(2 ** 60), 127, 128, -32, -33));
const leaf = fc.oneof(str, num, fc.boolean(), fc.constant(null));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(str, tie('value'), { maxKeys: 5, noNullPrototype: true }),
}));
// What the copy refuses, mixed in now and then.
const odd = fc.oneof(
  value,
  fc.constantFrom<unknown>(undefined, 5n, new Uint8Array([1, 2]), Object.create(null) as unknown, new Date(0)),
  value.map((v) => Object.assign(Object.create(null) as object, { v })),
);
const message = fc.record({ type: fc.constant('T'), v: fc.oneof(value, fc.array(odd, { maxLength: 3 })) }, { noNullPrototype: true });

test('a wire copy is the value either encoder’s bytes decode to, and shares no object with the message', (t) => {
  let copied = 0;
  fc.assert(
    fc.property(message, (msg) => {
      const copy = wireCopy(msg);
      if (copy === NOT_COPIED) return true;
      copied++;
      const d1 = same(copy, wire.unpack(traceBytes(msg)));
      const d2 = same(copy, wire.unpack(wire.pack(msg)));
      if (d1 !== null || d2 !== null) return t.fail(`trace encoder: ${d1}; msgpackr: ${d2}`);
      return !shares(copy, msg);
    }),
    { numRuns: 300 },
  );
  // About 73% are copied: the fewest over 2,000 seeds was 198 of 300 (median 221), only 1.3 times
  // the old floor of 150; 130 leaves a margin of 1.5 and still fails if copies dwindle.
  t.true(copied > 130, `${copied} of 300 copied`);
});

test('plain data without -0 or a __proto__ key is always copied', (t) => {
  const plain = fc.jsonValue().filter((v) => !JSON.stringify(v).includes('"__proto__"') && !Object.is(v, -0));
  fc.assert(
    fc.property(plain, (v) => {
      const noNegZero = (x: unknown): boolean => (typeof x === 'object' && x !== null ? Object.values(x).every(noNegZero) : !Object.is(x, -0));
      fc.pre(noNegZero(v));
      return wireCopy({ type: 'T', v } as Message) !== NOT_COPIED;
    }),
    { numRuns: 150 },
  );
  t.pass();
});

const refused: [string, unknown][] = [
  ['-0 (msgpackr writes 0, the trace encoder -0)', -0],
  ['undefined (a fixext on the wire)', undefined],
  ['a bigint', 1n],
  ['bytes (they arrive as a Buffer)', new Uint8Array(1)],
  ['a class instance', new Map()],
  ['a function', () => 1],
  ['a __proto__ key (msgpackr renames it)', JSON.parse('{"__proto__": 1}')],
];
for (const [what, v] of refused)
  test(`no wire copy of a message holding ${what}`, (t) => {
    t.is(wireCopy({ type: 'T', v } as Message), NOT_COPIED);
  });

test('a lone surrogate is copied as U+FFFD, as it is decoded; an object without a prototype as a plain one; nesting 64 deep is not copied', (t) => {
  const bare = wireCopy({ type: 'T', o: Object.assign(Object.create(null) as object, { a: 1 }) } as Message) as unknown as { o: object };
  t.is(Object.getPrototypeOf(bare.o), Object.prototype);
  t.deepEqual(bare.o, { a: 1 });
  t.deepEqual(wireCopy({ type: 'T', ['k\uD800']: 'a\uDC00' } as Message), { type: 'T', 'k\uFFFD': 'a\uFFFD' });
  let deep: unknown = 1;
  for (let i = 0; i < 64; i++) deep = [deep];
  t.is(wireCopy({ type: 'T', deep } as Message), NOT_COPIED);
});

type Box = { type: 'box'; data: { n: number[] } };
test('each arrival of a duplicated message is its own copy: changing the first does not change the second', async (t) => {
  const seen: number[][] = [];
  const sink = defineActor<Box, null>({
    kind: 'sink',
    init: () => null,
    receive: (s, m) => {
      seen.push([...m.data.n]);
      m.data.n.push(99);
      return s;
    },
  });
  const source = defineActor<{ type: 'go'; to: ActorRef<Box> }, null>({
    kind: 'source',
    init: () => null,
    receive: (s, m, ctx) => {
      ctx.send(m.to, { type: 'box', data: { n: [1, 2] } });
      return s;
    },
  });
  const sim = new Simulation({ seed: 1, network: { duplicate: 1 }, trace: { hash: true } });
  sim.system.spawn(host({ children: [{ id: 'src', actor: source }] }), { name: 'a', restart: 'permanent' });
  sim.system.spawn(host({ children: [{ id: 'sink', actor: sink }] }), { name: 'b', restart: 'permanent' });
  sim.system.send(sim.system.lookup<{ type: 'go'; to: ActorRef<Box> }>('/a/src')!, { type: 'go', to: sim.system.lookup<Box>('/b/sink')! });
  await sim.advance(10);
  sim.close();
  t.deepEqual(seen, [
    [1, 2],
    [1, 2],
  ]);
});
