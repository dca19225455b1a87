// Objects reach the strategies as plain JSON: these views read them without a cast at every step.
// A missing field reads as Go's zero value (empty list, empty map, undefined), as the typed Go
// structs Kubernetes validates would hold it.

import { goQuote } from '../../../../protocols/kube/field-errors.ts';

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

/**
 * A value Kubernetes prints with Go's %#v (a label map, an IntOrString): the formatter prints
 * `goSyntax` as it stands. See the report: protocols/kube/field-errors.ts must learn this shape.
 */
export interface GoSyntax {
  readonly goSyntax: string;
}


/** `map[string]string{"app":"web", "tier":"db"}`, keys sorted as Go's fmt sorts them. */
export function goStringMap(m: Readonly<Record<string, string>> | undefined | null): GoSyntax {
  const keys = Object.keys(m ?? {}).sort();
  if (m === undefined || m === null) return { goSyntax: 'map[string]string(nil)' };
  return { goSyntax: `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(m[k]!)}`).join(', ')}}` };
}

/** `intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}`; an absent value is the zero struct. */
export function goIntOrString(v: unknown): GoSyntax {
  if (typeof v === 'string') return { goSyntax: `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}` };
  return { goSyntax: `intstr.IntOrString{Type:0, IntVal:${typeof v === 'number' ? v : 0}, StrVal:""}` };
}
