import test from 'ava';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Packr, Unpackr } from 'msgpackr';
import { type TraceEvent, TraceReader, TraceWriter } from '../../runtime/trace/index.ts';
import { EVENT_TYPES } from '../../runtime/trace/codec.ts';
import { FrameWriter } from '../../runtime/trace/trace-file.ts';
import { defineRedaction, redacted, redactOne } from '../../runtime/trace/redaction.ts';

/** msgpack binary comes back as a Buffer: the same bytes, compared as a Uint8Array. */
const asBytes = (v: unknown): unknown =>
  Buffer.isBuffer(v) ? new Uint8Array(v) : Array.isArray(v) ? v.map(asBytes) : v && typeof v === 'object' && !(v instanceof Uint8Array) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asBytes(x)])) : v;

const dir = mkdtempSync(join(tmpdir(), 'kyb-codec-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const path = fc.constantFrom('', '/a', '/a/b', '/host-1/kubelet', '/ünïcode/ß');

/**
 * A key `__proto__` anywhere in the value. msgpackr reads such a key back as `__proto_` (it
 * guards against prototype pollution), so these values do not round-trip: a known limit of the
 * codec (and of the network seam, which uses msgpackr too), left out of this property. Drawn at
 * full length the runs meet one about once in ten.
 */
const hasProtoKey = (v: unknown): boolean =>
  v !== null && typeof v === 'object' && !(v instanceof Uint8Array) && (Object.hasOwn(v, '__proto__') || Object.values(v).some(hasProtoKey));

// Doubles without -0: msgpackr writes -0 as 0, as JSON does.
// No __proto__ keys: msgpackr renames them, and the runtime refuses them at send (message.ts).
const noProto = (v: unknown) => !JSON.stringify(v ?? null).includes('"__proto__"');
const payload = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue().filter(noProto),
  fc.record({ type: fc.string(), n: fc.integer(), f: fc.double({ noNaN: true }).map((x) => (x === 0 ? 0 : x)), s: fc.string({ maxLength: 300, size: 'max' }), u: fc.constant(undefined) }, { requiredKeys: ['type'] }),
  fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }),
  fc.uint8Array({ maxLength: 20, size: 'max' }),
).filter((v) => !hasProtoKey(v));

test('events written and read back are the same events, and every frame is plain msgpack', (t) => {
  const plain = new Unpackr({ useRecords: false });
  t.notThrows(() =>
    fc.assert(
      fc.property(
        fc.array(fc.record({ type: fc.constantFrom(...EVENT_TYPES), time: fc.double({ min: 0, max: 1e9, noNaN: true }), actor: path, peer: path, messageType: fc.string({ maxLength: 40 }), payload, causeBack: fc.nat({ max: 5 }), detail: payload }), { maxLength: 30, size: 'max' }),
        (specs) => {
          const events: TraceEvent[] = specs.map((s, seq) => ({
            seq,
            time: s.time,
            type: s.type,
            actor: s.actor,
            peer: s.peer,
            messageType: s.messageType,
            payload: s.payload,
            cause: s.causeBack === 0 || s.causeBack > seq ? -1 : seq - s.causeBack,
            detail: s.detail,
          }));
          const file = join(dir, `t${files++}.trace`);
          const w = new TraceWriter(file, { format: 1, kybernetes: 't', scenario: 's', name: 'n', seed: 1, config: null, inputs: [] });
          for (const e of events) w.frames.encoder.encode(e.seq, e.time, e.type, e.actor, e.peer, e.messageType, e.payload, e.cause, e.detail);
          w.close();
          const r = new TraceReader(file);
          const back = [...r.events()].map((e) => ({ ...e, payload: asBytes(e.payload), detail: asBytes(e.detail) }));
          r.close();
          const raw = new TraceReader(file);
          for (let f = raw.nextFrame(); f !== undefined; f = raw.nextFrame()) if (!Array.isArray(plain.unpack(f))) return false;
          raw.close();
          t.deepEqual(back, events);
          return true;
        },
      ),
      { numRuns: 150 },
    ),
  );
});

