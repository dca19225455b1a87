// The JSON copy the watch cache takes of a replica's own writes instead of parsing them: whenever
// it gives a copy, that copy is exactly what parsing the value's JSON gives.

import test from 'ava';
import fc from 'fast-check';
import { isJsonRoundTrip, jsonCopy, UNFIT } from '../../../../actors/kube-apiserver/storage/json-copy.ts';
import { exactlyEqual, sharesObjects } from './exact.ts';

const roundTrip = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

// Everything fast-check makes that JSON.stringify accepts: holes, -0, NaN, undefined members,
// null prototypes, boxed values, dates, typed arrays, Maps, Sets, `__proto__` keys.
const anything = fc.anything({
  maxDepth: 4,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  key: fc.oneof(fc.string(), fc.constantFrom('__proto__', '0', '10', '-1', 'toJSON', 'constructor')),
});

test('a JSON copy, when it gives one, is the JSON round trip exactly (values, key order, prototypes), sharing nothing', (t) => {
  let copied = 0;
  fc.assert(
    fc.property(anything, (v) => {
      const c = jsonCopy(v);
      if (c === UNFIT) return true;
      copied++;
      return exactlyEqual(c, roundTrip(v)) && !sharesObjects(v, c);
    }),
    { numRuns: 600 },
  );
  // The property says something only if copies are made often.
  t.true(copied > 60, `${copied} copies`);
});

/** -0 or an own `__proto__` key anywhere in a JSON value: the two things JSON values can hold that the round trip changes. */
const unfitJson = (v: unknown): boolean =>
  Object.is(v, -0) || (typeof v === 'object' && v !== null && Object.entries(v).some(([k, x]) => k === '__proto__' || unfitJson(x)));

test('JSON values are copied, and declined only when they hold -0 or an own __proto__ key', (t) => {
  let declined = 0;
  fc.assert(
    fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.json({ maxDepth: 4 }).map((text) => JSON.parse(text) as unknown)), (v) => {
      const c = jsonCopy(v);
      if (c === UNFIT) declined++;
      return c === UNFIT ? unfitJson(v) : !unfitJson(v) && exactlyEqual(c, roundTrip(v));
    }),
    { numRuns: 300 },
  );
  t.true(declined < 150, `${declined} declined`);
});

test('what the round trip would change is declined', (t) => {
  const proto = JSON.parse('{"__proto__": {"a": 1}}');
  for (const v of [[1, , 2], [undefined], -0, NaN, Infinity, new Date(0), { f: () => 1 }, { toJSON: () => 'x' }, Object('s'), new Uint8Array(1), proto, { a: [{ b: -0 }] }]) {
    t.is(jsonCopy(v), UNFIT, String(JSON.stringify(v)));
  }
  // Left out, as JSON.stringify leaves it out: not declined.
  t.deepEqual(jsonCopy({ a: undefined, b: 1 }), { b: 1 });
  t.deepEqual(Object.keys(jsonCopy({ z: 1, 2: 'x', a: 2, 1: 'y' }) as object), ['1', '2', 'z', 'a']);
});

test('a value said to survive the JSON round trip is the round trip exactly; JSON data without -0 or __proto__ keys always is', (t) => {
  let said = 0;
  fc.assert(
    fc.property(fc.oneof(anything, fc.jsonValue({ maxDepth: 4 })), (v) => {
      if (!isJsonRoundTrip(v)) return typeof v === 'object' && v !== null ? true : !(typeof v === 'string' || typeof v === 'boolean');
      said++;
      return exactlyEqual(v, roundTrip(v));
    }),
    { numRuns: 600 },
  );
  t.true(said > 100, `${said} said`);
  fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => unfitJson(v) || isJsonRoundTrip(v)), { numRuns: 200 });
  // Each thing the round trip changes, alone in an otherwise plain value.
  const proto = JSON.parse('{"__proto__": "x"}');
  for (const v of [{ a: undefined }, [1, , 2], [undefined], { a: -0 }, [NaN], { a: Infinity }, { d: new Date(0) }, { f: () => 1 }, Object.create(null), { a: Object('s') }, proto, { a: [{ b: { c: 1n } }] }]) {
    t.false(isJsonRoundTrip(v), String(JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? 'bigint' : x))));
  }
});

/** `v` and everything below it frozen. */
function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) deepFreeze(x);
  return Object.freeze(v);
}

/** A view of `target` that counts the properties read through it. */
function counted<T extends object>(target: T): { view: T; reads: () => number } {
  let n = 0;
  const view = new Proxy(target, { get: (o, k, r) => (n++, Reflect.get(o, k, r)) });
  return { view, reads: () => n };
}

test('a frozen value found to round trip, all of it frozen and data, is not read again; its answer stays the round trip', (t) => {
  const fields = counted(deepFreeze({ 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:containers': {} } }));
  const obj = { metadata: { name: 'a', managedFields: [{ manager: 'm', fieldsV1: fields.view }] } };
  t.true(isJsonRoundTrip(obj));
  const first = fields.reads();
  t.true(first > 0);
  // The second time, the FieldsV1 is known settled: nothing of it is read.
  t.true(isJsonRoundTrip(obj));
  t.is(fields.reads(), first);
  // Deep-frozen JSON values of any shape: the second answer is the first, and true only for the round trip.
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
      const frozen = deepFreeze(v);
      const a = isJsonRoundTrip(frozen);
      return isJsonRoundTrip(frozen) === a && a === !unfitJson(v) && (!a || exactlyEqual(frozen, roundTrip(frozen)));
    }),
    { numRuns: 200 },
  );
});

test('a frozen value is read again while anything below it can change: a child not frozen, a getter', (t) => {
  const child: Record<string, unknown> = { a: 1 };
  const parent = Object.freeze({ child });
  t.true(isJsonRoundTrip(parent));
  child.a = undefined;
  t.false(isJsonRoundTrip(parent));
  let value: unknown = 1;
  const withGetter = Object.freeze(Object.defineProperty({}, 'x', { get: () => value, enumerable: true }));
  t.true(isJsonRoundTrip(withGetter));
  value = NaN;
  t.false(isJsonRoundTrip(withGetter));
  const items: unknown[] = [{ b: 1 }];
  const list = Object.freeze([items]);
  t.true(isJsonRoundTrip(list));
  items.push(-0);
  t.false(isJsonRoundTrip(list));
});
