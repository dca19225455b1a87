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

/**
 * Whether a JSON round trip gives `v` back as it is: no undefined member or item, no hole, no
 * -0, NaN or Infinity, nothing but arrays, scalars and objects of Object.prototype, no own
 * `__proto__` key. (Named properties on an array, which JSON leaves out, are not looked for:
 * no JSON source makes them.) It reads the value once and builds nothing, a third of a copy's cost.
 */
export function isJsonRoundTrip(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0);
    case 'object':
      return v === null || (Array.isArray(v) ? arrayRoundTrips(v) : objectRoundTrips(v as Record<string, unknown>));
    default:
      return false;
  }
}

/**
 * Frozen values found to round trip whose every object below is one too: nothing can change them
 * any more, so they are not read again (the FieldsV1 shared by the objects created alike, see
 * patch/apply/created-memo.ts, is most of a created object's managedFields).
 */
const settled = new WeakSet<object>();

/**
 * A frozen value that round trips is settled when every property is data (a getter could answer
 * differently the next time) and every object below it is settled. Done once per such value.
 */
function settle(v: object): void {
  for (const d of Object.values(Object.getOwnPropertyDescriptors(v))) {
    if (!('value' in d)) return;
    const x: unknown = d.value;
    if (typeof x === 'object' && x !== null && !settled.has(x)) return;
  }
  settled.add(v);
}

/** Whether `v` is a settled value (see settled): its JSON text can be remembered, as it cannot change. */
export const isSettled = (v: object): boolean => Object.isFrozen(v) && settled.has(v);

function arrayRoundTrips(a: unknown[]): boolean {
  if (Object.getPrototypeOf(a) !== Array.prototype) return false;
  // Object.isFrozen reads a bit of the map for the extensible objects nearly all are.
  const frozen = Object.isFrozen(a);
  if (frozen && settled.has(a)) return true;
  for (let i = 0; i < a.length; i++) {
    // A hole reads as undefined, which the round trip makes null.
    const x = a[i];
    if (typeof x !== 'string' && !isJsonRoundTrip(x)) return false;
  }
  if (frozen) settle(a);
  return true;
}

function objectRoundTrips(o: Record<string, unknown>): boolean {
  // A null prototype comes back as Object.prototype.
  if (Object.getPrototypeOf(o) !== Object.prototype) return false;
  const frozen = Object.isFrozen(o);
  if (frozen && settled.has(o)) return true;
  // for-in reads the enumerable string keys without building an array; Object.prototype adds none.
  for (const k in o) {
    if (k === '__proto__') return false;
    const x = o[k];
    if (typeof x !== 'string' && !isJsonRoundTrip(x)) return false;
  }
  if (frozen) settle(o);
  return true;
}
