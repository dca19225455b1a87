// Objects reach the strategies as plain JSON: these views read them without a cast at every step.
// A missing field reads as Go's zero value (empty list, empty map, undefined), as the typed Go
// structs Kubernetes validates would hold it.

export type J = Record<string, any>;

export const rec = (v: unknown): J => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as J) : {});
export const isObject = (v: unknown): v is J => v !== null && typeof v === 'object' && !Array.isArray(v);

// These views run for every field the validators read: plain loops, as Array.from with a mapping
// function costs several times more.

/** A list of objects; a malformed entry reads as an empty object, so indexes in paths stay true. */
export function list(v: unknown): J[] {
  if (!Array.isArray(v)) return [];
  const out: J[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    out[i] = isObject(x) ? x : {};
  }
  return out;
}

export function strs(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  const out: string[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    out[i] = typeof x === 'string' ? x : String(x);
  }
  return out;
}
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const isSet = (v: unknown): boolean => v !== undefined && v !== null;

/** Deep equality of JSON values, key order ignored (Go's DeepEqual on the decoded structs). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as J)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as J)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => jsonEqual((a as J)[k], (b as J)[k]));
}

/** A string map as Go would hold it; a value of another type reads as its text. */
export function strMap(v: unknown): Record<string, string> | undefined {
  if (!isObject(v)) return undefined;
  const out: Record<string, string> = {};
  for (const k of Object.keys(v)) {
    const x: unknown = v[k];
    const s = typeof x === 'string' ? x : String(x);
    // An own `__proto__` key stays a key, as Object.fromEntries makes it.
    if (k === '__proto__') Object.defineProperty(out, k, { value: s, enumerable: true, writable: true, configurable: true });
    else out[k] = s;
  }
  return out;
}

/** A metav1.LabelSelector with every part of the type the selector helpers expect; null when absent. */
export function selectorObj(v: unknown): { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | null {
  if (!isSet(v)) return null;
  const s = rec(v);
  return {
    ...(isSet(s.matchLabels) ? { matchLabels: strMap(s.matchLabels) ?? {} } : {}),
    ...(isSet(s.matchExpressions) ? { matchExpressions: list(s.matchExpressions).map((e) => ({ key: str(e.key), operator: str(e.operator), ...(isSet(e.values) ? { values: strs(e.values) } : {}) })) } : {}),
  };
}
