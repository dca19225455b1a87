import { createCipheriv, createDecipheriv } from 'node:crypto';
import test from 'ava';
import fc from 'fast-check';
import { cbcOpen, cbcSeal, gcmOpen, gcmSeal } from '../../../../actors/kube-apiserver/encryption/index.ts';

const hex = (s: string) => Buffer.from(s, 'hex');

test('aescbc known answer: NIST SP 800-38A F.2.1 (AES-128-CBC), IV first, then the padded ciphertext', (t) => {
  const key = hex('2b7e151628aed2a6abf7158809cf4f3c');
  const iv = hex('000102030405060708090a0b0c0d0e0f');
  const out = cbcSeal(key, iv, hex('6bc1bee22e409f96e93d7e117393172a'));
  t.is(out.length, 16 + 32, 'a full block of PKCS#7 padding follows a block-sized value');
  t.deepEqual(out.subarray(0, 16), iv);
  t.is(out.subarray(16, 32).toString('hex'), '7649abac8119b246cee98e9b12e9197d');
  t.deepEqual(cbcOpen(key, out), { ok: true, value: hex('6bc1bee22e409f96e93d7e117393172a') });
});

test('aesgcm known answer: GCM spec test case 2 (zero key, zero nonce), nonce first, tag last', (t) => {
  const out = gcmSeal(Buffer.alloc(16), Buffer.alloc(12), Buffer.alloc(16), Buffer.alloc(0));
  t.is(out.toString('hex'), '000000000000000000000000' + '0388dace60b6a392f328c2b971b2fe78' + 'ab6e47d42cec13bdf53a67b21257bddf');
});

test("aescbc agrees with node:crypto's own PKCS#7 padding for every length", (t) => {
  fc.assert(
    fc.property(fc.constantFrom(16, 24, 32), fc.uint8Array({ maxLength: 70 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (n, plain, iv, keyBytes) => {
      const key = Buffer.from(keyBytes.subarray(0, n));
      const ours = cbcSeal(key, iv, Buffer.from(plain));
      const c = createCipheriv(`aes-${n * 8}-cbc`, key, iv);
      const theirs = Buffer.concat([c.update(plain), c.final()]);
      const d = createDecipheriv(`aes-${n * 8}-cbc`, key, iv);
      return ours.subarray(16).equals(theirs) && Buffer.concat([d.update(ours.subarray(16)), d.final()]).equals(Buffer.from(plain));
    }),
  );
  t.pass();
});

test('round trips under both modes for any value and additional data', (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 40 }), (plain, aad) => {
      const key = Buffer.alloc(32, 7);
      const p = Buffer.from(plain);
      const cbc = cbcOpen(key, cbcSeal(key, Buffer.alloc(16, 1), p));
      const gcm = gcmOpen(key, gcmSeal(key, Buffer.alloc(12, 2), p, Buffer.from(aad)), Buffer.from(aad));
      return cbc.ok && cbc.value.equals(p) && gcm.ok && gcm.value.equals(p);
    }),
  );
  t.pass();
});

test("malformed stored data fails with Kubernetes' messages", (t) => {
  const key = Buffer.alloc(16, 3);
  t.deepEqual(cbcOpen(key, Buffer.alloc(10)), { ok: false, error: 'the stored data was shorter than the required size' });
  t.deepEqual(cbcOpen(key, Buffer.alloc(16 + 5)), { ok: false, error: 'the stored data is not a multiple of the block size' });
  t.deepEqual(cbcOpen(key, Buffer.alloc(16)), { ok: false, error: 'invalid PKCS7 data (empty or not padded)' });
  t.deepEqual(gcmOpen(key, Buffer.alloc(5), Buffer.alloc(0)), { ok: false, error: 'the stored data was shorter than the required size' });
  const sealed = gcmSeal(key, Buffer.alloc(12), Buffer.from('secret'), Buffer.from('/registry/secrets/a/b'));
  t.deepEqual(gcmOpen(key, sealed, Buffer.from('/registry/secrets/a/c')), { ok: false, error: 'cipher: message authentication failed' });
});
