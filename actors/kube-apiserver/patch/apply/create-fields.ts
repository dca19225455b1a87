// The field set a write from nothing owns. Compared with an empty live object, every node of the
// new object is "added" (SMD's Compare marks each leaf, each container that appeared and each
// duplicated list item), so the set is the object's own tree read through the schema: no diff,
// no path chains, no builder. compare() gives the same set on this input; the test checks it.

import { type FieldNode, type FieldSet, EMPTY } from './field-set.ts';
import { indexItems } from './list-items.ts';
import { type Json, compareElements, compareStrings, field, isObject } from './path-element.ts';
import type { SchemaNode } from './schema.ts';

const EMPTY_OBJECT = {};
const byElement = (x: FieldNode, y: FieldNode): number => compareElements(x.pe, y.pe);

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
  const all = Object.keys(v);
  if (all.length === 0) return EMPTY;
  // compare() walks the new side's keys that are not `in` an empty object, which leaves out the
  // names Object.prototype carries (`constructor`, `toString`): the same keys are left out here.
  const keys = all.filter((k) => !(k in EMPTY_OBJECT));
  keys.sort(compareStrings);
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
