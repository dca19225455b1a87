// x-kubernetes-list-type "set" and "map" uniqueness (apiextensions schema/listtype): the second
// occurrence of an item (or of a map key) is a Duplicate; later ones are not reported again.
// Paths here are apimachinery field paths (map keys in brackets), not kube-openapi's.

import { type FieldError, FieldPath, fieldError } from '../../../protocols/kube/field-errors.ts';
import { type Schema, isObject } from './schema.ts';

/** The indexes of second occurrences, values compared by their JSON text. */
function nonUnique(values: readonly unknown[]): number[] {
  const seen = new Map<string, number>();
  const out: number[] = [];
  values.forEach((v, i) => {
    const key = JSON.stringify(v === undefined ? { unspecified: true } : v);
    const times = seen.get(key) ?? 0;
    if (times === 1) out.push(i);
    seen.set(key, times + 1);
  });
  return out;
}

function listMapErrors(s: Schema, list: unknown[], at: FieldPath): FieldError[] {
  const bad = list.findIndex((x) => x !== null && !isObject(x));
  if (bad >= 0) return [fieldError.invalid(at.index(bad), list[bad], 'must be an object for an array of list-type map')];
  if (list.length <= 1) return [];
  const keyFields = s['x-kubernetes-list-map-keys'] ?? [];
  const keys = list.map((x) => {
    const item = (x ?? {}) as Record<string, unknown>;
    const key: Record<string, unknown> = {};
    for (const k of keyFields) if (k in item) key[k] = item[k];
    return key;
  });
  return nonUnique(keys).map((i) => fieldError.duplicate(at.index(i), keys[i]));
}

function walk(s: Schema | undefined, v: unknown, at: FieldPath): FieldError[] {
  if (s === undefined) return [];
  if (Array.isArray(v)) {
    const errs: FieldError[] = [];
    if (s['x-kubernetes-list-type'] === 'set') errs.push(...nonUnique(v).map((i) => fieldError.duplicate(at.index(i), v[i])));
    if (s['x-kubernetes-list-type'] === 'map') errs.push(...listMapErrors(s, v, at));
    const items = s.items;
    if (items !== undefined && !Array.isArray(items)) v.forEach((x, i) => errs.push(...walk(items, x, at.index(i))));
    return errs;
  }
  if (!isObject(v)) return [];
  const errs: FieldError[] = [];
  const extra = isObject(s.additionalProperties) ? (s.additionalProperties as Schema) : undefined;
  for (const k of Object.keys(v).sort()) {
    if (extra !== undefined) errs.push(...walk(extra, v[k], at.key(k)));
    const sub = s.properties?.[k];
    if (sub !== undefined) errs.push(...walk(sub, v[k], at.child(k)));
  }
  return errs;
}

/** ValidateListSetsAndMaps over a whole object. */
export function validateListSetsAndMaps(obj: unknown, schema: Schema | undefined): FieldError[] {
  return walk(schema, obj, FieldPath.none);
}
