import test from 'ava';
import fc from 'fast-check';
import { mergePatch } from '../../../../actors/kube-apiserver/patch/merge-patch.ts';

// RFC 7396 Appendix A, the cases whose target and patch are objects.
test('RFC 7396 appendix A', (t) => {
  const cases: [object, object, object][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [doc, patch, want] of cases) t.deepEqual(mergePatch(doc as never, patch as never), want, JSON.stringify([doc, patch]));
});

test('a list replaces a list whole: the docs\' containers example', (t) => {
  const spec = { template: { spec: { containers: [{ name: 'patch-demo-ctr', image: 'nginx' }] } } };
  const patch = { spec: { template: { spec: { containers: [{ name: 'patch-demo-ctr-3', image: 'gcr.io/google-samples/hello-app:2.0' }] } } } };
  t.deepEqual(mergePatch({ spec } as never, patch as never), patch as never);
});

// evanphx/json-patch v4: a value put where there was nothing has nulls pruned inside its objects,
// lists included; a list replacing an object is taken as it is.
test('evanphx v4: nulls pruned in new values, kept in a list that replaces an object', (t) => {
  t.deepEqual(mergePatch({} as never, { a: [{ b: null, c: 1 }, null] } as never), { a: [{ c: 1 }, null] } as never);
  t.deepEqual(mergePatch({ a: { x: 1 } } as never, { a: [{ b: null }] } as never), { a: [{ b: null }] } as never);
  t.deepEqual(mergePatch({ a: 'x' } as never, { a: { b: null, c: 2 } } as never), { a: { c: 2 } } as never);
});

test('evanphx v4: so applying twice can differ, where RFC 7396 would not', (t) => {
  const patch = { a: [{ b: null }] };
  const once = mergePatch({ a: { x: 1 } } as never, patch as never);
  t.deepEqual(mergePatch(once, patch as never), { a: [{}] } as never);
});

test('merge patch: inputs are not changed', (t) => {
  const doc = { a: { b: 1 } };
  const patch = { a: { b: null, c: 2 } };
  mergePatch(doc as never, patch as never);
  t.deepEqual(doc, { a: { b: 1 } });
  t.deepEqual(patch, { a: { b: null, c: 2 } });
});

const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 3 }), tie('object'), fc.array(tie('value'), { maxLength: 3 })),
  object: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), tie('value'), { maxKeys: 4 }),
})).object as fc.Arbitrary<Record<string, unknown>>;

// Patches whose lists hold no nulls: those are where evanphx's pruning makes a second application
// differ (a list of objects with nulls kept the first time, pruned the next).
const patches = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), tie('object'), fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 2 })), { maxLength: 3 })),
  object: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), tie('value'), { maxKeys: 4 }),
})).object as fc.Arbitrary<Record<string, unknown>>;

test('property: a merge patch without nulls in lists is idempotent', (t) => {
  fc.assert(
    fc.property(json, patches, (doc, patch) => {
      const once = mergePatch(doc, patch);
      t.deepEqual(mergePatch(once, patch), once);
    }),
  );
});
