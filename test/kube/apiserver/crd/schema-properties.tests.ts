import test from 'ava';
import fc from 'fast-check';
import { type Schema, applyDefaults, prune, validateCustomResource, validateEmbeddedResources, validateListSetsAndMaps, validateStructuralSchema } from '../../../../actors/kube-apiserver/crd/index.ts';
import { FieldPath, formatFieldError } from '../../../../protocols/kube/field-errors.ts';

// Random structural schemas, each with a generator of values that conform to it.
type Gen = { schema: Schema; value: fc.Arbitrary<unknown> };

const leaf: fc.Arbitrary<Gen> = fc.oneof(
  fc.record({ min: fc.integer({ min: -5, max: 5 }), span: fc.nat(10) }).map(({ min, span }) => ({
    schema: { type: 'integer', minimum: min, maximum: min + span },
    value: fc.integer({ min, max: min + span }) as fc.Arbitrary<unknown>,
  })),
  fc.record({ min: fc.nat(3), span: fc.nat(5) }).map(({ min, span }) => ({
    schema: { type: 'string', minLength: min, maxLength: min + span },
    value: fc.string({ minLength: min, maxLength: min + span, unit: 'grapheme-ascii' }) as fc.Arbitrary<unknown>,
  })),
  fc.constant<Gen>({ schema: { type: 'boolean' }, value: fc.boolean() }),
  fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }).map((values) => ({ schema: { type: 'string', enum: values }, value: fc.constantFrom(...values) as fc.Arbitrary<unknown> })),
  fc.constant<Gen>({ schema: { 'x-kubernetes-int-or-string': true }, value: fc.oneof(fc.integer(), fc.string()) }),
);

const { node } = fc.letrec<{ node: Gen }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    tie('node').map((item) => ({ schema: { type: 'array', items: item.schema }, value: fc.array(item.value, { maxLength: 3 }) as fc.Arbitrary<unknown> })),
    fc.dictionary(fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,6}$/), tie('node'), { minKeys: 1, maxKeys: 4 }).chain((props) =>
      fc.subarray(Object.keys(props)).map((required) => ({
        schema: { type: 'object', properties: Object.fromEntries(Object.entries(props).map(([k, g]) => [k, g.schema])), required },
        value: fc.record(Object.fromEntries(Object.entries(props).map(([k, g]) => [k, g.value])), { requiredKeys: required }) as fc.Arbitrary<unknown>,
      })),
    ),
  ),
}));

const rootGen = fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/), node, { minKeys: 1, maxKeys: 3 }).map((props) => ({
  schema: { type: 'object', properties: Object.fromEntries(Object.entries(props).map(([k, g]) => [k, g.schema])) } as Schema,
  value: fc.record(Object.fromEntries(Object.entries(props).map(([k, g]) => [k, g.value])), { requiredKeys: [] }),
}));

test('property: generated schemas are structural, and values drawn from them validate', (t) => {
  fc.assert(
    fc.property(rootGen.chain((g) => fc.tuple(fc.constant(g.schema), g.value)), ([schema, value]) => {
      const structural = validateStructuralSchema(schema, FieldPath.root('schema')).map(formatFieldError);
      const errs = validateCustomResource(value, schema).map(formatFieldError);
      return structural.length === 0 && errs.length === 0;
    }),
    { numRuns: 200 },
  );
  t.pass();
});

test('property: pruning drops exactly the unknown fields and is idempotent', (t) => {
  fc.assert(
    fc.property(
      rootGen.chain((g) => fc.tuple(fc.constant(g.schema), g.value)),
      fc.dictionary(fc.stringMatching(/^[A-Z][a-z]{0,4}$/), fc.jsonValue(), { maxKeys: 3 }),
      ([schema, value], extra) => {
        const obj = { apiVersion: 'x.example.com/v1', kind: 'X', metadata: { name: 'n' }, ...(value as object), ...extra };
        const before = structuredClone(obj);
        const dropped = prune(obj, schema);
        // Unknown root keys start with a capital letter, which no schema property does.
        if (JSON.stringify(dropped) !== JSON.stringify(Object.keys(extra).sort())) return false;
        for (const k of Object.keys(before)) if (!(k in extra) && JSON.stringify((obj as Record<string, unknown>)[k]) !== JSON.stringify((before as Record<string, unknown>)[k])) return false;
        const again = structuredClone(obj);
        return prune(again, schema).length === 0 && JSON.stringify(again) === JSON.stringify(obj);
      },
    ),
    { numRuns: 200 },
  );
  t.pass();
});

test('property: a value of the wrong type is reported at its path with kube-openapi wording', (t) => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.boolean(), fc.array(fc.nat(), { maxLength: 2 })), (bad) => {
      const schema: Schema = { type: 'object', properties: { spec: { type: 'object', properties: { replicas: { type: 'integer' } } } } };
      const errs = validateCustomResource({ spec: { replicas: bad } }, schema).map(formatFieldError);
      const kind = Array.isArray(bad) ? 'array' : typeof bad;
      return errs.length === 1 && errs[0] === `spec.replicas: Invalid value: "${kind}": spec.replicas in body must be of type integer: "${kind}"`;
    }),
  );
  t.pass();
});

