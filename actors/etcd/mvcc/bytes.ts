// etcd keys and values are bytes. Here they are "byte strings": JS strings whose every code unit
// is one byte (0x00–0xff), the way Node's 'latin1' encoding reads a Buffer. ASCII text, which is
// what Kubernetes keys are, is its own byte string, and JS's `<` on byte strings orders them
// exactly as Go's bytes.Compare orders the bytes, which is the order etcd ranges and sorts in.
// Text with other characters goes in through `fromUtf8` and comes back through `toUtf8`.

import { Buffer } from 'node:buffer';
import type { Bytes } from '../../../protocols/etcd/kv.ts';

const NON_BYTE = /[^\x00-\xff]/;

export function isBytes(s: unknown): s is Bytes {
  return typeof s === 'string' && !NON_BYTE.test(s);
}

/** Throws when `s` is not a byte string; `what` names the field in the message. */
export function assertBytes(s: unknown, what: string): asserts s is Bytes {
  if (typeof s !== 'string') throw new TypeError(`${what}: must be a byte string, got ${typeof s}`);
  const m = NON_BYTE.exec(s);
  if (m) {
    throw new TypeError(
      `${what}: character U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} at ${m.index} is not a byte; encode text with fromUtf8`,
    );
  }
}

export function fromUtf8(text: string): Bytes {
  return Buffer.from(text, 'utf8').toString('latin1');
}

export function toUtf8(bytes: Bytes): string {
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

export function fromUint8Array(a: Uint8Array): Bytes {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('latin1');
}

export function toUint8Array(bytes: Bytes): Uint8Array {
  return new Uint8Array(Buffer.from(bytes, 'latin1'));
}

/** The JSON gateway carries bytes as base64. */
export function toBase64(bytes: Bytes): string {
  return Buffer.from(bytes, 'latin1').toString('base64');
}

export function fromBase64(b64: string): Bytes {
  return Buffer.from(b64, 'base64').toString('latin1');
}

/** Go's bytes.Compare: -1, 0 or 1. */
export function compareBytes(a: Bytes, b: Bytes): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The range end that covers every key starting with `prefix`, as clientv3's GetPrefixRangeEnd
 * computes it: the last byte below 0xff incremented, trailing 0xff bytes dropped; a prefix of only
 * 0xff bytes (or the empty prefix) has no upper bound, which etcd spells "\0".
 */
export function prefixEnd(prefix: Bytes): Bytes {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix.charCodeAt(i);
    if (c < 0xff) return prefix.slice(0, i) + String.fromCharCode(c + 1);
  }
  return '\0';
}

/** The range end etcd reads as "every key from `key` on". */
export const FROM_KEY: Bytes = '\0';
