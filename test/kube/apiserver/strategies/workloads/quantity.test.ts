import test from 'ava';
import fc from 'fast-check';
import { QUANTITY_FORMAT_ERROR, compareQuantity, parseQuantity, quantityString } from '../../../../../actors/kube-apiserver/strategies/workloads/quantity.ts';

const canonical = (s: string | number): string => {
  const q = parseQuantity(s);
  if (!q.ok) throw new Error(q.error);
  return quantityString(q.value);
};

test('canonical forms, as resource.Quantity String() prints them (quantity_test.go facts)', (t) => {
  const cases: [string | number, string][] = [
    ['0', '0'],
    ['0.5', '500m'],
    ['1000m', '1'],
    ['100m', '100m'],
    ['1.5', '1500m'],
    ['2000', '2k'],
    ['1500', '1500'],
    ['1Ki', '1Ki'],
    ['1024Mi', '1Gi'],
    ['1.5Gi', '1536Mi'],
    ['1000Ki', '1000Ki'],
    ['512', '512'],
    ['0.5Ki', '512'],
    ['1e3', '1e3'],
    ['12e6', '12e6'],
    ['1M', '1M'],
    ['1000k', '1M'],
    ['-1', '-1'],
    ['1n', '1n'],
    ['0.1n', '1n'],
    ['128974848', '128974848'],
    ['129e6', '129e6'],
    ['123Mi', '123Mi'],
    [2, '2'],
    [0.25, '250m'],
  ];
  for (const [input, want] of cases) t.is(canonical(input), want, String(input));
});

test('rejects what Kubernetes cannot decode', (t) => {
  for (const bad of ['', 'abc', '1.2.3', '1Gb', '1 Gi', '.', 'Mi', '1i']) {
    const q = parseQuantity(bad);
    t.false(q.ok, bad);
  }
  const q = parseQuantity('x1');
  t.deepEqual(q, { ok: false, error: QUANTITY_FORMAT_ERROR });
});

test('compare: equal values in different notations compare equal', (t) => {
  const cmp = (a: string, b: string): number => {
    const x = parseQuantity(a);
    const y = parseQuantity(b);
    if (!x.ok || !y.ok) throw new Error('parse');
    return compareQuantity(x.value, y.value);
  };
  t.is(cmp('1', '1000m'), 0);
  t.is(cmp('1Gi', '1073741824'), 0);
  t.is(cmp('1G', '1Gi'), -1);
  t.is(cmp('500m', '0.4'), 1);
});

test('property: canonical form parses back to the same value', (t) => {
  fc.assert(
    fc.property(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), fc.constantFrom('DecimalSI', 'BinarySI', 'DecimalExponent' as const), (nanos, format) => {
      const s = quantityString({ nanos, format });
      const back = parseQuantity(s);
      return back.ok && back.value.nanos === nanos;
    }),
  );
  t.pass();
});
