// Taking fields out of an object, SMD's RemoveItems: a path that is a member of the set goes
// with everything below it; a path with members below it is descended into. Maps and lists left
// empty by the removal disappear with it (Kubernetes' typed objects read an emptied field as unset).

import { type FieldNode, type FieldSet, EMPTY } from './field-set.ts';
import { itemElement } from './list-items.ts';
import { type Json, isObject, serializeElement } from './path-element.ts';
import type { ApplySchema, SchemaNode } from './schema.ts';

type Value = Json | undefined;

const byKey = (set: FieldSet): Map<string, FieldNode> => new Map(set.map((n) => [serializeElement(n.pe), n]));

function remove(v: Json, set: FieldSet, node: SchemaNode): Value {
  if (set.length === 0) return v;
  const nodes = byKey(set);
  if (Array.isArray(v)) {
    const shape = node.list();
    if (v.length === 0 || shape.type === 'atomic') return v;
    const out: Json[] = [];
    const itemNode = node.item();
    for (const item of v) {
      const named = itemElement(shape, item);
      const n = named.ok ? nodes.get(serializeElement(named.pe)) : undefined;
      if (n?.member) continue;
      const kept = n && n.children.length > 0 ? remove(item, n.children, itemNode) : item;
      if (kept !== undefined) out.push(kept);
    }
    return out.length > 0 ? out : undefined;
  }
  if (isObject(v)) {
    if (Object.keys(v).length === 0 || node.map() === 'atomic') return v;
    const out: Record<string, Json> = {};
    for (const key of Object.keys(v)) {
      const n = nodes.get(`f:${key}`);
      if (n?.member) continue;
      const kept = n && n.children.length > 0 ? remove(v[key]!, n.children, node.child(key)) : v[key]!;
      if (kept !== undefined) out[key] = kept;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return v;
}

export const removeItems = (obj: Json, set: FieldSet, schema: ApplySchema): Json => remove(obj, set, schema.root) ?? {};

/**
 * SMD's EnsureNamedFieldsAreMembers: a struct field with members below it counts as a member
 * itself, so that removing what a manager owned also removes the struct that held only that.
 */
export function ensureNamedFieldsAreMembers(set: FieldSet, schema: ApplySchema): FieldSet {
  return ensure(set, schema.root);
}

function ensure(set: FieldSet, node: SchemaNode): FieldSet {
  if (set.length === 0) return EMPTY;
  let struct: boolean | undefined;
  return set.map((n): FieldNode => {
    if (n.children.length === 0) return n;
    if (n.pe.kind === 'field') {
      struct ??= node.map() === 'struct';
      return { pe: n.pe, member: n.member || struct, children: ensure(n.children, node.child(n.pe.name)) };
    }
    return { pe: n.pe, member: n.member, children: ensure(n.children, node.item()) };
  });
}
