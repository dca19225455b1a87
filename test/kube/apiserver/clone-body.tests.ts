// checkBody copies the request's body with cloneBody rather than structuredClone: the same copy,
// sharing nothing with the body, for whatever a body can hold.

import test from 'ava';
import fc from 'fast-check';
import { cloneBody } from '../../../actors/kube-apiserver/registry/body.ts';

const shared = (a: unknown, b: unknown): boolean => {
  if (typeof a !== 'object' || a === null) return false;
  if (a === b) return true;
  return Object.keys(a).some((k) => shared((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
};

test('cloneBody gives what structuredClone gives and shares no object with its input (property)', (t) => {
  const value = fc.anything({ withNullPrototype: true, withObjectString: true, withTypedArray: true, withDate: true, withMap: true, withSet: true, withBoxedValues: true, key: fc.constantFrom('a', 'b', '__proto__', 'constructor') });
  fc.assert(
    fc.property(value, (v) => {
      const copy = cloneBody(v);
      return JSON.stringify(Object.keys(Object(copy))) === JSON.stringify(Object.keys(Object(v))) && !shared(v, copy);
    }),
    { numRuns: 300 },
  );
  for (const v of fc.sample(value, { numRuns: 200, seed: 7 })) t.deepEqual(cloneBody(v), structuredClone(v));
});

test('cloneBody keeps an own __proto__ key as a key, as structuredClone does', (t) => {
  const body = JSON.parse('{"metadata":{"__proto__":{"x":1},"name":"a"}}') as { metadata: object };
  const copy = cloneBody(body);
  t.deepEqual(Object.keys(copy.metadata), ['__proto__', 'name']);
  t.is(Object.getPrototypeOf(copy.metadata), Object.prototype);
  t.deepEqual(copy, structuredClone(body));
});
