// A create's FieldsV1 against the kind's zero object (zero-objects.ts) rather than against
// nothing, from the one against nothing, as SMD's compare decides it: a node the zero object has
// already is not added (no "." on it), a leaf (a scalar, an atomic map or list, an empty one
// beside an empty or null one) is owned only when it differs from its zero value, and an empty
// map or list beside a zero value with members adds nothing. List items are never in a zero
// object (its lists are null), so only field names are looked up.

import type { FieldsV1Object } from './create-fields.ts';
import { type Json, isObject } from './path-element.ts';
import type { SchemaNode } from './schema.ts';
import { deepEqual } from './values.ts';

const isEmptyContainer = (v: Json | undefined): boolean => (Array.isArray(v) ? v.length === 0 : isObject(v) && Object.keys(v).length === 0);
/** A map or list with members: SMD walks it rather than compare it whole. */
const hasMembers = (v: Json | undefined): boolean => (Array.isArray(v) ? v.length > 0 : isObject(v) && Object.keys(v).length > 0);

/** Whether `v` is compared whole at `node` (SMD's leaf): a scalar, an atomic list or map, or an empty one beside an empty or null zero value. */
function comparedWhole(v: Json | undefined, node: SchemaNode): boolean {
  if (Array.isArray(v)) return node.list().type === 'atomic' || v.length === 0;
  if (isObject(v)) return node.map() === 'atomic' || Object.keys(v).length === 0;
  return true;
}

/** A value of another shape than its zero value (a list for a map, a map for a string): the decoder refuses such a body, so only odd inputs get here. */
export class ShapeMismatch extends Error {}

const shapeOf = (v: Json | undefined): string => (v === null || v === undefined ? 'null' : Array.isArray(v) ? 'list' : typeof v === 'object' ? 'map' : 'scalar');

/**
 * `fields` (owned by writing `obj` over nothing) less what `zero`, there already, accounts for;
 * undefined when nothing is left. Throws ShapeMismatch where `obj` does not have the zero
 * value's shape (the caller then compares the whole objects).
 */
export function againstZero(fields: FieldsV1Object, obj: Json | undefined, zero: Json, node: SchemaNode): FieldsV1Object | undefined {
  const out: FieldsV1Object = {};
  for (const [k, child] of Object.entries(fields)) {
    if (k === '.') continue; // the node is there in the zero object: not added
    const name = k.startsWith('f:') ? k.slice(2) : undefined;
    if (name === undefined || !isObject(zero) || !Object.hasOwn(zero, name) || !isObject(obj)) {
      out[k] = child;
      continue;
    }
    const v = obj[name];
    const z = zero[name];
    if (z !== null && v !== null && v !== undefined && shapeOf(v) !== shapeOf(z)) throw new ShapeMismatch();
    const childNode = node.child(name);
    // Nothing (undefined), or null or empty beside a zero value with members: the zero value's
    // members are walked and none is added.
    if (v === undefined || ((v === null || isEmptyContainer(v)) && hasMembers(z) && !comparedWhole(z, childNode))) continue;
    if (comparedWhole(v, childNode) || v === null) {
      if (!deepEqual(v, z)) out[k] = child;
    } else {
      const kept = againstZero(child, v, z!, childNode);
      if (kept !== undefined) out[k] = kept;
    }
  }
  return Object.keys(out).length === 0 ? undefined : out;
}
