// Taking fields out of an object, SMD's RemoveItems: a path that is a member of the set goes
// with everything below it; a path with members below it is descended into. Maps and lists left
// empty by the removal disappear with it (Kubernetes' typed objects read an emptied field as unset).

import { type FieldSet, type FieldNode, EMPTY, withPrefix } from './field-set.ts';
import { itemElement } from './list-items.ts';
import { type Json, compareElements, field, isObject } from './path-element.ts';
import { type ApplySchema, type SchemaPath, ITEM, childPath } from './schema.ts';

type Value = Json | undefined;

function memberOf(set: FieldSet, pe: Parameters<typeof compareElements>[0]): boolean {
  return set.some((n) => n.member && compareElements(n.pe, pe) === 0);
}

function remove(v: Json, set: FieldSet, schema: ApplySchema, sp: SchemaPath): Value {
  if (set.length === 0) return v;
  if (Array.isArray(v)) {
    const shape = schema.list(sp);
    if (v.length === 0 || shape.type === 'atomic') return v;
    const out: Json[] = [];
    for (const item of v) {
      const named = itemElement(shape, item);
      if (!named.ok) {
        out.push(item);
        continue;
      }
      if (memberOf(set, named.pe)) continue;
      const below = withPrefix(set, named.pe);
      const kept = below.length > 0 ? remove(item, below, schema, [...sp, ITEM]) : item;
      if (kept !== undefined) out.push(kept);
    }
    return out.length > 0 ? out : undefined;
  }
  if (isObject(v)) {
    const shape = schema.map(sp);
    if (Object.keys(v).length === 0 || shape === 'atomic') return v;
    const out: Record<string, Json> = {};
    for (const key of Object.keys(v)) {
      const pe = field(key);
      if (memberOf(set, pe)) continue;
      const below = withPrefix(set, pe);
      const kept = below.length > 0 ? remove(v[key]!, below, schema, childPath(sp, shape, key)) : v[key]!;
      if (kept !== undefined) out[key] = kept;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return v;
}

export const removeItems = (obj: Json, set: FieldSet, schema: ApplySchema): Json => remove(obj, set, schema, []) ?? {};

/**
 * SMD's EnsureNamedFieldsAreMembers: a struct field with members below it counts as a member
 * itself, so that removing what a manager owned also removes the struct that held only that.
 */
export function ensureNamedFieldsAreMembers(set: FieldSet, schema: ApplySchema, sp: SchemaPath = []): FieldSet {
  if (set.length === 0) return EMPTY;
  let mapShape: ReturnType<ApplySchema['map']> | undefined;
  const shape = (): ReturnType<ApplySchema['map']> => (mapShape ??= schema.map(sp));
  return set.map((n): FieldNode => {
    if (n.children.length === 0) return n;
    const named = n.pe.kind === 'field' && shape() === 'struct';
    const childSp = n.pe.kind === 'field' ? childPath(sp, shape(), n.pe.name) : [...sp, ITEM];
    return { pe: n.pe, member: n.member || named, children: ensureNamedFieldsAreMembers(n.children, schema, childSp) };
  });
}
