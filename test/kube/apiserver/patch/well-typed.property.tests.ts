import test from 'ava';
import fc from 'fast-check';
import { SmpError, strategicMerge } from '../../../../actors/kube-apiserver/patch/strategic-merge.ts';
import { conversionError } from '../../../../actors/kube-apiserver/schema/convert-errors.ts';
import { fieldsOf, readType, rootTypeOf } from '../../../../actors/kube-apiserver/schema/field-schema.ts';
import { jsonDecodeError } from '../../../../actors/kube-apiserver/schema/type-errors.ts';
import { unknownFields } from '../../../../actors/kube-apiserver/schema/unknown-fields.ts';
import { RESOURCES } from '../../../../protocols/kube/resources.ts';

// Objects of any served kind drawn from the field schema itself: every field well typed.
const memo = new Map<string, fc.Arbitrary<unknown>>();
function arbitraryOf(expr: string, depth: number): fc.Arbitrary<unknown> {
  const key = `${expr}@${depth}`;
  let a = memo.get(key);
  if (a) return a;
  const t = readType(expr);
  if (t.type === 'list') a = depth <= 0 ? fc.constant([]) : fc.array(arbitraryOf(t.items, depth - 1), { maxLength: 2 });
  else if (t.type === 'map') a = depth <= 0 ? fc.constant({}) : fc.dictionary(fc.string({ minLength: 1, maxLength: 3 }), arbitraryOf(t.values, depth - 1), { maxKeys: 2 });
  else if (t.type === 'object') {
    const fields = Object.entries(fieldsOf(t.name) ?? {});
    a = depth <= 0 ? fc.constant({}) : fc.record(Object.fromEntries(fields.map(([f, e]) => [f, arbitraryOf(e, depth - 1)])), { requiredKeys: [] });
  } else if (t.name === 'string') {
    // Base64 text, which every string field takes, []byte ones (a Secret's data) included.
    a = fc.uint8Array({ maxLength: 3 }).map((b) => Buffer.from(b).toString('base64'));
  }
  else if (t.name === 'boolean') a = fc.boolean();
  else if (t.name === 'number') a = fc.integer({ min: -1000, max: 1000 });
  else if (t.name === 'int-or-string') a = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constantFrom('25%', 'http'));
  else if (t.name === 'quantity') a = fc.constantFrom('1', '500m', '1Gi', '2.5', '1e3', 3);
  else if (t.name === 'time') a = fc.constant('2024-01-01T00:00:00Z');
  else a = fc.jsonValue({ maxDepth: 1 });
  memo.set(key, a);
  return a;
}

const kinds = RESOURCES.filter((r) => rootTypeOf(r) !== undefined);
const objectOfAKind = fc.constantFrom(...kinds).chain((kind) => fc.tuple(fc.constant(kind), arbitraryOf(rootTypeOf(kind)!, 5), arbitraryOf(rootTypeOf(kind)!, 5)));

test('property: objects drawn from the schema have no unknown fields and decode and convert cleanly', (t) => {
  fc.assert(
    fc.property(objectOfAKind, ([kind, obj]) => {
      t.deepEqual(unknownFields(kind, obj), []);
      t.is(jsonDecodeError(kind, obj), undefined);
      t.is(conversionError(kind, obj), undefined);
    }),
    { numRuns: 60 },
  );
});

test('property: a strategic merge patch of well-typed objects gives a well-typed object (or a merge error)', (t) => {
  fc.assert(
    fc.property(objectOfAKind, ([kind, original, patch]) => {
      let merged: Record<string, unknown>;
      try {
        merged = strategicMerge(original as Record<string, unknown>, patch as Record<string, unknown>, rootTypeOf(kind)!);
      } catch (e) {
        // Items drawn without their merge key cannot be merged; that is the only failure expected.
        t.true(e instanceof SmpError && /does not contain declared merge key/.test(e.message), String(e));
        return;
      }
      t.deepEqual(unknownFields(kind, merged), []);
      t.is(conversionError(kind, merged), undefined);
    }),
    { numRuns: 60 },
  );
});
