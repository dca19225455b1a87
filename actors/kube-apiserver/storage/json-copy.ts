// A copy of a value exactly as a JSON round trip (JSON.parse of JSON.stringify) would give it:
// the same values and the same key order, sharing no object with the original. It walks the
// value once, several times faster than parsing its text, and declines (UNFIT) whenever the round
// trip would change something, so that the caller parses instead: a hole or an undefined in an
// array, -0, NaN or Infinity, a function, a symbol or a bigint, anything with a prototype other
// than a plain object's or array's (a Date, a boxed string, a subclass), and an own `__proto__`
// key, which an assignment would turn into a prototype.

export const UNFIT: unique symbol = Symbol('not a JSON round trip');

export function jsonCopy(v: unknown): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0) ? v : UNFIT;
    case 'object':
      return v === null ? null : Array.isArray(v) ? copyArray(v) : copyObject(v as Record<string, unknown>);
    default:
      return UNFIT;
  }
}

function copyArray(a: unknown[]): unknown {
  if (Object.getPrototypeOf(a) !== Array.prototype) return UNFIT;
  const out: unknown[] = [];
  for (let i = 0; i < a.length; i++) {
    if (!(i in a) || a[i] === undefined) return UNFIT;
    const x = jsonCopy(a[i]);
    if (x === UNFIT) return UNFIT;
    out.push(x);
  }
  return out;
}

function copyObject(o: Record<string, unknown>): unknown {
  const proto = Object.getPrototypeOf(o);
  if (proto !== Object.prototype && proto !== null) return UNFIT;
  const out: Record<string, unknown> = {};
  // Object.keys: own enumerable string keys in the order JSON.stringify writes them.
  for (const k of Object.keys(o)) {
    const x = o[k];
    // JSON.stringify leaves an undefined member out, and so does the copy.
    if (x === undefined) continue;
    if (k === '__proto__') return UNFIT;
    const y = jsonCopy(x);
    if (y === UNFIT) return UNFIT;
    out[k] = y;
  }
  return out;
}
