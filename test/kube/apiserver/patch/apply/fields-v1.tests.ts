// FieldsV1: the JSON managedFields store, byte for byte as Kubernetes writes it.

import test from 'ava';
import fc from 'fast-check';
import { equals, fromPaths, has, paths } from '../../../../../actors/kube-apiserver/patch/apply/field-set.ts';
import { fromFieldsV1, toFieldsV1 } from '../../../../../actors/kube-apiserver/patch/apply/fields-v1.ts';
import { type Path, field, keyElement, pathString, valueElement } from '../../../../../actors/kube-apiserver/patch/apply/path-element.ts';

// Golden data from structured-merge-diff's serializer tests: decoding and encoding again gives the same text.
const GOLDEN = [
  '{"f:aaa":{},"f:aab":{},"f:aac":{},"f:aad":{},"f:aae":{},"f:aaf":{},"k:{\\"name\\":\\"first\\"}":{},"k:{\\"name\\":\\"second\\"}":{},"k:{\\"port\\":443,\\"protocol\\":\\"tcp\\"}":{},"k:{\\"port\\":443,\\"protocol\\":\\"udp\\"}":{},"v:1":{},"v:2":{},"v:3":{},"v:\\"aa\\"":{},"v:\\"ab\\"":{},"v:true":{},"i:1":{},"i:2":{},"i:3":{},"i:4":{}}',
  '{"f:spec":{".":{},"f:apps":{".":{},"k:{\\"name\\":\\" app-💻\\"}":{".":{},"f:container":{".":{},"f:image":{},"f:name":{},"f:ports":{".":{},"k:{\\"name\\":\\"port 🔑\\"}":{".":{},"f:containerPort":{},"f:name":{}}}},"f:name":{}},"k:{\\"name\\":\\" app-🚀\\"}":{".":{},"f:container":{".":{},"f:image":{},"f:name":{},"f:ports":{".":{},"k:{\\"name\\":\\"port-✅ \\"}":{".":{},"f:containerPort":{},"f:name":{}}}},"f:name":{}}}}}',
];

for (const [i, text] of GOLDEN.entries()) {
  test(`golden FieldsV1 ${i} reads and writes back unchanged`, (t) => {
    const decoded = fromFieldsV1(JSON.parse(text));
    t.true(decoded.ok);
    if (decoded.ok) t.is(JSON.stringify(toFieldsV1(decoded.set)), text);
  });
}

test('the docs ConfigMap example: labels and data keys owned by kubectl', (t) => {
  const s = fromPaths([
    [field('metadata'), field('labels'), field('test-label')],
    [field('data'), field('key')],
  ]);
  t.deepEqual(toFieldsV1(s), { 'f:data': { 'f:key': {} }, 'f:metadata': { 'f:labels': { 'f:test-label': {} } } });
});

test('a member with members below it is written with "."', (t) => {
  const item = [field('spec'), field('containers'), keyElement({ name: 'nginx' })];
  const s = fromPaths([item, [...item, field('image')], [...item, field('name')]]);
  t.is(JSON.stringify(toFieldsV1(s)), '{"f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:name":{}}}}}');
});

test('reading: "{}" is a member, unknown element kinds are skipped, malformed keys fail', (t) => {
  const r = fromFieldsV1({ 'f:a': {}, 'x:whatever': {}, 'f:b': { '.': {}, 'f:c': {} } });
  t.true(r.ok);
  if (r.ok) t.deepEqual(paths(r.set).map(pathString), ['.a', '.b', '.b.c']);
  t.false(fromFieldsV1({ 'k:{"name"': {} }).ok);
  t.false(fromFieldsV1({ nocolon: {} }).ok);
  const empty = fromFieldsV1({});
  t.true(empty.ok && empty.set.length === 0);
});

const names = fc.constantFrom('a', 'b', 'name', 'x<y');
const pathArb: fc.Arbitrary<Path> = fc.array(
  fc.oneof(names.map(field), names.map((n) => keyElement({ name: n })), fc.oneof(fc.integer(), fc.string(), fc.boolean()).map(valueElement)),
  { minLength: 1, maxLength: 4 },
);

test('any set survives the encoding', (t) => {
  fc.assert(
    fc.property(fc.array(pathArb, { maxLength: 10 }), (list) => {
      const s = fromPaths(list);
      const back = fromFieldsV1(JSON.parse(JSON.stringify(toFieldsV1(s))));
      return back.ok && equals(back.set, s) && list.every((p) => has(back.set, p));
    }),
  );
  t.pass();
});
