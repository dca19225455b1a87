// A cached object's field attributes: the kind's selectable fields with the default ones over
// them, copied field by field — exactly what `{ ...selectable(obj), ...defaults }` gives.

import test from 'ava';
import fc from 'fast-check';
import { elementOf } from '../../../../actors/kube-apiserver/watch-cache/predicate.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { exactlyEqual } from '../storage/exact.ts';

const fieldName = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('metadata.name', 'metadata.namespace', 'status.phase', 'spec.nodeName', '0'));

test('element fields are the kind fields then the default ones, as the spread gives them', (t) => {
  fc.assert(
    fc.property(fc.dictionary(fieldName, fc.string({ maxLength: 4 }), { maxKeys: 5, noNullPrototype: true }), fc.boolean(), fc.boolean(), fc.string({ maxLength: 4 }), (kind, namespaced, selectable, name) => {
      const obj = { apiVersion: 'v1', kind: 'X', metadata: { name, namespace: 'ns' } } as KubeObject;
      const given = Object.freeze({ ...kind });
      const e = elementOf(obj, namespaced, selectable ? () => given : undefined);
      const defaults: Record<string, string> = namespaced ? { 'metadata.name': name, 'metadata.namespace': 'ns' } : { 'metadata.name': name };
      return exactlyEqual(e.fields, selectable ? { ...given, ...defaults } : defaults) && e.key === (namespaced ? `ns/${name}` : name) && e.object === obj;
    }),
    { numRuns: 50 },
  );
  t.pass();
});
