// Path elements: the FieldsV1 spelling, SMD's order and the printed form conflicts use.

import test from 'ava';
import fc from 'fast-check';
import {
  type Json,
  type PathElement,
  compareElements,
  elementString,
  field,
  goJson,
  indexElement,
  keyElement,
  parseElement,
  pathString,
  serializeElement,
  valueElement,
} from '../../../../../actors/kube-apiserver/patch/apply/path-element.ts';

// Round trips from structured-merge-diff's serialize-pe tests.
const ROUND_TRIPS: [string, PathElement][] = [
  ['i:0', indexElement(0)],
  ['i:1234', indexElement(1234)],
  ['f:', field('')],
  ['f:spec', field('spec')],
  ['f: string-with-spaces   ', field(' string-with-spaces   ')],
  ['k:{"name":"my-container"}', keyElement({ name: 'my-container' })],
  ['k:{"port":"8080","protocol":"TCP"}', keyElement({ protocol: 'TCP', port: '8080' })],
  ['k:{"optionalField":null}', keyElement({ optionalField: null })],
  ['k:{"jsonField":{"A":1,"B":null,"C":"D","E":{"F":"G"}}}', keyElement({ jsonField: { E: { F: 'G' }, C: 'D', B: null, A: 1 } })],
  ['k:{"listField":["1","2","3"]}', keyElement({ listField: ['1', '2', '3'] })],
  ['v:null', valueElement(null)],
  ['v:"some-string"', valueElement('some-string')],
  ['v:1234', valueElement(1234)],
  ['v:{"some":"json"}', valueElement({ some: 'json' })],
  ['k:{"name":"app-🚀"}', keyElement({ name: 'app-🚀' })],
  ['k:{"name":"你好世界"}', keyElement({ name: '你好世界' })],
  ['f:spec-\\n', field('spec-\\n')],
];

for (const [text, pe] of ROUND_TRIPS) {
  test(`serialize and parse ${text}`, (t) => {
    t.is(serializeElement(pe), text);
    const parsed = parseElement(text);
    t.true(parsed.ok);
    if (parsed.ok) t.is(compareElements(parsed.pe, pe), 0);
  });
}

test('unknown element kinds are reported as unknown, malformed ones as errors', (t) => {
  const unknown = parseElement('r:Hello');
  t.false(unknown.ok);
  if (!unknown.ok) t.true(unknown.unknown);
  for (const bad of ['', 'no-colon', 'i:index is not a number', 'k:{"name":"value"', 'v:{"some":"json"']) {
    const r = parseElement(bad);
    t.false(r.ok, bad);
    if (!r.ok) t.false(r.unknown, bad);
  }
});

test('elements order as SMD orders them: fields, keys, values, indexes', (t) => {
  const sorted = [field('a'), field('b'), keyElement({ name: 'first' }), keyElement({ port: 443, protocol: 'tcp' }), valueElement(1), valueElement(2), valueElement('aa'), valueElement(true), indexElement(1), indexElement(2)];
  const shuffled = [sorted[7]!, sorted[2]!, sorted[9]!, sorted[0]!, sorted[5]!, sorted[3]!, sorted[8]!, sorted[1]!, sorted[6]!, sorted[4]!];
  t.deepEqual(shuffled.sort(compareElements).map(serializeElement), sorted.map(serializeElement));
});

test('numbers compare by value, not by their text', (t) => {
  t.true(compareElements(valueElement(9), valueElement(10)) < 0);
  t.true(compareElements(keyElement({ port: 9 }), keyElement({ port: 10 })) < 0);
});

test('Go JSON escapes HTML characters and sorts map keys', (t) => {
  t.is(goJson('a<b>&c'), '"a\\u003cb\\u003e\\u0026c"');
  t.is(goJson({ b: 1, a: [true, null] }), '{"a":[true,null],"b":1}');
  t.is(serializeElement(keyElement({ name: 'x<y' })), 'k:{"name":"x\\u003cy"}');
});

test('printed paths read as in conflict messages', (t) => {
  t.is(pathString([field('spec'), field('replicas')]), '.spec.replicas');
  t.is(pathString([field('spec'), field('containers'), keyElement({ name: 'nginx' }), field('image')]), '.spec.containers[name="nginx"].image');
  t.is(elementString(keyElement({ containerPort: 80, protocol: 'TCP' })), '[containerPort=80,protocol="TCP"]');
  t.is(elementString(valueElement('a')), '[="a"]');
  t.is(elementString(indexElement(3)), '[3]');
});

const json: fc.Arbitrary<Json> = fc.letrec<{ v: Json }>((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constant(null), fc.boolean(), fc.integer(), fc.string(), fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.string(), tie('v'), { maxKeys: 3 })),
})).v;

const element: fc.Arbitrary<PathElement> = fc.oneof(
  fc.string().map(field),
  fc.dictionary(fc.string(), json, { minKeys: 1, maxKeys: 3 }).map(keyElement),
  json.map(valueElement),
  fc.nat().map(indexElement),
);

test('every element survives serialization', (t) => {
  fc.assert(
    fc.property(element, (pe) => {
      const back = parseElement(serializeElement(pe));
      return back.ok && compareElements(back.pe, pe) === 0 && serializeElement(back.pe) === serializeElement(pe);
    }),
  );
  t.pass();
});

test('the order is total and antisymmetric', (t) => {
  fc.assert(
    fc.property(element, element, (a, b) => {
      const ab = compareElements(a, b);
      const ba = compareElements(b, a);
      return Math.sign(ab) === -Math.sign(ba) && (ab !== 0 || serializeElement(a) === serializeElement(b));
    }),
  );
  t.pass();
});
