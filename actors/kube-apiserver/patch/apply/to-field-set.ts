// The fields an object sets, as SMD's ToFieldSet lists them: every scalar, every atomic list or
// map as one leaf, every list item (with its fields below), every free-map key, and struct fields
// only where they hold null or an empty object. The same walk checks what SMD's typed conversion
// checks of list items (key fields present, no duplicates unless allowed).

import { type FieldSet, FieldSetBuilder } from './field-set.ts';
import { itemElement } from './list-items.ts';
import { type Json, type Path, type PathElement, compareElements, field, isObject, pathString, serializeElement } from './path-element.ts';
import { type ApplySchema, type SchemaPath, ITEM, childPath } from './schema.ts';

export type FieldSetResult = { readonly ok: true; readonly set: FieldSet } | { readonly ok: false; readonly error: string };

interface Walk {
  readonly schema: ApplySchema;
  readonly allowDuplicates: boolean;
  readonly out: FieldSetBuilder;
  readonly errors: string[];
}

function visit(w: Walk, v: Json, sp: SchemaPath, fp: Path): void {
  if (Array.isArray(v)) return visitList(w, v, sp, fp);
  if (isObject(v)) return visitMap(w, v, sp, fp);
  w.out.insert(fp);
}

function visitList(w: Walk, list: readonly Json[], sp: SchemaPath, fp: Path): void {
  const shape = w.schema.list(sp);
  if (shape.type === 'atomic') {
    w.out.insert(fp);
    return;
  }
  const seen = new Map<string, PathElement>();
  const duplicates = new Set<string>();
  const names: (PathElement | undefined)[] = [];
  list.forEach((item, i) => {
    const named = itemElement(shape, item);
    if (!named.ok) {
      w.errors.push(`${pathString(fp)}: element ${i}: ${named.error}`);
      names.push(undefined);
      return;
    }
    const k = serializeElement(named.pe);
    names.push(named.pe);
    if (!seen.has(k)) seen.set(k, named.pe);
    else if (!duplicates.has(k)) {
      duplicates.add(k);
      if (!w.allowDuplicates) w.errors.push(`${pathString(fp)}: duplicate entries for key ${pathString([named.pe])}`);
      w.out.insert([...fp, named.pe]);
    }
  });
  list.forEach((item, i) => {
    const pe = names[i];
    if (!pe || duplicates.has(serializeElement(pe))) return;
    const itemPath = [...fp, pe];
    visit(w, item, [...sp, ITEM], itemPath);
    w.out.insert(itemPath);
  });
}

function visitMap(w: Walk, m: { readonly [key: string]: Json }, sp: SchemaPath, fp: Path): void {
  const shape = w.schema.map(sp);
  if (shape === 'atomic') {
    w.out.insert(fp);
    return;
  }
  for (const key of Object.keys(m)) {
    const v = m[key]!;
    const p = [...fp, field(key)];
    visit(w, v, childPath(sp, shape, key), p);
    if (v === null || (isObject(v) && Object.keys(v).length === 0) || shape === 'granular') w.out.insert(p);
  }
}

/** The root is an object; `allowDuplicates` is for live objects, which SMD reads leniently. */
export function toFieldSet(obj: Json, schema: ApplySchema, allowDuplicates = true): FieldSetResult {
  const w: Walk = { schema, allowDuplicates, out: new FieldSetBuilder(), errors: [] };
  visit(w, obj, [], []);
  if (w.errors.length === 1) return { ok: false, error: w.errors[0]! };
  if (w.errors.length > 1) return { ok: false, error: ['errors:', ...w.errors.map((e) => `  ${e}`)].join('\n') };
  return { ok: true, set: w.out.build() };
}

/** For live objects, whose item errors SMD tolerates: the set, whatever it could read. */
export function liveFieldSet(obj: Json, schema: ApplySchema): FieldSet {
  const w: Walk = { schema, allowDuplicates: true, out: new FieldSetBuilder(), errors: [] };
  visit(w, obj, [], []);
  return w.out.build();
}

export const sameElement = (a: PathElement, b: PathElement): boolean => compareElements(a, b) === 0;
