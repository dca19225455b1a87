// AES as Kubernetes' storage transformers lay values out (apiserver/pkg/storage/value/encrypt/aes):
//   aescbc: 16-byte IV, then the CBC ciphertext of the PKCS#7-padded value;
//   aesgcm: 12-byte nonce, then ciphertext and 16-byte tag, the etcd key as additional data
//           (a value copied under another key does not open).
// Failures carry Kubernetes' messages. The IV or nonce comes from the caller.

import { type CipherGCMTypes, createCipheriv, createDecipheriv } from 'node:crypto';

export const AES_BLOCK = 16;
export const GCM_NONCE = 12;
const GCM_TAG = 16;

export type Opened = { readonly ok: true; readonly value: Buffer } | { readonly ok: false; readonly error: string };

const cbcName = (key: Buffer) => `aes-${key.length * 8}-cbc`;
const gcmName = (key: Buffer) => `aes-${key.length * 8}-gcm` as CipherGCMTypes;

export function cbcSeal(key: Buffer, iv: Uint8Array, plaintext: Buffer): Buffer {
  const pad = AES_BLOCK - (plaintext.length % AES_BLOCK);
  const padded = Buffer.concat([plaintext, Buffer.alloc(pad, pad)]);
  const c = createCipheriv(cbcName(key), key, iv).setAutoPadding(false);
  return Buffer.concat([Buffer.from(iv), c.update(padded), c.final()]);
}

export function cbcOpen(key: Buffer, data: Buffer): Opened {
  if (data.length < AES_BLOCK) return { ok: false, error: 'the stored data was shorter than the required size' };
  const body = data.subarray(AES_BLOCK);
  if (body.length % AES_BLOCK !== 0) return { ok: false, error: 'the stored data is not a multiple of the block size' };
  const d = createDecipheriv(cbcName(key), key, data.subarray(0, AES_BLOCK)).setAutoPadding(false);
  const plain = Buffer.concat([d.update(body), d.final()]);
  const pad = plain.length === 0 ? 0 : plain[plain.length - 1]!;
  if (pad === 0 || pad > plain.length) return { ok: false, error: 'invalid PKCS7 data (empty or not padded)' };
  for (let i = plain.length - pad; i < plain.length; i++) if (plain[i] !== pad) return { ok: false, error: 'invalid padding on input' };
  return { ok: true, value: plain.subarray(0, plain.length - pad) };
}

export function gcmSeal(key: Buffer, nonce: Uint8Array, plaintext: Buffer, aad: Buffer): Buffer {
  const c = createCipheriv(gcmName(key), key, nonce);
  c.setAAD(aad);
  const body = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([Buffer.from(nonce), body, c.getAuthTag()]);
}

export function gcmOpen(key: Buffer, data: Buffer, aad: Buffer): Opened {
  if (data.length < GCM_NONCE) return { ok: false, error: 'the stored data was shorter than the required size' };
  // Go's AEAD.Open says this both for a short input and for a tag that does not verify.
  const failed: Opened = { ok: false, error: 'cipher: message authentication failed' };
  if (data.length < GCM_NONCE + GCM_TAG) return failed;
  const d = createDecipheriv(gcmName(key), key, data.subarray(0, GCM_NONCE));
  d.setAAD(aad);
  d.setAuthTag(data.subarray(data.length - GCM_TAG));
  try {
    return { ok: true, value: Buffer.concat([d.update(data.subarray(GCM_NONCE, data.length - GCM_TAG)), d.final()]) };
  } catch {
    return failed;
  }
}
