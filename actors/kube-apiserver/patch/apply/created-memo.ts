// Objects written from nothing that hold the same fields own the same FieldsV1: the pods of one
// template, one client's objects. The FieldsV1 (after the zero object has taken its share) is
// remembered with a copy of the object less the values of metadata's server-kept scalars (a name,
// a uid, a time own nothing, whatever their value: only their presence counts), per schema, reset
// fields and zero object; an object is known again by comparing it with the copies (see
// strategies/same-json.ts), which costs a walk that stops at the first difference instead of a
// walk through the schema; the answer is shared, frozen. A value JSON text could blur (undefined,
// NaN, -0, a Date) is never remembered.

import { deepFrozen } from '../../deep-frozen.ts';
import { isPlainObject, keyed, keysOf, RecentCopies, sameJson, snapshot } from '../../strategies/same-json.ts';
import type { FieldsV1Object } from './create-fields.ts';
import type { Json } from './path-element.ts';
import type { SchemaNode } from './schema.ts';

/** The copies kept per schema, reset fields and zero object. */
const MAX_ENTRIES = 8;

type Obj = { readonly [key: string]: Json };
type Kept = ReadonlyMap<string, ReadonlySet<string>>;

/** Stands in a copy for a server-kept scalar, whatever its value. */
const SCALAR: unique symbol = Symbol('server-kept scalar');

interface Entry {
  readonly copy: Record<string, unknown>;
  /**
   * The FieldsV1, frozen through and through and handed to every object like the copy: a fresh
   * copy of it for each create (by a walk or JSON.parse) costs as much as the lookup saves, and
   * nothing changes an object's FieldsV1 in place (writes build new ones). null: it owns nothing.
   */
  readonly fields: FieldsV1Object | null;
}

function copy(f: FieldsV1Object): FieldsV1Object {
  const out: FieldsV1Object = {};
  for (const k of Object.keys(f)) out[k] = copy(f[k]!);
  return out;
}

const memos = new WeakMap<SchemaNode, WeakMap<object, Map<object | undefined, RecentCopies<Entry>>>>();

const isScalar = (v: unknown): boolean => v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** The copy of `obj` that sameKept() compares with: server-kept scalars as SCALAR; undefined when it cannot be trusted to. */
function shapeCopy(obj: Obj, kept: Kept): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    const inner = kept.get(k);
    let part: unknown;
    if (inner !== undefined && isScalar(v)) part = SCALAR;
    else if (inner !== undefined && inner.size > 0 && isPlainObject(v)) {
      const sub: Record<string, unknown> = {};
      for (const k2 of Object.keys(v)) {
        const v2 = v[k2];
        const c = inner.has(k2) && isScalar(v2) ? SCALAR : snapshot(v2);
        if (c === undefined || k2 === '__proto__') return undefined;
        sub[k2] = c;
      }
      part = keyed(sub);
    } else part = snapshot(v);
    // A field named __proto__ would set the copy's prototype: such objects are not remembered.
    if (part === undefined || k === '__proto__') return undefined;
    out[k] = part;
  }
  return keyed(out);
}

/** Whether the plain object `v` matches `copy` field by field, a server-kept scalar (`inner` names them) by its presence alone. */
function sameKept(v: Record<string, unknown>, copy: Record<string, unknown>, inner: ReadonlySet<string> | undefined, kept: Kept | undefined): boolean {
  const b = keysOf(copy);
  let i = 0;
  // v is a plain object (checked by the caller): for-in reads its own keys in order, building no array.
  for (const k in v) {
    if (k !== b[i++]) return false;
    const x = v[k];
    const c = copy[k];
    if (c === SCALAR) {
      if (!(kept !== undefined ? kept.has(k) : inner!.has(k)) || !isScalar(x)) return false;
    } else if (kept !== undefined && isPlainObject(c) && (kept.get(k)?.size ?? 0) > 0) {
      if (!isPlainObject(x) || !sameKept(x, c, kept.get(k), undefined)) return false;
    } else if (!sameJson(x, c)) return false;
  }
  return i === b.length;
}

/** The entries remembered for a schema, reset fields (an array kept per resource, so its identity names it) and zero object. */
function entriesFor(schema: SchemaNode, reset: object, zero: object | undefined): RecentCopies<Entry> {
  let bySchema = memos.get(schema);
  if (bySchema === undefined) memos.set(schema, (bySchema = new WeakMap()));
  let byReset = bySchema.get(reset);
  if (byReset === undefined) bySchema.set(reset, (byReset = new Map()));
  let entries = byReset.get(zero);
  if (entries === undefined) byReset.set(zero, (entries = new RecentCopies(MAX_ENTRIES)));
  return entries;
}

const matches = (e: Entry, obj: Obj, kept: Kept): boolean => sameKept(obj, e.copy, undefined, kept);

/**
 * The FieldsV1 remembered for an object like `obj` created under `schema` with the top-level
 * reset fields `reset`, the server-kept fields `kept` (see createdFieldsV1) and the zero object
 * `zero`: shared and frozen; null when it owns nothing; undefined when none is remembered.
 */
export function knownFieldsV1(obj: Obj, schema: SchemaNode, reset: object, kept: Kept, zero: object | undefined): FieldsV1Object | null | undefined {
  const e = entriesFor(schema, reset, zero).find(matches, obj, kept);
  if (e === undefined) return undefined;
  return e.fields;
}

/** Remembers `fields` (undefined: nothing owned) as what `obj` owns, unless copies have long stopped paying; see knownFieldsV1. */
export function rememberFieldsV1(obj: Obj, schema: SchemaNode, reset: object, kept: Kept, zero: object | undefined, fields: FieldsV1Object | undefined): void {
  const entries = entriesFor(schema, reset, zero);
  if (!entries.worthCopying()) return;
  const c = shapeCopy(obj, kept);
  if (c !== undefined) entries.add({ copy: c, fields: fields === undefined ? null : deepFrozen(copy(fields)) });
}
