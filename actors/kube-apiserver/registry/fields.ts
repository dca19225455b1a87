// Copies of plain JSON objects with fields added or left out. V8 (Node 20) builds an object
// literal that spreads an object and then adds properties (`{ ...meta, uid }`) an order of
// magnitude slower than copying the fields one by one, and object rest with named exclusions
// (`const { selfLink, ...rest } = meta`) goes through a slow runtime call too; the write paths do
// both several times per request. An own `__proto__` key (JSON.parse makes one) would set the
// copy's prototype when assigned, so such objects take the spread.

/** `{ ...base, ...extra }`. */
export function withFields<T extends object, U extends object>(base: T, extra: U): Omit<T, keyof U> & U {
  if (Object.hasOwn(base, '__proto__') || Object.hasOwn(extra, '__proto__')) return { ...base, ...extra };
  return Object.assign({}, base, extra);
}

/** `base` without `keys`: what `const { k1, k2, ...rest } = base` leaves in rest (no symbol keys). */
export function withoutFields<T extends object, K extends keyof T & string>(base: T, keys: readonly K[]): Omit<T, K> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(base)) {
    if ((keys as readonly string[]).includes(k)) continue;
    const v = (base as Record<string, unknown>)[k];
    if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out as Omit<T, K>;
}
