// Objects reach the strategies as plain JSON: these views read them without a cast at every step.
// A missing field reads as Go's zero value (empty list, empty map, undefined), as the typed Go
// structs Kubernetes validates would hold it.

export type J = Record<string, any>;

export const rec = (v: unknown): J => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as J) : {});
export const list = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);
export const strs = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);
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
