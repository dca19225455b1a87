// A 32-bit FNV-1a hash of an actor's state, encoded as msgpack: equal states, equal hashes.

import { Packr } from 'msgpackr';

const packr = new Packr({ useRecords: false, moreTypes: true });

export function stateHash(state: unknown): number {
  let bytes: Uint8Array;
  try {
    bytes = packr.pack(state);
  } catch {
    bytes = new TextEncoder().encode(String(state));
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
