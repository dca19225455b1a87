import test from 'ava';
import fc from 'fast-check';
import { escapeFieldValue, fieldRequiresExactMatch, fieldSelectorString, matchesFields, parseFieldSelector, unescapeFieldValue } from '../../../protocols/kube/validation/index.ts';

test('parse: canonical strings (terms sorted as written, == prints as =)', (t) => {
  const cases: [string, string][] = [
    ['', ''],
    ['metadata.name=x', 'metadata.name=x'],
    ['metadata.namespace!=y,metadata.name=x', 'metadata.name=x,metadata.namespace!=y'],
    ['a==b', 'a=b'],
    ['a=', 'a='],
    ['a=b,,c=d', 'a=b,c=d'],
    ['=', ''],
    ['=x', '=x'],
    ['a=b\\,c', 'a=b\\,c'],
    ['a=b\\=c\\\\', 'a=b\\=c\\\\'],
    ['a=!b', 'a=!b'],
    ['spec.nodeName=', 'spec.nodeName='],
  ];
  for (const [input, canonical] of cases) {
    const r = parseFieldSelector(input);
    t.true(r.ok, input);
    if (r.ok) t.is(fieldSelectorString(r.value), canonical, input);
  }
});

test('parse: errors', (t) => {
  const cases: [string, string][] = [
    ['a>b', "invalid selector: 'a>b'; can't understand 'a>b'"],
    ['x=y,a!b', "invalid selector: 'x=y,a!b'; can't understand 'a!b'"],
    ['metadata.name', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['a=b\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
  ];
  for (const [input, error] of cases) t.deepEqual(parseFieldSelector(input), { ok: false, error }, input);
});

test('matches: a missing field reads as the empty string', (t) => {
  const fields = { 'metadata.name': 'web', 'metadata.namespace': 'default', 'spec.nodeName': '' };
  const cases: [string, boolean][] = [
    ['', true],
    ['metadata.name=web', true],
    ['metadata.name==web', true],
    ['metadata.name=db', false],
    ['metadata.name=web,metadata.namespace!=kube-system', true],
    ['metadata.name=web,metadata.namespace!=default', false],
    ['spec.nodeName=', true],
    ['status.phase=', true],
    ['status.phase!=Running', true],
  ];
  for (const [sel, want] of cases) {
    const r = parseFieldSelector(sel);
    t.true(r.ok && matchesFields(r.value, fields) === want, sel);
  }
  const v = parseFieldSelector('metadata.name=a\\,b');
  t.true(v.ok && matchesFields(v.value, { 'metadata.name': 'a,b' }));
});

test('requiresExactMatch: only an equality pins a field', (t) => {
  const r = parseFieldSelector('metadata.namespace!=x,metadata.name=web');
  if (!r.ok) return t.fail(r.error);
  t.is(fieldRequiresExactMatch(r.value, 'metadata.name'), 'web');
  t.is(fieldRequiresExactMatch(r.value, 'metadata.namespace'), undefined);
});

test('property: escaping any value survives a parse, and the term matches exactly that value', (t) => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('a', '\\', ',', '=', '!', ' ', 'é'), maxLength: 30, size: 'medium' }), fc.string({ maxLength: 10 }), (value, other) => {
      const u = unescapeFieldValue(escapeFieldValue(value));
      if (!u.ok || u.value !== value) return false;
      const r = parseFieldSelector(`f=${escapeFieldValue(value)}`);
      if (!r.ok) return false;
      return matchesFields(r.value, { f: value }) && matchesFields(r.value, { f: other }) === (other === value);
    }),
    { numRuns: 300 },
  );
  t.pass();
});
