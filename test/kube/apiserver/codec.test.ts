// Stored values: UTF-8 JSON as byte strings, any text surviving the round trip.

import test from 'ava';
import fc from 'fast-check';
import './storage/json-copy.tests.ts';
import './storage/own-writes.tests.ts';
import './storage/owners.tests.ts';
import { bytesToUtf8, decodeObject, encodeObject, utf8ToBytes } from '../../../actors/kube-apiserver/storage/codec.ts';

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
