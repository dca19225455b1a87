// What changed between two versions of an object, as SMD's Compare reports it: leaves (scalars,
// atomic lists and maps, and lists or maps empty on both sides) added, modified or removed, plus
// the non-leaf nodes that appeared or disappeared as a whole. Update ownership and conflicts are
// computed from these three sets.

import { type Chain, type FieldSet, FieldSetBuilder, extend } from './field-set.ts';
import { indexItems } from './list-items.ts';
import { type Json, field, isObject } from './path-element.ts';
import type { ApplySchema, SchemaNode } from './schema.ts';
import { deepEqual } from './values.ts';

export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

interface Walk {
  /** Parts equal on both sides are passed over near the root (see visitMap). */
  readonly skipEqual: boolean;
  readonly added: FieldSetBuilder;
  readonly modified: FieldSetBuilder;
  readonly removed: FieldSetBuilder;
}

type Value = Json | undefined;

function leaf(w: Walk, l: Value, r: Value, at: Chain | undefined): void {
  if (l === undefined) w.added.insertChain(at);
  else if (r === undefined) w.removed.insertChain(at);
  else if (!deepEqual(l, r)) w.modified.insertChain(at);
}

const isList = (v: Value): v is readonly Json[] => Array.isArray(v);
const emptyOrAbsent = (v: Value): boolean => v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
// A null stands for an empty list or map when the other side has one, as SMD reads it.
const listOrNull = (v: Value): boolean => v === undefined || v === null || Array.isArray(v);
const mapOrNull = (v: Value): boolean => v === undefined || v === null || isObject(v);

function counts(keys: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

function visitList(w: Walk, l: Value, r: Value, node: SchemaNode, at: Chain | undefined): boolean {
  const shape = node.list();
  if (shape.type === 'atomic' || (emptyOrAbsent(l) && emptyOrAbsent(r))) {
    leaf(w, l, r, at);
    return false;
  }
  const li = indexItems(shape, isList(l) ? l : undefined);
  const ri = indexItems(shape, isList(r) ? r : undefined);
  const lCounts = counts(li.keys);
  const rCounts = counts(ri.keys);
  const itemNode = node.item();
  const done = new Set<string>();
  const names = [...li.names, ...ri.names];
  const keys = [...li.keys, ...ri.keys];
  for (let i = 0; i < names.length; i++) {
    const k = keys[i]!;
    if (done.has(k)) continue;
    done.add(k);
    const c: Chain = { parent: at, pe: names[i]!, key: k };
    const ln = lCounts.get(k) ?? 0;
    const rn = rCounts.get(k) ?? 0;
    if (ln <= 1 && rn <= 1) visit(w, li.byName.get(k), ri.byName.get(k), itemNode, c);
    else if (ln >= 2 && rn >= 2) {
      const sameKey = (list: readonly Json[], itemKeys: readonly string[]) => list.filter((_, j) => itemKeys[j] === k);
      if (!deepEqual(sameKey(l as readonly Json[], li.keys), sameKey(r as readonly Json[], ri.keys))) w.modified.insertChain(c);
    } else if (ln >= 2) {
      if (rn === 1) visit(w, undefined, ri.byName.get(k), itemNode, c);
      w.removed.insertChain(c);
    } else {
      if (ln === 1) visit(w, li.byName.get(k), undefined, itemNode, c);
      w.added.insertChain(c);
    }
  }
  return true;
}

function visitMap(w: Walk, l: Value, r: Value, node: SchemaNode, at: Chain | undefined): boolean {
  const shape = node.map();
  if (shape === 'atomic' || (emptyOrAbsent(l) && emptyOrAbsent(r))) {
    leaf(w, l, r, at);
    return false;
  }
  const lm = isObject(l) ? l : {};
  const rm = isObject(r) ? r : {};
  // Equal values add nothing to any set: near the root, where a write usually leaves whole parts
  // alone (a status write, the spec; a renewal, most of the metadata), a plain equality walk
  // spares the schema walk. Deeper down the check would mostly repeat its parent's.
  const skipEqual = w.skipEqual && (at === undefined || at.parent === undefined);
  for (const key of Object.keys(lm)) {
    if (skipEqual && deepEqual(lm[key], rm[key])) continue;
    visit(w, lm[key], rm[key], node.child(key), extend(at, field(key)));
  }
  for (const key of Object.keys(rm)) if (!(key in lm)) visit(w, undefined, rm[key], node.child(key), extend(at, field(key)));
  return true;
}

function visit(w: Walk, l: Value, r: Value, node: SchemaNode, at: Chain | undefined): void {
  let container: boolean;
  if ((isList(l) || isList(r)) && listOrNull(l) && listOrNull(r)) container = visitList(w, l, r, node, at);
  else if ((isObject(l) || isObject(r)) && mapOrNull(l) && mapOrNull(r)) container = visitMap(w, l, r, node, at);
  else {
    leaf(w, l, r, at);
    return;
  }
  if (container && l === undefined) w.added.insertChain(at);
  else if (container && r === undefined) w.removed.insertChain(at);
}

/** `skipEqual` false: every part walked (what the shortcut must agree with). */
export function compare(l: Json | undefined, r: Json | undefined, schema: ApplySchema, skipEqual = true): Comparison {
  const w: Walk = { skipEqual, added: new FieldSetBuilder(), modified: new FieldSetBuilder(), removed: new FieldSetBuilder() };
  visit(w, l, r, schema.root, undefined);
  return { added: w.added.build(), modified: w.modified.build(), removed: w.removed.build() };
}
