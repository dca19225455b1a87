// checkBody copies the request's body with cloneBody rather than structuredClone (the same copy,
// sharing nothing with the body, for whatever a body can hold), and the write paths copy metadata
// with withFields / withoutFields rather than object spread and rest.

import test from 'ava';
import fc from 'fast-check';
import { cloneBody } from '../../../actors/kube-apiserver/registry/body.ts';
import { withFields, withoutFields } from '../../../actors/kube-apiserver/registry/fields.ts';

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

// withFields and withoutFields stand for object spread and object rest on the write paths.
test('withFields is { ...base, ...extra } and withoutFields is object rest, keys and order included (property)', (t) => {
  const key = fc.constantFrom('name', 'uid', 'namespace', 'selfLink', '__proto__', 'constructor', 'x');
  const json = fc.jsonValue({ maxDepth: 2 });
  const object = fc.dictionary(key, json, { maxKeys: 5 }).map((o) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>);
  fc.assert(
    fc.property(object, object, (base, extra) => {
      const want = { ...base, ...extra };
      const got = withFields(base, extra);
      const { uid: _u, selfLink: _s, ...rest } = base;
      const without = withoutFields(base, ['uid', 'selfLink']);
      const same = (a: object, b: object) => JSON.stringify(Object.entries(a)) === JSON.stringify(Object.entries(b)) && Object.getPrototypeOf(a) === Object.getPrototypeOf(b);
      return same(got, want) && same(without, rest);
    }),
    { numRuns: 400 },
  );
  t.pass();
});
