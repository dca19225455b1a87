// checkBody copies the request's body with cloneBody rather than structuredClone (the same copy,
// sharing nothing with the body, for whatever a body can hold), and the write paths copy metadata
// with withFields / withoutFields rather than object spread and rest.

import test from 'ava';
import fc from 'fast-check';
import { checkBody, cloneBody, stampCreate } from '../../../actors/kube-apiserver/registry/body.ts';
import { isStatus } from '../../../actors/kube-apiserver/registry/target.ts';
import { resourceFor } from '../../../protocols/kube/resources.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
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

// stampCreate, checkBody's namespace and track's managedFields change the metadata with one copy,
// not two: the same keys, in the same order, as the two copies made.
const metaArb = fc.dictionary(fc.constantFrom('name', 'uid', 'creationTimestamp', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'namespace', 'labels', 'managedFields', '__proto__', 'generateName'), fc.constantFrom('x', '', 0), { maxKeys: 6 });
const exactly = (a: unknown, b: unknown): boolean => JSON.stringify(Object.entries(a as object)) === JSON.stringify(Object.entries(b as object)) && Object.getPrototypeOf(a) === Object.getPrototypeOf(b);

test('stampCreate and checkBody give the metadata the two copies gave (property)', (t) => {
  const pods = resourceFor('', 'pods')!;
  fc.assert(
    fc.property(metaArb, (meta) => {
      const obj = { apiVersion: 'v1', kind: 'Pod', metadata: cloneBody(meta) } as KubeObject;
      stampCreate(obj, 'u-1', 'now');
      const expected = withFields(withoutFields(meta as KubeObject['metadata'], ['deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink']), { uid: 'u-1', creationTimestamp: 'now' });
      if (!exactly(obj.metadata, expected)) return false;
      if (meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== 'default') return true;
      const checked = checkBody({ apiVersion: 'v1', kind: 'Pod', metadata: meta } as KubeObject, pods, { group: '', version: 'v1', resource: 'pods', namespace: 'default' });
      return !isStatus(checked) && exactly(checked.metadata, withFields(cloneBody(meta), { namespace: 'default' }));
    }),
    { numRuns: 300 },
  );
  t.pass();
});
