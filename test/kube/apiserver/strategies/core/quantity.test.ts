import test from 'ava';
import fc from 'fast-check';
import { compareQuantity, isIntegerQuantity, parseQuantity } from '../../../../../actors/kube-apiserver/strategies/core/quantity.ts';

test('quantities in their serialized forms', (t) => {
  t.is(compareQuantity('1Gi', '1073741824'), 0);
  t.is(compareQuantity('500m', '0.5'), 0);
  t.is(compareQuantity('1k', '1000'), 0);
  t.is(compareQuantity('1e3', '1k'), 0);
  t.is(compareQuantity('1Mi', '1M'), 1);
  t.is(compareQuantity('100Mi', '1Gi'), -1);
  t.is(parseQuantity('abc'), undefined);
  t.is(parseQuantity('1Gb'), undefined);
  t.true(isIntegerQuantity('2'));
  t.false(isIntegerQuantity('1.5'));
  t.false(isIntegerQuantity('100m'));
});

test('property: order of integers is kept through any suffix', (t) => {
  fc.assert(
    fc.property(fc.nat(1_000_000), fc.nat(1_000_000), fc.constantFrom('', 'k', 'M', 'Ki', 'Mi', 'Gi', 'm'), (a, b, suffix) => {
      return compareQuantity(`${a}${suffix}`, `${b}${suffix}`) === Math.sign(a - b);
    }),
  );
  t.pass();
});
