// What changed between two versions of an object, as SMD's Compare reports it: leaves (scalars,
// atomic lists and maps, and lists or maps empty on both sides) added, modified or removed, plus
// the non-leaf nodes that appeared or disappeared as a whole. Update ownership and conflicts are
// computed from these three sets.

import { type FieldSet, FieldSetBuilder } from './field-set.ts';
import { indexItems } from './list-items.ts';
import { type Json, type Path, field, isObject, serializeElement } from './path-element.ts';
import { type ApplySchema, type SchemaPath, ITEM, childPath } from './schema.ts';
import { deepEqual } from './values.ts';

export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

interface Walk {
  readonly schema: ApplySchema;
  readonly added: FieldSetBuilder;
  readonly modified: FieldSetBuilder;
  readonly removed: FieldSetBuilder;
}

type Value = Json | undefined;

function leaf(w: Walk, l: Value, r: Value, fp: Path): void {
  if (l === undefined) w.added.insert(fp);
  else if (r === undefined) w.removed.insert(fp);
  else if (!deepEqual(l, r)) w.modified.insert(fp);
}

const isList = (v: Value): v is readonly Json[] => Array.isArray(v);
const emptyOrAbsent = (v: Value): boolean => v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
// A null stands for an empty list or map when the other side has one, as SMD reads it.
const listOrNull = (v: Value): boolean => v === undefined || v === null || Array.isArray(v);
const mapOrNull = (v: Value): boolean => v === undefined || v === null || isObject(v);

function visit(w: Walk, l: Value, r: Value, sp: SchemaPath, fp: Path): void {
  let container = false;
  if ((isList(l) || isList(r)) && listOrNull(l) && listOrNull(r)) {
    const shape = w.schema.list(sp);
    if (shape.type === 'atomic' || (emptyOrAbsent(l) && emptyOrAbsent(r))) return leaf(w, l, r, fp);
    container = true;
    const li = indexItems(shape, isList(l) ? l : undefined);
    const ri = indexItems(shape, isList(r) ? r : undefined);
    const order = new Map<string, (typeof li.names)[number]>();
    for (const pe of [...li.names, ...ri.names]) if (!order.has(serializeElement(pe))) order.set(serializeElement(pe), pe);
    const counts = (names: typeof li.names): Map<string, number> => {
      const m = new Map<string, number>();
      for (const pe of names) m.set(serializeElement(pe), (m.get(serializeElement(pe)) ?? 0) + 1);
      return m;
    };
    const lCounts = counts(li.names);
    const rCounts = counts(ri.names);
    for (const [k, pe] of order) {
      const ln = lCounts.get(k) ?? 0;
      const rn = rCounts.get(k) ?? 0;
      const p = [...fp, pe];
      if (ln <= 1 && rn <= 1) visit(w, li.byName.get(k), ri.byName.get(k), [...sp, ITEM], p);
      else if (ln >= 2 && rn >= 2) {
        const lItems = (l as readonly Json[]).filter((_, i) => i < li.names.length && serializeElement(li.names[i]!) === k);
        const rItems = (r as readonly Json[]).filter((_, i) => i < ri.names.length && serializeElement(ri.names[i]!) === k);
        if (!deepEqual(lItems, rItems)) w.modified.insert(p);
      } else if (ln >= 2) {
        if (rn === 1) visit(w, undefined, ri.byName.get(k), [...sp, ITEM], p);
        w.removed.insert(p);
      } else {
        if (ln === 1) visit(w, li.byName.get(k), undefined, [...sp, ITEM], p);
        w.added.insert(p);
      }
    }
  } else if ((isObject(l) || isObject(r)) && mapOrNull(l) && mapOrNull(r)) {
    const shape = w.schema.map(sp);
    if (shape === 'atomic' || (emptyOrAbsent(l) && emptyOrAbsent(r))) return leaf(w, l, r, fp);
    container = true;
    const lm = isObject(l) ? l : {};
    const rm = isObject(r) ? r : {};
    for (const key of new Set([...Object.keys(lm), ...Object.keys(rm)])) visit(w, lm[key], rm[key], childPath(sp, shape, key), [...fp, field(key)]);
  } else return leaf(w, l, r, fp);
  if (container && l === undefined) w.added.insert(fp);
  else if (container && r === undefined) w.removed.insert(fp);
}

export function compare(l: Json | undefined, r: Json | undefined, schema: ApplySchema): Comparison {
  const w: Walk = { schema, added: new FieldSetBuilder(), modified: new FieldSetBuilder(), removed: new FieldSetBuilder() };
  visit(w, l, r, [], []);
  return { added: w.added.build(), modified: w.modified.build(), removed: w.removed.build() };
}