test('defaults fill missing and null non-nullable fields; required, enum, maxItems, maxLength messages', (t) => {
  const schema: Schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        required: ['size'],
        properties: {
          size: { type: 'string', enum: ['small', 'large'] },
          mode: { type: 'string', default: 'auto' },
          tags: { type: 'array', maxItems: 2, items: { type: 'string', maxLength: 3 } },
          note: { type: 'string' },
        },
      },
    },
  };
  const o: Record<string, unknown> = { spec: { note: null, mode: null, tags: ['a', 'abcd', 'c'] } };
  applyDefaults(o, schema);
  t.deepEqual(o.spec, { mode: 'auto', tags: ['a', 'abcd', 'c'] });
  t.deepEqual(validateCustomResource(o, schema).map(formatFieldError), [
    'spec.tags[1]: Too long: may not be more than 3 bytes',
    'spec.tags: Too many: 3: must have at most 2 items',
    'spec.size: Required value',
  ]);
  t.deepEqual(validateCustomResource({ spec: { size: 'medium' } }, schema).map(formatFieldError), ['spec.size: Unsupported value: "medium": supported values: "small", "large"']);
});

test('anyOf, oneOf, allOf and not: a composite error at the nil path, then the best failure', (t) => {
  const at = (s: Schema, v: unknown) => validateCustomResource({ spec: { x: v } }, { type: 'object', properties: { spec: { type: 'object', properties: { x: s } } } }).map(formatFieldError);
  const intOrString: Schema = { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] };
  t.deepEqual(at(intOrString, 3), []);
  t.deepEqual(at(intOrString, '50%'), []);
  t.deepEqual(at({ anyOf: [{ minimum: 5 }, { maximum: 1 }] }, 3), [
    '<nil>: Invalid value: "": "spec.x" must validate at least one schema (anyOf)',
    'spec.x: Invalid value: 3: spec.x in body should be greater than or equal to 5',
  ]);
  t.deepEqual(at({ oneOf: [{ minimum: 1 }, { maximum: 5 }] }, 3), ['<nil>: Invalid value: "": "spec.x" must validate one and only one schema (oneOf). Found 2 valid alternatives']);
  t.deepEqual(at({ allOf: [{ minimum: 5 }, { maximum: 1 }] }, 3), [
    'spec.x: Invalid value: 3: spec.x in body should be greater than or equal to 5',
    'spec.x: Invalid value: 3: spec.x in body should be less than or equal to 1',
    '<nil>: Invalid value: "": "spec.x" must validate all the schemas (allOf). None validated',
  ]);
  t.deepEqual(at({ not: { type: 'string' } }, 'a'), ['<nil>: Invalid value: "": "spec.x" must not validate the schema (not)']);
});

test('string formats: checked ones report as a type error, unknown ones pass', (t) => {
  const at = (format: string, v: string) => validateCustomResource({ x: v }, { type: 'object', properties: { x: { type: 'string', format } } }).map(formatFieldError);
  t.deepEqual(at('date-time', '2026-01-01T00:00:00Z'), []);
  t.deepEqual(at('date-time', 'yesterday'), ['x: Invalid value: "yesterday": x in body must be of type date-time: "yesterday"']);
  t.deepEqual(at('date', '2026-02-30'), ['x: Invalid value: "2026-02-30": x in body must be of type date: "2026-02-30"']);
  t.deepEqual(at('ipv4', '10.0.0.1'), []);
  t.deepEqual(at('ipv4', 'fd00::1'), ['x: Invalid value: "fd00::1": x in body must be of type ipv4: "fd00::1"']);
  t.deepEqual(at('uuid', '123e4567-e89b-12d3-a456-426614174000'), []);
  t.deepEqual(at('int32', 'anything'), []);
});

test('list-type set and map: the second occurrence is a Duplicate', (t) => {
  const schema: Schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
          ports: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } } } },
        },
      },
    },
  };
  const errs = validateListSetsAndMaps({ spec: { tags: ['a', 'b', 'a', 'a'], ports: [{ name: 'http', port: 80 }, { name: 'http', port: 8080 }] } }, schema).map(formatFieldError);
  t.deepEqual(errs, ['spec.ports[1]: Duplicate value: {"name":"http"}', 'spec.tags[2]: Duplicate value: "a"']);
  t.deepEqual(validateListSetsAndMaps({ spec: { tags: ['a', 'b'], ports: [{ name: 'a' }, { name: 'b' }] } }, schema), []);
});

test('embedded resources need apiVersion and kind and valid metadata', (t) => {
  const schema: Schema = {
    type: 'object',
    properties: { spec: { type: 'object', properties: { template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } } } },
  };
  const errs = (template: unknown) => validateEmbeddedResources({ apiVersion: 'x.example.com/v1', kind: 'X', spec: { template } }, schema).map(formatFieldError);
  t.deepEqual(errs({ apiVersion: 'v1', kind: 'Pod', metadata: { labels: { app: 'web' } } }), []);
  t.deepEqual(errs({ metadata: {} }), ['spec.template.apiVersion: Required value', 'spec.template.kind: Required value']);
  t.deepEqual(errs({ apiVersion: 'a/b/c', kind: 'Pod' }), ['spec.template.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c']);
  t.deepEqual(errs({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a/b' } }), ["spec.template.metadata.name: Invalid value: \"a/b\": may not contain '/'"]);
});
