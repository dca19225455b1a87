import test from 'ava';
import fc from 'fast-check';
import {
  type LabelSelector,
  type Requirement,
  matchesLabels,
  newRequirement,
  parseLabelSelector,
  selectorFromSet,
  selectorOf,
  selectorString,
} from '../../../protocols/kube/validation/index.ts';

const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

const parse = (s: string): LabelSelector => {
  const r = parseLabelSelector(s);
  if (!r.ok) throw new Error(`${s}: ${r.error}`);
  return r.value;
};

test('parse: the canonical string sorts requirements by key and values within a set', (t) => {
  const cases: [string, string][] = [
    ['', ''],
    ['x=a,y=b,z=c', 'x=a,y=b,z=c'],
    ['z=c,x=a,y=b', 'x=a,y=b,z=c'],
    ['x!=a,y=b', 'x!=a,y=b'],
    ['x=,z= ', 'x=,z='],
    ['x= ,z= ', 'x=,z='],
    ['x==a', 'x==a'],
    ['!x', '!x'],
    ['x', 'x'],
    ['  x  ,\t!y\n', 'x,!y'],
    ['x>1', 'x>1'],
    ['x>1,z<5', 'x>1,z<5'],
    ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'],
    ['x in (b,a,b)', 'x in (a,b)'],
    ['x notin (in)', 'x notin (in)'],
    ['in in (notin)', 'in in (notin)'],
    ['x in (,a)', 'x in (,a)'],
    ['x in (a,)', 'x in (,a)'],
    ['example.com/app=web,tier in (frontend)', 'example.com/app=web,tier in (frontend)'],
    ['x=a,x=b', 'x=a,x=b'],
  ];
  for (const [input, canonical] of cases) t.is(selectorString(parse(input)), canonical, input);
});

