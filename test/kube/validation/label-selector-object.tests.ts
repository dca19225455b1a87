import test from 'ava';
import { formatFieldError } from '../../../protocols/kube/field-errors.ts';
import { labelSelectorAsSelector, matchesLabels, selectorString, validateLabelSelector } from '../../../protocols/kube/validation/index.ts';

const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

test('validateLabelSelector: messages and field paths of ValidateLabelSelector', (t) => {
  const v = (sel: Parameters<typeof validateLabelSelector>[0]) => validateLabelSelector(sel, 'spec.selector').map(formatFieldError);
  t.deepEqual(v(undefined), []);
  t.deepEqual(v({}), []);
  t.deepEqual(v({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }, { key: 'x', operator: 'DoesNotExist' }] }), []);
  t.deepEqual(v({ matchExpressions: [{ key: 'k', operator: 'In', values: [] }] }), ["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"]);
  t.deepEqual(v({ matchExpressions: [{ key: 'k', operator: 'In' }, { key: 'k', operator: 'NotIn', values: null }] }), [
    "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    "spec.selector.matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
  ]);
  t.deepEqual(v({ matchExpressions: [{ key: 'k', operator: 'Exists', values: ['a'] }] }), ["spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"]);
  t.deepEqual(v({ matchExpressions: [{ key: 'k', operator: 'Equals', values: ['a'] }] }), ['spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator']);
  t.deepEqual(v({ matchExpressions: [{ key: '-k', operator: 'Exists' }] }), [`spec.selector.matchExpressions[0].key: Invalid value: "-k": ${NAME_PART}`]);
  t.deepEqual(v({ matchExpressions: [{ key: 'k', operator: 'In', values: ['ok', 'not ok'] }] }), [`spec.selector.matchExpressions[0].values[1]: Invalid value: "not ok": ${LABEL_VALUE}`]);
  // matchLabels errors name the map, with the bad key or value as the value.
  t.deepEqual(v({ matchLabels: { 'b!': 'x', a: 'not ok' } }), [`spec.selector.matchLabels: Invalid value: "not ok": ${LABEL_VALUE}`, `spec.selector.matchLabels: Invalid value: "b!": ${NAME_PART}`]);
});

test('labelSelectorAsSelector: absent selects nothing, {} everything, the rest sorted by key', (t) => {
  const nothing = labelSelectorAsSelector(undefined);
  t.true(nothing.ok && !matchesLabels(nothing.value, {}) && !matchesLabels(nothing.value, { a: 'b' }));
  const everything = labelSelectorAsSelector({ matchLabels: {}, matchExpressions: [] });
  t.true(everything.ok && matchesLabels(everything.value, {}) && matchesLabels(everything.value, { a: 'b' }));
  const sel = labelSelectorAsSelector({
    matchLabels: { b: '2', a: '1' },
    matchExpressions: [
      { key: 'c', operator: 'NotIn', values: ['y', 'x'] },
      { key: 'aa', operator: 'Exists' },
      { key: 'd', operator: 'DoesNotExist', values: [] },
      { key: 'e', operator: 'In', values: ['p'] },
    ],
  });
  if (!sel.ok) return t.fail(sel.error);
  t.is(selectorString(sel.value), 'a=1,aa,b=2,c notin (x,y),!d,e in (p)');
  t.true(matchesLabels(sel.value, { a: '1', aa: '', b: '2', e: 'p' }));
  t.false(matchesLabels(sel.value, { a: '1', aa: '', b: '2', e: 'p', d: 'z' }));
  t.false(matchesLabels(sel.value, { a: '1', aa: '', b: '2', e: 'p', c: 'x' }));
});

test('labelSelectorAsSelector: what it refuses, in its own words', (t) => {
  t.deepEqual(labelSelectorAsSelector({ matchExpressions: [{ key: 'k', operator: 'Equals', values: ['a'] }] }), { ok: false, error: '"Equals" is not a valid label selector operator' });
  t.deepEqual(labelSelectorAsSelector({ matchExpressions: [{ key: 'k', operator: 'In', values: [] }] }), {
    ok: false,
    error: "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
  });
  t.deepEqual(labelSelectorAsSelector({ matchLabels: { a: 'not ok' } }), { ok: false, error: `values[0][a]: Invalid value: "not ok": ${LABEL_VALUE}` });
});
