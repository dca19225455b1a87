// Reading the generated field schema: what type a field has, and what type sits at a path inside
// an object of a served kind. Strategic merge patch, server-side apply and the unknown-field
// check walk objects with it.

import { FIELD_SCHEMA } from './field-schema.gen.ts';
import { modulePathOf } from './names.ts';

export { FIELD_SCHEMA };

/** A kind as the resource table names it; a ResourceInfo is one. */
export interface KindRef {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export type Primitive = 'string' | 'number' | 'boolean' | 'int-or-string' | 'quantity' | 'time' | 'json';

/** A type expression of the schema, read: `[]core/v1.Container` is a list of that type. */
export type FieldType =
  | { readonly type: 'primitive'; readonly name: Primitive }
  | { readonly type: 'object'; readonly name: string }
  | { readonly type: 'list'; readonly items: string }
  | { readonly type: 'map'; readonly values: string };

const PRIMITIVES = new Set<string>(['string', 'number', 'boolean', 'int-or-string', 'quantity', 'time', 'json']);

// The schema has a few hundred expressions and the walks read one per value they visit.
const readTypes = new Map<string, FieldType>();

export function readType(expr: string): FieldType {
  let t = readTypes.get(expr);
  if (t === undefined) readTypes.set(expr, (t = parseType(expr)));
  return t;
}

function parseType(expr: string): FieldType {
  if (expr.startsWith('[]')) return { type: 'list', items: expr.slice(2) };
  if (expr.startsWith('{}')) return { type: 'map', values: expr.slice(2) };
  if (PRIMITIVES.has(expr)) return { type: 'primitive', name: expr as Primitive };
  return { type: 'object', name: expr };
}


/** The schema type of a kind's objects (`apps/v1.Deployment`), or undefined when none is known. */
export function rootTypeOf(ref: KindRef): string | undefined {
  // Looked up by the ref's own strings: building the type's name (a split, two joins and a hash
  // of the new text) cost more than the rest of a clean body's decoding.
  let byVersion = roots.get(ref.group);
  if (byVersion === undefined) roots.set(ref.group, (byVersion = new Map()));
  let byKind = byVersion.get(ref.version);
  if (byKind === undefined) byVersion.set(ref.version, (byKind = new Map()));
  let root = byKind.get(ref.kind);
  if (root === undefined) {
    const name = `${modulePathOf(ref.group, ref.version)}.${ref.kind}`;
    byKind.set(ref.kind, (root = FIELD_SCHEMA[name] ? name : null));
  }
  return root ?? undefined;
}

/** rootTypeOf's answers by group, version and kind; null: no schema. */
const roots = new Map<string, Map<string, Map<string, string | null>>>();

/** The fields of an object type, each with its type expression. */
export const fieldsOf = (typeName: string): Readonly<Record<string, string>> | undefined => FIELD_SCHEMA[typeName];

/** The type expression of one field of an object type; undefined for a field the type lacks. */
export function fieldTypeOf(typeName: string, field: string): string | undefined {
  const fields = FIELD_SCHEMA[typeName];
  return fields && Object.hasOwn(fields, field) ? fields[field] : undefined;
}

/**
 * The type expression at a path from a type: field names and map keys as strings, list indices
 * as numbers. Arbitrary JSON stays `json` all the way down; undefined when the path leaves the
 * schema (an unknown field, an index into a map).
 */
export function typeAtPath(typeExpr: string, path: readonly (string | number)[]): string | undefined {
  let expr = typeExpr;
  for (const seg of path) {
    if (expr === 'json') return expr;
    const t = readType(expr);
    if (t.type === 'list' && typeof seg === 'number') expr = t.items;
    else if (t.type === 'map' && typeof seg === 'string') expr = t.values;
    else if (t.type === 'object' && typeof seg === 'string') {
      const next = fieldTypeOf(t.name, seg);
      if (next === undefined) return undefined;
      expr = next;
    } else return undefined;
  }
  return expr;
}
