// A body decoded in one walk: the JSON decoder's type error (as jsonDecodeError finds it), the
// unknown fields (as unknownFields lists them) and the decoded form (as decodedForm gives it).
// The three walks visit the same values in the same document order, so one walk can collect all
// three; a create pays one traversal instead of three. Paths and Go type names are only worked
// out when an error or an unknown field needs them. The separate functions stay for the patch
// paths, and the tests hold this walk to them.

import { fieldsOf, readType } from './field-schema.ts';
import { goTypeOf } from './go-types.ts';
import { elementGoType, jsonWord, scalarProblem, valueGoType } from './type-errors.ts';

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

class Returned extends Error {}

interface Walk {
  /** The first type error in document order (a custom decoder's error throws Returned instead). */
  saved: string | undefined;
  /** The object type whose field is being decoded, and the field names down to here. */
  struct: string;
  readonly fields: string[];
  /** Where the walk is: field names and map keys, list indexes. */
  readonly segments: (string | number)[];
  readonly unknown: string[];
  /** An int-or-string of exactly -2^31 was seen: the JSON decoder takes it, the converter does not. */
  int32Floor: boolean;
}

// The unknown field's path as apimachinery's decoder prints it: `.` before a field or key (none
// at the root), `[i]` after a list.
function pathOf(segments: readonly (string | number)[], key: string): string {
  let out = '';
  for (const s of segments) out = typeof s === 'number' ? `${out}[${s}]` : out === '' ? s : `${out}.${s}`;
  return out === '' ? key : `${out}.${key}`;
}

function typeError(w: Walk, value: string, goType: string): string {
  return `json: cannot unmarshal ${value} into Go struct field ${w.struct.slice(w.struct.lastIndexOf('.') + 1)}.${w.fields.join('.')} of type ${goType}`;
}

function save(w: Walk, value: string, goType: string): void {
  w.saved ??= typeError(w, value, goType);
}

/** The first `n` fields of `v`, as they are. */
function fieldsBefore(v: Record<string, unknown>, keys: readonly string[], n: number): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (let i = 0; i < n; i++) out.push([keys[i]!, v[keys[i]!]]);
  return out;
}

/** A field's schema type and Go type, as fieldTypeOf and goTypeOf give them. */
interface FieldInfo {
  readonly expr: string;
  readonly goType: string;
}

// Each object type's fields read once into a map: two lookups in the large schema tables per
// field visited cost more than the rest of visiting a scalar.
const fieldTables = new Map<string, ReadonlyMap<string, FieldInfo>>();
const NO_FIELDS: ReadonlyMap<string, FieldInfo> = new Map();

function fieldTable(typeName: string): ReadonlyMap<string, FieldInfo> {
  let table = fieldTables.get(typeName);
  if (table === undefined) {
    const fields = fieldsOf(typeName);
    const m = new Map<string, FieldInfo>();
    if (fields !== undefined) for (const k of Object.keys(fields)) m.set(k, { expr: fields[k]!, goType: goTypeOf(typeName, k, fields[k]!) });
    fieldTables.set(typeName, (table = fields === undefined ? NO_FIELDS : m));
  }
  return table;
}

function visitObject(w: Walk, typeName: string, goType: string, v: unknown): unknown {
  if (!isMap(v)) {
    save(w, jsonWord(v), goType);
    return v;
  }
  // The fields kept, once one is dropped or changed (until then the object is kept as it is).
  let kept: [string, unknown][] | undefined;
  const keys = Object.keys(v);
  const table = fieldTable(typeName);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const x = v[k];
    const info = table.get(k);
    if (info === undefined) {
      w.unknown.push(pathOf(w.segments, k));
      kept ??= fieldsBefore(v, keys, i);
      continue;
    }
    // A null field is left out of the decoded form (and decodes to nothing, so has no error).
    if (x === null) {
      kept ??= fieldsBefore(v, keys, i);
      continue;
    }
    const outer = w.struct;
    const depth = w.fields.length;
    w.struct = typeName;
    w.fields.push(k);
    w.segments.push(k);
    const next = visit(w, info.expr, info.goType, x);
    w.segments.pop();
    w.struct = outer;
    w.fields.length = depth;
    if (next !== x) kept ??= fieldsBefore(v, keys, i);
    kept?.push([k, next]);
  }
  return kept === undefined ? v : Object.fromEntries(kept);
}

function visitList(w: Walk, itemExpr: string, goType: string, v: unknown): unknown {
  if (!Array.isArray(v)) {
    save(w, jsonWord(v), goType);
    return v;
  }
  const itemGoType = elementGoType(goType, itemExpr);
  let changed = false;
  const items: unknown[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) {
    w.segments.push(i);
    items[i] = visit(w, itemExpr, itemGoType, v[i]);
    w.segments.pop();
    if (items[i] !== v[i]) changed = true;
  }
  return changed ? items : v;
}

function visitMap(w: Walk, valueExpr: string, goType: string, v: unknown): unknown {
  if (!isMap(v)) {
    save(w, jsonWord(v), goType);
    return v;
  }
  const valueType = valueGoType(goType, valueExpr);
  let changed = false;
  const entries: [string, unknown][] = [];
  for (const k of Object.keys(v)) {
    w.segments.push(k);
    const next = visit(w, valueExpr, valueType, v[k]);
    w.segments.pop();
    if (next !== v[k]) changed = true;
    entries.push([k, next]);
  }
  return changed ? Object.fromEntries(entries) : v;
}

function checkScalar(w: Walk, expr: string, goType: string, v: unknown): void {
  const p = scalarProblem(expr, goType, v);
  if (p === undefined) {
    if (v === INT32_MIN && expr === 'int-or-string') w.int32Floor = true;
    return;
  }
  if ('fatal' in p) throw new Returned(p.fatal);
  if ('fatalType' in p) throw new Returned(typeError(w, p.fatalType[0], p.fatalType[1]));
  if ('message' in p) w.saved ??= p.message;
  else save(w, p.type[0], p.type[1]);
}

function visit(w: Walk, expr: string, goType: string, v: unknown): unknown {
  if (v === null || expr === 'json') return v;
  const t = readType(expr);
  if (t.type === 'object') return visitObject(w, t.name, goType, v);
  if (t.type === 'list') return visitList(w, t.items, goType, v);
  if (t.type === 'map') return visitMap(w, t.values, goType, v);
  checkScalar(w, expr, goType, v);
  return v;
}

const INT32_MIN = -(2 ** 31);

/**
 * `convertible`: the map converter (a strategic merge patch's result) finds no type error either.
 * Every value it refuses the JSON decoder refuses too, but for an int-or-string of -2^31.
 */
export type Walked =
  | { readonly typeError: string }
  | { readonly typeError: undefined; readonly object: unknown; readonly unknown: readonly string[]; readonly convertible: boolean };

/** `obj` decoded into the schema type `root`. */
export function decodeWalk(root: string, obj: unknown): Walked {
  const w: Walk = { saved: undefined, struct: '', fields: [], segments: [], unknown: [], int32Floor: false };
  let object: unknown;
  try {
    object = visit(w, root, '', obj);
  } catch (e) {
    if (e instanceof Returned) return { typeError: e.message };
    throw e;
  }
  return w.saved !== undefined ? { typeError: w.saved } : { typeError: undefined, object, unknown: w.unknown, convertible: !w.int32Floor };
}
