// resource.Quantity: parsing, the canonical form, rounding and arithmetic, with the cases of
// apimachinery's quantity tests and the docs' "Meaning of memory" examples.

import test from 'ava';
import fc from 'fast-check';
import {
  QUANTITY_FORMAT_ERROR,
  QUANTITY_SUFFIX_ERROR,
  addQuantities,
  canonicalForm,
  normalizeQuantity,
  compareQuantities,
  formatQuantity,
  milliValue,
  parseQuantity,
  quantityValue,
  subQuantities,
  tryParseQuantity,
} from '../../../protocols/kube/quantity.ts';

const CANONICAL: readonly [string, string][] = [
  ['0', '0'], ['0n', '0'], ['0u', '0'], ['0m', '0'], ['0Ki', '0'], ['0k', '0'], ['0Mi', '0'], ['0M', '0'], ['00', '0'], ['-0', '0'],
  ['1n', '1n'], ['1u', '1u'], ['1m', '1m'], ['1', '1'], ['1k', '1k'], ['1M', '1M'], ['1G', '1G'], ['1T', '1T'], ['1P', '1P'], ['1E', '1E'],
  ['1Ki', '1Ki'], ['1Mi', '1Mi'], ['1Gi', '1Gi'], ['1Ti', '1Ti'], ['1Pi', '1Pi'], ['1Ei', '1Ei'],
  ['1024Ki', '1Mi'], ['1024Mi', '1Gi'], ['1536Mi', '1536Mi'], ['1.5Gi', '1536Mi'], ['0.5Gi', '512Mi'], ['0.5Ki', '512'], ['1023Ki', '1023Ki'],
  ['1000m', '1'], ['1001m', '1001m'], ['1000k', '1M'], ['1500', '1500'], ['1.5k', '1500'], ['1.5', '1500m'], ['0.5', '500m'], ['0.1', '100m'],
  ['0.001', '1m'], ['12.34', '12340m'], ['100m', '100m'], ['500m', '500m'], ['+1', '+1'], ['-1', '-1'], ['-100m', '-100m'], ['-1Ki', '-1Ki'],
  ['1e3', '1e3'], ['1E3', '1E3'], ['1000', '1k'], ['01', '01'], ['0001', '0001'], ['2048Ki', '2Mi'], ['1025Ki', '1025Ki'], ['-0.5', '-500m'], ['1e-3', '1e-3'], ['100e-3', '100e-3'], ['1.5e3', '1500'], ['1e6', '1e6'], ['129e6', '129e6'],
  ['128974848', '128974848'], ['129M', '129M'], ['123Mi', '123Mi'], ['128974848000m', '128974848'],
  // finer than a nano rounds up, away from zero
  ['0.1m', '100u'], ['0.0000000001', '1n'], ['1.0000000001', '1000000001n'], ['-0.0000000001', '-1n'], ['1e-100', '1e-9'],
  ['1.1Ki', '1126400m'], ['5.5', '5500m'], ['0.3Ki', '307200m'],
];

for (const [input, want] of CANONICAL) {
  test(`${JSON.stringify(input)} prints as ${want}`, (t) => {
    t.is(normalizeQuantity(input), want);
  });
}

test('text Kubernetes keeps still has a canonical form', (t) => {
  t.is(canonicalForm(parseQuantity('+1')), '1');
  t.is(canonicalForm(parseQuantity('1E3')), '1e3');
  t.is(canonicalForm(parseQuantity('01')), '1');
  t.is(formatQuantity(addQuantities(parseQuantity('+1'), parseQuantity('0'))), '1');
});