test('a payload redacted as it is written gives the bytes of the redacted copy written plainly', (t) => {
  // Types only this test uses: the registry is global to the worker.
  defineRedaction<{ type: 'codec-secret'; data?: unknown }>('codec-secret', (m) => ({ ...m, data: '<redacted>' }));
  defineRedaction('codec-broken', () => {
    throw new Error('no');
  });
  const swap = { one: redactOne, whole: (v: unknown) => redacted(v as never) };
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.string(), fc.integer(), fc.constant(undefined), tie('node'), fc.array(tie('tree'), { maxLength: 4 })),
    node: fc.record({ type: fc.constantFrom('codec-secret', 'codec-broken', 'plain', 7), data: tie('tree'), more: tie('tree') }, { requiredKeys: ['type'] }),
  }));
  // A chain deeper than the hand encoder goes (32), with a secret at its bottom: msgpackr writes it.
  const deep = (n: number): unknown => (n === 0 ? { type: 'codec-secret', data: 'x' } : { type: 'plain', data: deep(n - 1) });
  const frames = (payload: unknown, withSwap: boolean) => {
    const out: Buffer[] = [];
    const w = new FrameWriter();
    w.onFrame = (b) => out.push(Buffer.from(b));
    w.encoder.encode(0, 1, 'send', '/a', '/b', 'm', withSwap ? payload : redacted(payload as never), -1, 1, withSwap ? swap : null);
    return Buffer.concat(out);
  };
  t.true(frames(deep(40), true).equals(frames(deep(40), false)));
  t.notThrows(() =>
    fc.assert(
      fc.property(tree, (payload) => frames(payload, true).equals(frames(payload, false))),
      { numRuns: 150 },
    ),
  );
  // And it does redact: the secret's data is not in the trace.
  t.false(frames({ type: 'x', list: [{ type: 'codec-secret', data: 'hunter2' }] }, true).includes('hunter2'));
});

test("a message's payload kept from its trace event reads back as the wire's own encoding does, and none is kept when a redaction changed it", (t) => {
  defineRedaction<{ type: 'codec-kept-secret'; data?: unknown }>('codec-kept-secret', (m) => ({ ...m, data: '<redacted>' }));
  const swap = { one: redactOne, whole: (v: unknown) => redacted(v as never) };
  // The kernel's wire: the same options as the trace's msgpackr.
  const wire = new Packr({ useRecords: false, moreTypes: false });
  const kept = (payload: unknown, withSwap: boolean) => {
    const w = new FrameWriter();
    w.encoder.encode(0, 1, 'send', '/a', '/b', 'm', payload, -1, 1, withSwap ? swap : null, true);
    return w.encoder.keptPayload;
  };
  // msgpackr writes -0 as 0; the trace keeps the sign: a payload's -0 is its own (left out here).
  const noNegativeZero = (v: unknown): boolean => !Object.is(v, -0) && (v === null || typeof v !== 'object' || Object.values(v).every(noNegativeZero));
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.oneof(payload, fc.record({ type: fc.constant('plain'), data: payload, list: fc.array(payload, { maxLength: 4 }) })), fc.boolean(), (p, withSwap) => {
        fc.pre(p !== undefined && noNegativeZero(p));
        const bytes = kept(p, withSwap);
        // Kept always without a swap; under one, unless msgpackr wrote the value (it may have substituted).
        if (bytes === null) return withSwap;
        t.deepEqual(asBytes(wire.unpack(bytes)), asBytes(wire.unpack(wire.pack(p))));
        return true;
      }),
      { numRuns: 300 },
    ),
  );
  // A redaction that changed the payload: its trace bytes are not the message's, so none are kept.
  t.is(kept({ type: 'x', list: [{ type: 'codec-kept-secret', data: 'hunter2' }] }, true), null);
  t.not(kept({ type: 'x', list: [{ type: 'plain', data: 'hunter2' }] }, true), null);
  // Deeper than the hand encoder goes, under a swap: msgpackr wrote a substituted copy.
  const deep = (n: number): unknown => (n === 0 ? { type: 'plain' } : { type: 'plain', data: deep(n - 1) });
  t.is(kept(deep(40), true), null);
  t.deepEqual(wire.unpack(kept(deep(40), false)!), deep(40));
});

test('numbers and string lengths at the edges of their msgpack forms read back as written', (t) => {
  const unpackr = new Unpackr({ useRecords: false });
  const values: unknown[] = [-(2 ** 31), -(2 ** 31) - 1, -33, -32, -1, 0, -0, 127, 128, 255, 65535, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 1.5, -1e300, 5e-324, NaN, Infinity, -Infinity];
  const strings = ['', 'a'.repeat(31), 'a'.repeat(32), 'é'.repeat(10), 'a'.repeat(85), 'a'.repeat(86), 'a'.repeat(21845), 'a'.repeat(21846), 'é'.repeat(40000)];
  const frames = new FrameWriter();
  for (const v of [...values, ...strings, values, { strings }]) {
    frames.encoder.encode(0, 12.25, 'send', '/a', '/b', 'T', v, -1, 1, null, true);
    const back = unpackr.unpack(frames.encoder.keptPayload!);
    if (typeof v === 'number') t.true(Object.is(back, v), `${v} read back as ${back}`);
    else t.deepEqual(back, v);
  }
});
