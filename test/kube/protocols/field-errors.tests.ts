// Field errors print as apimachinery's field.Error and ErrorList.ToAggregate() print them.

import test from 'ava';
import { type FieldError, FieldPath, fieldError, formatFieldError, formatFieldErrors, goQuote } from '../../../protocols/kube/field-errors.ts';

const spec = FieldPath.root('spec');

const CASES: readonly [string, FieldError, string][] = [
  ['invalid number', fieldError.invalid(spec.child('replicas'), -1, 'must be greater than or equal to 0'), 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
  ['invalid string', fieldError.invalid('metadata.name', 'Web_1', "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'"), `metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'`],
  ['invalid boolean', fieldError.invalid('spec.paused', true, 'no'), 'spec.paused: Invalid value: true: no'],
  ['invalid object, as JSON', fieldError.invalid(spec.child('selector'), { matchLabels: { app: 'web' } }, '`selector` does not match template `labels`'), 'spec.selector: Invalid value: {"matchLabels":{"app":"web"}}: `selector` does not match template `labels`'],
  ['invalid null', fieldError.invalid('spec.template', null, 'x'), 'spec.template: Invalid value: null: x'],
  ['required', fieldError.required(spec.child('template', 'spec', 'containers').index(0).child('image')), 'spec.template.spec.containers[0].image: Required value'],
  ['required with detail', fieldError.required('spec.selector', 'must be specified'), 'spec.selector: Required value: must be specified'],
  ['not supported', fieldError.notSupported(spec.child('restartPolicy'), 'x', ['Always', 'OnFailure', 'Never']), 'spec.restartPolicy: Unsupported value: "x": supported values: "Always", "OnFailure", "Never"'],
  ['not supported, no list', fieldError.notSupported('spec.type', 'x', []), 'spec.type: Unsupported value: "x"'],
  ['forbidden', fieldError.forbidden(spec.child('selector'), 'field is immutable'), 'spec.selector: Forbidden: field is immutable'],
  ['too long', fieldError.tooLong('metadata.annotations', 262144), 'metadata.annotations: Too long: may not be more than 262144 bytes'],
  ['too long, one byte', fieldError.tooLong('x', 1), 'x: Too long: may not be more than 1 byte'],
  ['too long, no maximum', fieldError.tooLong('x', -1), 'x: Too long: value is too long'],
  ['duplicate', fieldError.duplicate(spec.child('containers').index(1).child('name'), 'nginx'), 'spec.containers[1].name: Duplicate value: "nginx"'],
  ['too many', fieldError.tooMany('spec.hostAliases', 5, 3), 'spec.hostAliases: Too many: 5: must have at most 3 items'],
  ['too many, one item', fieldError.tooMany('x', 2, 1), 'x: Too many: 2: must have at most 1 item'],
  ['too many, count unknown', fieldError.tooMany('x', -1, -1), 'x: Too many: has too many items'],
  ['not found', fieldError.notFound('spec.volumes', 'data'), 'spec.volumes: Not found: "data"'],
  ['map key path', fieldError.invalid(FieldPath.root('metadata', 'labels').key('app.kubernetes.io/name'), 'a b', 'bad'), 'metadata.labels[app.kubernetes.io/name]: Invalid value: "a b": bad'],
  ['internal', fieldError.internal('spec', 'boom'), 'spec: Internal error: boom'],
  ['nil path', fieldError.invalid('', 'a:b', 'bad'), '<nil>: Invalid value: "a:b": bad'],
  ['child of the nil path', fieldError.invalid(FieldPath.none.child('key'), 'a:b', 'bad'), 'key: Invalid value: "a:b": bad'],
  ['string list, as Go %#v', fieldError.invalid('values', ['a', 'b'], 'x'), 'values: Invalid value: []string{"a", "b"}: x'],
  ['empty string list, the nil slice', fieldError.invalid('values', [], 'x'), 'values: Invalid value: []string(nil): x'],
  ['undefined is nil', fieldError.invalid('spec.template', undefined, 'x'), 'spec.template: Invalid value: null: x'],
  ['type invalid', fieldError.typeInvalid('spec.replicas', 'three', 'must be of type integer'), 'spec.replicas: Invalid value: "three": must be of type integer'],
];

for (const [name, err, want] of CASES) {
  test(`field error: ${name}`, (t) => {
    t.is(formatFieldError(err), want);
  });
}

const LISTS: readonly [string, FieldError[], string][] = [
  ['none', [], ''],
  ['one, bare', [fieldError.required('a')], 'a: Required value'],
  ['two, bracketed', [fieldError.required('a'), fieldError.forbidden('b', 'no')], '[a: Required value, b: Forbidden: no]'],
  ['duplicates dropped', [fieldError.required('a'), fieldError.required('a')], 'a: Required value'],
  ['duplicates dropped among others', [fieldError.required('a'), fieldError.required('b'), fieldError.required('a')], '[a: Required value, b: Required value]'],
];

for (const [name, list, want] of LISTS) {
  test(`field error list: ${name}`, (t) => {
    t.is(formatFieldErrors(list), want);
  });
}

const QUOTES: readonly [string, string][] = [
  ['plain', '"plain"'],
  ['say "hi"', '"say \\"hi\\""'],
  ['a\\b', '"a\\\\b"'],
  ['line\nbreak\ttab', '"line\\nbreak\\ttab"'],
  ['\x00\x1b\x7f', '"\\x00\\x1b\\x7f"'],
  ['héllo', '"héllo"'],
];

for (const [s, want] of QUOTES) {
  test(`goQuote(${JSON.stringify(s)})`, (t) => {
    t.is(goQuote(s), want);
  });
}

test('field errors are plain data: they survive a JSON round trip unchanged', (t) => {
  for (const [, err, want] of CASES) {
    const copy = JSON.parse(JSON.stringify(err)) as FieldError;
    t.deepEqual(copy, err);
    t.is(formatFieldError(copy), want);
  }
});
