// Stored values: UTF-8 JSON as byte strings, any text surviving the round trip.

import test from 'ava';
import fc from 'fast-check';
import './storage/json-copy.tests.ts';
import './storage/own-writes.tests.ts';
import './storage/owners.tests.ts';
import './bounded-memo.tests.ts';
import { bytesToUtf8, decodeObject, encodeObject, utf8ToBytes } from '../../../actors/kube-apiserver/storage/codec.ts';
import { newUid } from '../../../actors/kube-apiserver/storage/uid.ts';

test('text round-trips through UTF-8 bytes, every code unit of the bytes below 256', (t) => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
      const bytes = utf8ToBytes(text);
      return bytes.split('').every((c) => c.charCodeAt(0) < 256) && bytesToUtf8(bytes) === text && bytes.length === Buffer.byteLength(text);
    }),
  );
  t.is(utf8ToBytes('é'), '\u00c3\u00a9');
});

test('the stored JSON has no resourceVersion; decoding sets it from the mod revision', (t) => {
  const value = encodeObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', resourceVersion: '9' }, data: { k: 'ünïcode' } });
  t.false(bytesToUtf8(value).includes('resourceVersion'));
  t.deepEqual(decodeObject({ value, modRevision: 12 }), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', resourceVersion: '12' }, data: { k: 'ünïcode' } });
});

test('the stored bytes are those of the object less its resourceVersion, key order kept, whether it has one or not', (t) => {
  const meta = fc.record({ name: fc.string(), resourceVersion: fc.option(fc.string(), { nil: undefined }), labels: fc.dictionary(fc.string(), fc.string()) }, { requiredKeys: ['name'] });
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('ConfigMap'), metadata: meta, data: fc.dictionary(fc.string(), fc.string()) }), (obj) => {
        const { resourceVersion: _, ...metadata } = obj.metadata;
        return encodeObject(obj as never) === utf8ToBytes(JSON.stringify({ ...obj, metadata }));
      }),
    ),
  );
});

/** The uid as appended character by character: what newUid gave before it built one flat string. */
function referenceUid(pick: (n: number) => number): string {
  let out = '';
  for (let i = 0; i < 32; i++) {
    let nibble = pick(16);
    if (i === 12) nibble = 4;
    if (i === 16) nibble = 8 | (nibble & 3);
    out += '0123456789abcdef'[nibble];
    if (i === 7 || i === 11 || i === 15 || i === 19) out += '-';
  }
  return out;
}

test('uids are version-4 UUIDs drawn from the stream exactly as before, one draw per hex digit (property)', (t) => {
  fc.assert(
    fc.property(fc.array(fc.nat(15), { minLength: 32, maxLength: 32 }), (draws) => {
      let a = 0;
      let b = 0;
      const uid = newUid(() => draws[a++]!);
      return uid === referenceUid(() => draws[b++]!) && a === 32 && /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(uid);
    }),
    { numRuns: 200 },
  );
  t.pass();
});
