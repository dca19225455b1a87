// The field set a write from nothing owns. Compared with an empty live object, every node of the
// new object is "added" (SMD's Compare marks each leaf, each container that appeared and each
// duplicated list item), so the set is the object's own tree read through the schema: no diff,
// no path chains, no builder. compare() gives the same set on this input; the test checks it.

import { type FieldNode, type FieldSet, EMPTY } from './field-set.ts';
import { indexItems } from './list-items.ts';
import { type Json, compareElements, field, isObject } from './path-element.ts';
import type { SchemaNode } from './schema.ts';

const EMPTY_OBJECT = {};
const byElement = (x: FieldNode, y: FieldNode): number => compareElements(x.pe, y.pe);

// The keys compare() walks (see mapFields), sorted as SMD sorts field names: by UTF-16 code
// units, which is also what Array.prototype.sort does to strings without a comparator.
function sortedKeys(v: { readonly [key: string]: Json }): string[] {
  const keys = Object.keys(v);
  for (const k of keys) if (k in EMPTY_OBJECT) return keys.filter((x) => !(x in EMPTY_OBJECT)).sort();
  return keys.sort();
}

function listItems(v: readonly Json[], node: SchemaNode): FieldSet {
  const shape = node.list();
  if (shape.type === 'atomic' || v.length === 0) return EMPTY;
  const items = indexItems(shape, v);
  const counts = new Map<string, number>();
  for (const k of items.keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  const itemNode = node.item();
  const out: FieldNode[] = [];
  const done = new Set<string>();
  for (let i = 0; i < items.keys.length; i++) {
    const k = items.keys[i]!;
    if (done.has(k)) continue;
    done.add(k);
    // A duplicated key is owned as a whole: SMD cannot tell which item is which.
    const children = counts.get(k) === 1 ? ownedBelow(items.byName.get(k), itemNode) : EMPTY;
    out.push({ pe: items.names[i]!, member: true, children });
  }
  return out.sort(byElement);
}

function mapFields(v: { readonly [key: string]: Json }, node: SchemaNode): FieldSet {
  if (node.map() === 'atomic') return EMPTY;
  // compare() walks the new side's keys that are not `in` an empty object, which leaves out the
  // names Object.prototype carries (`constructor`, `toString`): the same keys are left out here.
  const keys = sortedKeys(v);
  if (keys.length === 0) return EMPTY;
  const out: FieldNode[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    out[i] = { pe: field(key), member: true, children: ownedBelow(v[key], node.child(key)) };
  }
  return out;
}

/** What lies below a value new to the object (the value's own node is a member too, if it has one). */
export function ownedBelow(v: Json | undefined, node: SchemaNode): FieldSet {
  if (Array.isArray(v)) return listItems(v, node);
  if (isObject(v)) return mapFields(v, node);
  return EMPTY;
}

// The same tree written straight as FieldsV1 (see fields-v1.ts): a member with members below it
// carries ".", keys in SMD's element order.

export type FieldsV1Object = { [key: string]: FieldsV1Object };

function listV1(v: readonly Json[], node: SchemaNode, self: boolean): FieldsV1Object | undefined {
  const shape = node.list();
  if (shape.type === 'atomic' || v.length === 0) return undefined;
  const items = indexItems(shape, v);
  const n = items.keys.length;
  if (n === 0) return undefined;
  // Each distinct name once, at its first item; a duplicated name is owned whole, nothing below.
  const unique = items.byName.size === n;
  const counts = new Map<string, number>();
  if (!unique) for (const k of items.keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  const order: number[] = [];
  const done = new Set<string>();
  for (let i = 0; i < n; i++) {
    if (!unique && done.has(items.keys[i]!)) continue;
    done.add(items.keys[i]!);
    order.push(i);
  }
  if (order.length > 1) order.sort((a, b) => compareElements(items.names[a]!, items.names[b]!));
  const itemNode = node.item();
  const out: FieldsV1Object = self ? { '.': {} } : {};
  for (const i of order) {
    const k = items.keys[i]!;
    out[k] = ((unique || counts.get(k) === 1) && fieldsBelow(items.byName.get(k), itemNode, true)) || {};
  }
  return out;
}


function mapV1(v: { readonly [key: string]: Json }, node: SchemaNode, self: boolean): FieldsV1Object | undefined {
  if (node.map() === 'atomic') return undefined;
  const keys = sortedKeys(v);
  if (keys.length === 0) return undefined;
  const out: FieldsV1Object = self ? { '.': {} } : {};
  for (const k of keys) out[`f:${k}`] = fieldsBelow(v[k], node.child(k), true) ?? {};
  return out;
}

/** The FieldsV1 of what lies below a new value; undefined for none. `self`: the value's node is a member. */
export function fieldsBelow(v: Json | undefined, node: SchemaNode, self: boolean): FieldsV1Object | undefined {
  if (Array.isArray(v)) return listV1(v, node, self);
  if (isObject(v)) return mapV1(v, node, self);
  return undefined;
}

/**
 * The whole object's FieldsV1 less `dropped` (top-level fields gone with all below them: the reset
 * fields) and less the membership of the server-kept fields `kept` names (by top-level field, the
 * fields below it that lose theirs too); undefined for nothing left.
 */
export function createdFieldsV1(obj: { readonly [key: string]: Json }, root: SchemaNode, dropped: ReadonlySet<string>, kept: ReadonlyMap<string, ReadonlySet<string>>): FieldsV1Object | undefined {
  if (root.map() === 'atomic') return undefined;
  const out: FieldsV1Object = {};
  let any = false;
  for (const k of sortedKeys(obj)) {
    if (dropped.has(k)) continue;
    const child = root.child(k);
    const inner = kept.get(k);
    const fields = inner === undefined ? (fieldsBelow(obj[k], child, true) ?? {}) : keptFields(obj[k], child, inner);
    if (fields === undefined) continue;
    out[`f:${k}`] = fields;
    any = true;
  }
  return any ? out : undefined;
}

// A server-kept field is no member: it stays only for what lies below it, without ".".
function keptFields(v: Json | undefined, node: SchemaNode, inner: ReadonlySet<string>): FieldsV1Object | undefined {
  if (!isObject(v) || inner.size === 0 || node.map() === 'atomic') return fieldsBelow(v, node, false);
  const out: FieldsV1Object = {};
  let any = false;
  for (const k of sortedKeys(v)) {
    const below = fieldsBelow(v[k], node.child(k), !inner.has(k));
    const fields = inner.has(k) ? below : (below ?? {});
    if (fields === undefined) continue;
    out[`f:${k}`] = fields;
    any = true;
  }
  return any ? out : undefined;
}
