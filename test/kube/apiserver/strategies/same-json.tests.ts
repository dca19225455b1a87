// The memos' comparison with a copy: with the keys each copy remembers and for-in over the value,
// it says exactly what comparing JSON texts says, the field left out (when one is) aside.

import test from 'ava';
import fc from 'fast-check';
import { keyed, keysOf, sameFields, sameJson, snapshot, snapshotFields } from '../../../../actors/kube-apiserver/strategies/same-json.ts';

// Values that differ by little: a key more or less, keys in another order, -0, NaN, undefined.
const key = fc.constantFrom('a', 'b', 'name', '0', '10', '__proto__');
const scalar = fc.oneof({ arbitrary: fc.constantFrom<unknown>(0, 1, '', 'x', true, null), weight: 6 }, { arbitrary: fc.constantFrom<unknown>(-0, Number.NaN, undefined), weight: 1 });
const value = fc.letrec((tie) => ({
  v: fc.oneof({ maxDepth: 3 }, scalar, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(key, tie('v'), { maxKeys: 4 })),
})).v;
/** `v` with its last key (or item) gone, at the top or one level down when `deep`. */
function shorter(v: unknown, deep: boolean): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return deep ? v.map((x) => shorter(x, false)) : v.slice(0, -1);
  const entries = Object.entries(v);
  return Object.fromEntries(deep ? entries.map(([k, x]) => [k, shorter(x, false)]) : entries.slice(0, -1));
}
const pair = fc.oneof(
  fc.tuple(value, value),
  // A value and a near copy of it, either way round: the comparison's interesting cases.
  value.chain((v) => {
    const same = JSON.parse(JSON.stringify(v ?? null)) as unknown;
    return fc.tuple(fc.constant(v), fc.constantFrom(same, shorter(same, false), shorter(same, true)), fc.boolean()).map(([a, b, swap]) => (swap ? [b, a] : [a, b]));
  }),
);

const text = (v: unknown): string | undefined => JSON.stringify(v);
/** What sameJson means: a copy of plain JSON data, and the value has the same text and is plain JSON itself. */
const plain = (v: unknown): boolean => snapshot(v) !== undefined;

test('sameJson with a copy is sameness of JSON text for plain JSON data (property)', (t) => {
  let same = 0;
  fc.assert(
    fc.property(pair, ([v, w]) => {
      const copy = snapshot(w);
      if (copy === undefined) return true;
      const expected = plain(v) && text(v) === text(w);
      if (expected) same++;
      return sameJson(v, copy) === expected;
    }),
    { numRuns: 300 },
  );
  t.true(same > 30, `${same} same`);
});

test('sameFields leaves the one field out of both sides and compares the rest in order (property)', (t) => {
  const obj = fc.dictionary(key, value, { maxKeys: 4 });
  fc.assert(
    fc.property(obj, obj, key, fc.boolean(), (v, w, except, near) => {
      const other = near ? { ...JSON.parse(JSON.stringify(v)), [except]: 'other' } : w;
      const copy = snapshotFields(other, except);
      if (copy === undefined) return true;
      const drop = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== except));
      const expected = plain(drop(v)) && text(drop(v)) === text(drop(other));
      return sameFields(v, copy, except) === expected;
    }),
    { numRuns: 200 },
  );
  t.pass();
});

test("a copy's objects remember their keys, which neither JSON nor Object.keys shows", (t) => {
  const copy = snapshot({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 2 } }) as Record<string, any>;
  t.deepEqual(keysOf(copy), ['b', 'a']);
  t.deepEqual(keysOf(copy.a.d[0]), ['z', 'y']);
  t.is(JSON.stringify(copy), '{"b":1,"a":{"d":[{"z":1,"y":2}],"c":2}}');
  t.deepEqual(Object.keys(copy), ['b', 'a']);
  t.deepEqual(keysOf(keyed({ x: 1, 2: 0 })), ['2', 'x']);
  // Objects without remembered keys are read as they are.
  t.deepEqual(keysOf({ q: 1 }), ['q']);
});
