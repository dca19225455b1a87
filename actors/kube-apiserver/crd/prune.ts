// What the custom resource codec does to an incoming object before validation
// (apiextensions-apiserver schema/pruning and schema/defaulting): drop the fields the schema does
// not know, unless x-kubernetes-preserve-unknown-fields keeps them; fill in schema defaults;
// drop nulls where a field is not nullable and has no default. The dropped paths are what
// fieldValidation=Strict/Warn report as `unknown field "spec.foo"`.

import { type Schema, childPath, indexPath, isObject } from './schema.ts';

/** Kept at the root of every object (and of x-kubernetes-embedded-resource objects). */
const OBJECT_FIELDS = ['apiVersion', 'kind', 'metadata'];

function pruneValue(v: unknown, s: Schema | undefined, path: string, embedded: boolean, dropped: string[]): void {
  if (s === undefined) return;
  if (Array.isArray(v)) {
    const items = s.items;
    if (items !== undefined) v.forEach((x, i) => pruneValue(x, Array.isArray(items) ? items[i] : items, indexPath(path, i), false, dropped));
    return;
  }
  if (!isObject(v)) return;
  const props = s.properties ?? {};
  const additional = isObject(s.additionalProperties) ? s.additionalProperties : undefined;
  const keepUnknown = s['x-kubernetes-preserve-unknown-fields'] === true || s.additionalProperties === true;
  const keepMeta = embedded || s['x-kubernetes-embedded-resource'] === true;
  for (const k of Object.keys(v).sort()) {
    if (k in props) pruneValue(v[k], props[k], childPath(path, k), false, dropped);
    else if (additional !== undefined) pruneValue(v[k], additional, childPath(path, k), false, dropped);
    else if (keepMeta && OBJECT_FIELDS.includes(k)) continue;
    else if (!keepUnknown) {
      delete v[k];
      dropped.push(childPath(path, k));
    }
  }
}

/**
 * Removes from `obj` (in place) what `schema` does not allow, keeping apiVersion, kind and
 * metadata at the root; returns the removed fields' paths, sorted.
 */
export function prune(obj: Record<string, unknown>, schema: Schema | undefined): string[] {
  const dropped: string[] = [];
  if (schema === undefined) return dropped;
  pruneValue(obj, schema, '', true, dropped);
  return dropped.sort();
}

function defaultValue(v: unknown, s: Schema | undefined): void {
  if (s === undefined) return;
  if (Array.isArray(v)) {
    const items = s.items;
    if (items !== undefined) v.forEach((x, i) => defaultValue(x, Array.isArray(items) ? items[i] : items));
    return;
  }
  if (!isObject(v)) return;
  for (const [k, ps] of Object.entries(s.properties ?? {})) {
    const missing = !(k in v) || (v[k] === null && ps.nullable !== true);
    if (missing && ps.default !== undefined) v[k] = structuredClone(ps.default);
    else if (v[k] === null && ps.nullable !== true) delete v[k];
    if (k in v) defaultValue(v[k], ps);
  }
  if (isObject(s.additionalProperties)) {
    const extra = s.additionalProperties;
    for (const k of Object.keys(v)) {
      if (k in (s.properties ?? {})) continue;
      if (v[k] === null && extra.nullable !== true) {
        if (extra.default !== undefined) v[k] = structuredClone(extra.default);
        else delete v[k];
      }
      defaultValue(v[k], extra);
    }
  }
}

/** Applies schema defaults and drops non-nullable nulls, in place. */
export function applyDefaults(obj: Record<string, unknown>, schema: Schema | undefined): void {
  defaultValue(obj, schema);
}