const MALFORMED: readonly [string, string][] = [
  ['', QUANTITY_FORMAT_ERROR], [' 1', QUANTITY_FORMAT_ERROR], ['1 ', QUANTITY_FORMAT_ERROR], ['1.1.1', QUANTITY_FORMAT_ERROR], ['1+1', QUANTITY_SUFFIX_ERROR],
  ['aa', QUANTITY_FORMAT_ERROR], ['1ki', QUANTITY_SUFFIX_ERROR], ['1e', QUANTITY_SUFFIX_ERROR], ['1Kb', QUANTITY_FORMAT_ERROR], ['1K', QUANTITY_SUFFIX_ERROR], ['1i', QUANTITY_SUFFIX_ERROR], ['1mm', QUANTITY_SUFFIX_ERROR],
];

for (const [input, message] of MALFORMED) {
  test(`${JSON.stringify(input)} is not a quantity`, (t) => {
    t.throws(() => parseQuantity(input), { message });
    t.is(tryParseQuantity(input), undefined);
  });
}

test('the docs say 128974848, 129e6, 129M and 123Mi are roughly the same memory', (t) => {
  const [a, b, c, d] = ['128974848', '129e6', '129M', '123Mi'].map(parseQuantity);
  t.is(compareQuantities(a!, b!), -1);
  t.is(compareQuantities(b!, c!), 0);
  t.is(compareQuantities(d!, a!), 0);
});

test('milli values and values round up as Kubernetes', (t) => {
  t.is(milliValue(parseQuantity('1')), 1000);
  t.is(milliValue(parseQuantity('250m')), 250);
  t.is(milliValue(parseQuantity('0.5n')), 1);
  t.is(quantityValue(parseQuantity('100m')), 1);
  t.is(quantityValue(parseQuantity('1.5')), 2);
  t.is(quantityValue(parseQuantity('1Gi')), 1073741824);
  t.is(quantityValue(parseQuantity('-1.5')), -2);
});

test('sums keep the first format and print canonically', (t) => {
  t.is(formatQuantity(addQuantities(parseQuantity('500m'), parseQuantity('500m'))), '1');
  t.is(formatQuantity(addQuantities(parseQuantity('512Mi'), parseQuantity('512Mi'))), '1Gi');
  t.is(formatQuantity(subQuantities(parseQuantity('1'), parseQuantity('250m'))), '750m');
  t.is(formatQuantity(addQuantities(parseQuantity('1e3'), parseQuantity('1'))), '1001');
});

test('binary values past 2^63-1 are capped there', (t) => {
  t.is(normalizeQuantity('16Ei'), '9223372036854775807');
});

// Quantity strings as users write them: sign, digits, a fraction, any suffix.
const quantityString = fc
  .tuple(
    fc.constantFrom('', '-', '+'),
    fc.stringMatching(/^[0-9]{1,12}$/),
    fc.option(fc.stringMatching(/^[0-9]{1,10}$/), { nil: undefined }),
    fc.constantFrom('', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'e3', 'e-3', 'E6', 'e0', 'e-9', 'e12'),
  )
  .map(([sign, num, frac, suffix]) => `${sign}${num}${frac === undefined ? '' : `.${frac}`}${suffix}`);

test('property: the canonical form and the printed form are fixed points and keep the value', (t) => {
  fc.assert(
    fc.property(quantityString, (s) => {
      const q = parseQuantity(s);
      const canonical = canonicalForm(q);
      const fromCanonical = parseQuantity(canonical);
      const printed = formatQuantity(q);
      const fromPrinted = parseQuantity(printed);
      return (
        fromCanonical.nanos === q.nanos && formatQuantity(fromCanonical) === canonical &&
        fromPrinted.nanos === q.nanos && formatQuantity(fromPrinted) === printed
      );
    }),
  );
  t.pass();
});

test('property: compare agrees with the value, and add undoes sub', (t) => {
  fc.assert(
    fc.property(quantityString, quantityString, (x, y) => {
      const a = parseQuantity(x);
      const b = parseQuantity(y);
      const c = compareQuantities(a, b);
      const expected = a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
      return c === expected && compareQuantities(b, a) === -c && addQuantities(subQuantities(a, b), b).nanos === a.nanos;
    }),
  );
  t.pass();
});
