// The JSON views the validators read through (list, strs, strMap) are loops now: the same views
// the Array.from and Object.fromEntries forms gave, for any value.

import test from 'ava';
import fc from 'fast-check';
import { isObject, list, strMap, strs } from '../../../../../actors/kube-apiserver/strategies/workloads/json.ts';

const listRef = (v: unknown) => (Array.isArray(v) ? Array.from(v, (x) => (isObject(x) ? x : {})) : []);
const strsRef = (v: unknown) => (Array.isArray(v) ? Array.from(v, (x) => (typeof x === 'string' ? x : String(x))) : []);
const strMapRef = (v: unknown) => (isObject(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x : String(x)])) : undefined);

// Either the value or the error: String() of a null-prototype object throws, in both forms.
const outcome = (f: () => unknown): unknown => {
  try {
    return { value: f() };
  } catch (e) {
    return { error: (e as Error).message };
  }
};

test('list, strs and strMap give what their Array.from / fromEntries forms give (property)', (t) => {
  const value = fc.anything({ withSparseArray: true, withNullPrototype: true, key: fc.constantFrom('a', 'b', '__proto__', 'constructor') });
  for (const v of fc.sample(value, { numRuns: 400, seed: 11 })) {
    t.deepEqual(list(v), listRef(v));
    t.deepEqual(outcome(() => strs(v)), outcome(() => strsRef(v)));
    const got = outcome(() => strMap(v));
    t.deepEqual(got, outcome(() => strMapRef(v)));
    const keys = (m: unknown) => outcome(() => Object.keys((m as { value?: object }).value ?? {}));
    t.deepEqual(keys(got), keys(outcome(() => strMapRef(v))));
  }
  // A list keeps each object item itself (validators compare items by identity), a copy of the array.
  const item = { name: 'c' };
  const items = [item, 3];
  t.is(list(items)[0], item);
  t.not(list(items), items);
});
