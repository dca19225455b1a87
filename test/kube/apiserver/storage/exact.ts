// Equality as strict as the trace's: the same values (Object.is), the same keys in the same order,
// the same prototypes, arrays with the same elements — what msgpack would encode identically.

export function exactlyEqual(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    return a.length === bs.length && a.every((x, i) => i in bs && exactlyEqual(x, bs[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && exactlyEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Whether any object reachable from `a` is also reachable from `b`. */
export function sharesObjects(a: unknown, b: unknown): boolean {
  const seen = new Set<object>();
  const walk = (v: unknown, visit: (o: object) => boolean): boolean => {
    if (typeof v !== 'object' || v === null) return false;
    if (visit(v)) return true;
    return Object.values(v).some((x) => walk(x, visit));
  };
  walk(a, (o) => (seen.add(o), false));
  return walk(b, (o) => seen.has(o));
}
