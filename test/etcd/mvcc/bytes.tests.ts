// Keys and values are byte strings; these pin down that their order is etcd's byte order and
// that conversions round-trip.

import test from 'ava';
import fc from 'fast-check';
import { assertBytes, compareBytes, fromBase64, fromUint8Array, fromUtf8, isBytes, prefixEnd, toBase64, toUint8Array, toUtf8 } from '../../../actors/etcd/mvcc/index.ts';

test('prefixEnd is clientv3 GetPrefixRangeEnd: last byte +1, trailing 0xff dropped, all-0xff means "\\0"', (t) => {
  // clientv3/op.go getPrefix: the range end WithPrefix sends.
  t.is(prefixEnd('/registry/pods/'), '/registry/pods0');
  t.is(prefixEnd('a'), 'b');
  t.is(prefixEnd('a\xff'), 'b');
  t.is(prefixEnd('a\xff\xff'), 'b');
  t.is(prefixEnd('\xff'), '\0');
  t.is(prefixEnd('\xff\xff'), '\0');
  t.is(prefixEnd(''), '\0');
});

test('byte strings compare as Go bytes.Compare compares their bytes', (t) => {
  // etcd's btree index and sorts order keys with bytes.Compare.
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 8 }), fc.uint8Array({ maxLength: 8 }), (a, b) => {
      const expected = Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
      t.is(compareBytes(fromUint8Array(a), fromUint8Array(b)), expected);
    }),
  );
});

test('UTF-8 text round-trips, and its byte order is the UTF-8 byte order, not UTF-16', (t) => {
  // etcd keys are the UTF-8 bytes a client sends; their order is byte order.
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme' }), (s) => {
      t.is(toUtf8(fromUtf8(s)), s);
      t.true(isBytes(fromUtf8(s)));
    }),
  );
  // U+FF61 sorts before U+1F600 in UTF-8 bytes (EF.. < F0..), though not as UTF-16 code units.
  t.true(fromUtf8('\uff61') < fromUtf8('\u{1f600}'));
  t.false('\uff61' < '\u{1f600}');
});

test('Uint8Array and base64 conversions round-trip', (t) => {
  // The v3 JSON gateway carries keys and values as base64 (proto3 JSON for bytes).
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 32, size: 'max' }), (a) => {
      const b = fromUint8Array(a);
      t.deepEqual([...toUint8Array(b)], [...a]);
      t.is(fromBase64(toBase64(b)), b);
      t.is(toBase64(b), Buffer.from(a).toString('base64'));
    }),
  );
});

test('a string with a character above 0xff is not a byte string', (t) => {
  // Only bytes can be keys: a wider character must be encoded first.
  t.false(isBytes('ключ'));
  t.throws(() => assertBytes('ключ', 'key'), { instanceOf: TypeError, message: /key: character U\+043A at 0/ });
});