test('parse: errors read as Kubernetes words them', (t) => {
  const cases: [string, string][] = [
    ['x=a||y=b', `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${LABEL_VALUE}`],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['x=a b', "found 'b', expected: ',' or 'end of string'"],
    ['x<a', `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['x>', `unable to parse requirement: values[0]: Invalid value: "": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['x>-1', `unable to parse requirement: values[0][x]: Invalid value: "-1": ${LABEL_VALUE}`],
    [
      'x>a%',
      `unable to parse requirement: [values[0]: Invalid value: "a%": for 'Gt', 'Lt' operators, the value must be an integer, values[0][x]: Invalid value: "a%": ${LABEL_VALUE}]`,
    ],
    ['a>=1', "unable to parse requirement: found '=', expected: identifier"],
    ['x=>a', "unable to parse requirement: found '>', expected: identifier"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['x in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['x in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['x IN (a)', "unable to parse requirement: found 'IN', expected: in, notin, =, ==, !=, gt, lt"],
    ['x (a)', "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
    [',x', "found ',', expected: !, identifier, or 'end of string'"],
    ['=a', "found '=', expected: !, identifier, or 'end of string'"],
    ['x,', "found '', expected: identifier after ','"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['a:b=c', `unable to parse requirement: <nil>: Invalid value: "a:b": ${NAME_PART}`],
  ];
  for (const [input, error] of cases) t.deepEqual(parseLabelSelector(input), { ok: false, error }, input);
  t.deepEqual(parseLabelSelector('a:b', 'spec.selector'), { ok: false, error: `unable to parse requirement: spec.selector: Invalid value: "a:b": ${NAME_PART}` });
});

test('matches: the documented examples', (t) => {
  const cases: [string, Record<string, string>, boolean][] = [
    ['', {}, true],
    ['', { a: 'b' }, true],
    ['environment in (production, qa)', { environment: 'qa' }, true],
    ['environment in (production,qa)', { environment: 'dev' }, false],
    ['environment in (production,qa)', {}, false],
    ['tier notin (frontend,backend)', { tier: 'cache' }, true],
    ['tier notin (frontend,backend)', {}, true],
    ['tier notin (frontend,backend)', { tier: 'backend' }, false],
    ['partition', { partition: '' }, true],
    ['partition', {}, false],
    ['!partition', {}, true],
    ['!partition', { partition: 'x' }, false],
    ['environment=production,tier!=frontend', { environment: 'production' }, true],
    ['environment=production,tier!=frontend', { environment: 'production', tier: 'frontend' }, false],
    ['x=', { x: '' }, true],
    ['x=', {}, false],
    ['x in ()', { x: '' }, true],
    ['x>1', { x: '2' }, true],
    ['x>1', { x: '1' }, false],
    ['x>1', { x: 'two' }, false],
    ['x>1', {}, false],
    ['x<1', { x: '-5' }, true],
    ['x<9223372036854775807', { x: '9223372036854775806' }, true],
    ['x<1', { x: '99999999999999999999' }, false],
    ['x=a,x=b', { x: 'a' }, false],
  ];
  for (const [sel, labels, want] of cases) t.is(matchesLabels(parse(sel), labels), want, `${sel} ${JSON.stringify(labels)}`);
});

test('selectorFromSet: key=value for each entry, sorted; an empty set selects everything', (t) => {
  t.is(selectorString(selectorFromSet({ b: '2', a: '1' })), 'a=1,b=2');
  t.true(matchesLabels(selectorFromSet(undefined), { any: 'thing' }));
  t.false(matchesLabels(selectorFromSet({ a: '1' }), { a: '2' }));
});

test('newRequirement: the value rules of each operator', (t) => {
  t.deepEqual(newRequirement('x', 'in', []), { ok: false, error: "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty" });
  t.deepEqual(newRequirement('x', '=', ['a', 'b']), { ok: false, error: 'values: Invalid value: []string{"a", "b"}: exact-match compatibility requires one single value' });
  t.deepEqual(newRequirement('x', 'exists', ['a']), { ok: false, error: 'values: Invalid value: []string{"a"}: values set must be empty for exists and does not exist' });
  t.deepEqual(newRequirement('x', 'gt', ['1', '2']), { ok: false, error: `values: Invalid value: []string{"1", "2"}: for 'Gt', 'Lt' operators, exactly one value is required` });
  t.deepEqual(newRequirement('x', 'like', []), {
    ok: false,
    error: 'operator: Unsupported value: "like": supported values: "in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"',
  });
  t.deepEqual(newRequirement('x', 'notin', ['a']), { ok: true, value: { key: 'x', operator: 'notin', values: ['a'] } });
});

// Keys and values drawn from small alphabets so that random label maps and requirements collide.
const labelKey = fc.constantFrom('a', 'b', 'app', 'example.com/tier', 'in', 'notin', 'X_1');
const labelValue = fc.constantFrom('', 'x', 'y', 'in', '1', '10', '007', 'A.b-c');
const intValue = fc.constantFrom('0', '1', '5', '10', '007');
const requirement: fc.Arbitrary<Requirement> = fc.oneof(
  fc.record({ key: labelKey, operator: fc.constantFrom('in' as const, 'notin' as const), values: fc.array(labelValue, { minLength: 1, maxLength: 4, size: 'small' }) }),
  fc.record({ key: labelKey, operator: fc.constantFrom('=' as const, '==' as const, '!=' as const), values: labelValue.map((v) => [v]) }),
  fc.record({ key: labelKey, operator: fc.constantFrom('exists' as const, '!' as const), values: fc.constant([] as string[]) }),
  fc.record({ key: labelKey, operator: fc.constantFrom('gt' as const, 'lt' as const), values: intValue.map((v) => [v]) }),
);
const labels = fc.dictionary(labelKey, labelValue, { maxKeys: 5, size: 'small' });

test('property: parse(String(selector)) selects exactly what the selector selects', (t) => {
  fc.assert(
    fc.property(fc.array(requirement, { maxLength: 6, size: 'small' }), fc.array(labels, { minLength: 1, maxLength: 20, size: 'medium' }), (reqs, labelSets) => {
      for (const r of reqs) if (!newRequirement(r.key, r.operator, r.values).ok) throw new Error(`generator made an invalid requirement ${JSON.stringify(r)}`);
      const selector = selectorOf(reqs);
      const text = selectorString(selector);
      const reparsed = parseLabelSelector(text);
      if (!reparsed.ok) return false;
      // Not text itself: a LabelSelector object may repeat a value ("a in (x,x)"), which the parser folds.
      const again = parseLabelSelector(selectorString(reparsed.value));
      if (!again.ok || selectorString(again.value) !== selectorString(reparsed.value)) return false;
      return labelSets.every((l) => matchesLabels(reparsed.value, l) === matchesLabels(selector, l));
    }),
    { numRuns: 500 },
  );
  t.pass();
});
