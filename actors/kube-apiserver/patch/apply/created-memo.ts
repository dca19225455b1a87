// Objects written from nothing that hold the same fields own the same FieldsV1: the pods of one
// template, one client's objects. The FieldsV1 is remembered by the object's JSON text less the
// server-kept scalars of metadata (a name, a uid, a time own nothing, whatever their value), per
// schema and reset fields; a hit costs a native serialization and a copy instead of a walk through
// the schema. A value JSON text could blur (undefined, NaN, -0, a Date) is never remembered.

import type { FieldsV1Object } from './create-fields.ts';
import type { Json } from './path-element.ts';
import type { SchemaNode } from './schema.ts';

/** Past this many texts for one schema the memo starts over, so that what it holds stays bounded. */
const MAX_ENTRIES = 256;

const memos = new WeakMap<SchemaNode, WeakMap<object, Map<string, FieldsV1Object | null>>>();

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** True when `v` is JSON data only: what JSON.stringify writes it as tells it apart from any other value. */
function plainJson(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!(i in v) || !plainJson(v[i])) return false;
    return true;
  }
  if (!isPlainObject(v)) return false;
  for (const k of Object.keys(v)) if (!plainJson(v[k])) return false;
  return true;
}

const isScalar = (v: unknown): boolean => v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

function entries(obj: Record<string, unknown>, unowned: ReadonlySet<string> | undefined): string | undefined {
  let text = '{';
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    // A server-kept scalar is left out of the FieldsV1 whatever it holds: only its presence is kept.
    if (unowned?.has(k) && isScalar(v)) text += `${JSON.stringify(k)},`;
    else if (plainJson(v)) text += `${JSON.stringify(k)}:${JSON.stringify(v)},`;
    else return undefined;
  }
  return `${text}}`;
}

/** The text that decides a created object's FieldsV1, or undefined when it cannot be trusted to. */
function shapeText(obj: { readonly [key: string]: Json }, kept: ReadonlyMap<string, ReadonlySet<string>>): string | undefined {
  let text = '{';
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    const inner = kept.get(k);
    let part: string | undefined;
    if (inner !== undefined && isScalar(v)) part = '';
    else if (inner !== undefined && inner.size > 0 && isPlainObject(v)) part = entries(v, inner);
    else part = plainJson(v) ? JSON.stringify(v) : undefined;
    if (part === undefined) return undefined;
    text += `${JSON.stringify(k)}:${part},`;
  }
  return `${text}}`;
}

function copy(f: FieldsV1Object): FieldsV1Object {
  const out: FieldsV1Object = {};
  for (const k of Object.keys(f)) out[k] = copy(f[k]!);
  return out;
}

/**
 * `build()`'s FieldsV1 for `obj` created under `schema` with the top-level reset fields `reset`
 * (an array kept for the resource, so its identity names it) and the server-kept fields `kept`
 * (see createdFieldsV1), from the memo when the same text was built before. A fresh copy each time.
 */
export function rememberedFieldsV1(
  obj: { readonly [key: string]: Json },
  schema: SchemaNode,
  reset: object,
  kept: ReadonlyMap<string, ReadonlySet<string>>,
  build: () => FieldsV1Object | undefined,
): FieldsV1Object | undefined {
  const key = shapeText(obj, kept);
  if (key === undefined) return build();
  let bySchema = memos.get(schema);
  if (bySchema === undefined) memos.set(schema, (bySchema = new WeakMap()));
  let texts = bySchema.get(reset);
  if (texts === undefined) bySchema.set(reset, (texts = new Map()));
  const known = texts.get(key);
  if (known !== undefined) return known === null ? undefined : copy(known);
  const built = build();
  if (texts.size >= MAX_ENTRIES) texts.clear();
  texts.set(key, built === undefined ? null : copy(built));
  return built;
}
