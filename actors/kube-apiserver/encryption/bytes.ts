// Stored values here are byte strings (protocols/etcd/kv.ts Bytes: one code unit per byte);
// node:crypto wants Buffers. Latin-1 is exactly that one-to-one mapping.

import type { Bytes } from '../../../protocols/etcd/kv.ts';

export type { Bytes };

export const toBuffer = (b: Bytes): Buffer => Buffer.from(b, 'latin1');
export const fromBuffer = (b: Uint8Array): Bytes => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
/** UTF-8 text (a JSON object) as the byte string it is stored as. */
export const utf8ToBytes = (s: string): Bytes => Buffer.from(s, 'utf8').toString('latin1');
export const bytesToUtf8 = (b: Bytes): string => toBuffer(b).toString('utf8');

/** A source of n random bytes; pass one drawn from the actor's seeded stream so runs repeat. */
export type RandomBytes = (n: number) => Uint8Array;

/** RandomBytes over a seeded `pick(n) → [0, n)`. */
export const randomBytesFromPick =
  (pick: (n: number) => number): RandomBytes =>
  (n) =>
    Uint8Array.from({ length: n }, () => pick(256));
