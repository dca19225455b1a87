// A message crossing hosts arrives as a copy, so that no two hosts share an object. The copy used
// to be what msgpack decoding of its encoding gives; building it straight from the message gives
// the same value without the bytes (strings are immutable and so are shared, not re-read). Only
// values whose decoded form is certain are copied this way; the rest still go as bytes.

import { MAX_DEPTH, type Message } from '../message.ts';

/** What wireCopy returns for a value it does not copy: the message goes as msgpack bytes. */
export const NOT_COPIED: unique symbol = Symbol('not copied');

/**
 * What `unpack(pack(msg))` gives, whichever of the trace's encoder and msgpackr wrote the bytes;
 * NOT_COPIED for a value outside the part where both agree and the result is plain: undefined,
 * bigints, byte arrays (they arrive as Buffers), -0 (msgpackr writes it as 0, the trace's
 * encoder as -0), an own `__proto__` key, anything not plain data, and nesting 64 deep.
 */
export function wireCopy(msg: Message): Message | typeof NOT_COPIED {
  return copy(msg, 0) as Message | typeof NOT_COPIED;
}

function copy(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return wellFormed(v);
  if (typeof v === 'number') return v === 0 && 1 / v < 0 ? NOT_COPIED : v;
  if (typeof v === 'boolean') return v;
  if (v === null) return null;
  // Deeper is not plain data (isPlainData's limit), which send refuses with its own message.
  if (typeof v !== 'object' || depth >= MAX_DEPTH) return NOT_COPIED;
  if (Array.isArray(v)) {
    const n = v.length;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const x = copy(v[i], depth + 1);
      if (x === NOT_COPIED) return NOT_COPIED;
      out[i] = x;
    }
    return out;
  }
  // Without a prototype, an object is written as a map too, and arrives as a plain object.
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return NOT_COPIED;
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k in o) {
    if (k === '__proto__') return NOT_COPIED;
    const x = copy(o[k], depth + 1);
    if (x === NOT_COPIED) return NOT_COPIED;
    out[wellFormed(k)] = x;
  }
  return out;
}

// Both encoders write a lone surrogate as U+FFFD's UTF-8, so it arrives as U+FFFD. (ES2024's
// string methods, in Node 20; the project's lib is ES2023.)
type Es2024String = string & { isWellFormed(): boolean; toWellFormed(): string };
const wellFormed = (s: string): string => ((s as Es2024String).isWellFormed() ? s : (s as Es2024String).toWellFormed());
