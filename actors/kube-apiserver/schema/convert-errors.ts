// Values of the wrong type in the result of a strategic merge patch. The apiserver converts that
// result from a map into the Go type (runtime.DefaultUnstructuredConverter) rather than decoding
// JSON, and the converter has its own words: `cannot restore struct from: string`, `cannot
// convert float64 to int32`, `unrecognized type: int32`. It stops at the first; fields are taken
// in document order here where Go takes them in struct order.

import { type KindRef, fieldTypeOf, readType, rootTypeOf } from './field-schema.ts';
import { base64Error } from './go-base64.ts';
import { goTypeOf } from './go-types.ts';
import { elementGoType, goKind, quantityError, valueGoType } from './type-errors.ts';

type Json = unknown;
const isMap = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The Go kind of a value in an unstructured map: integers are int64, other numbers float64. */
const sourceKind = (v: Json): string =>
  Array.isArray(v) ? 'slice' : isMap(v) ? 'map' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? (Number.isInteger(v) ? 'int64' : 'float64') : 'string';

const INTS = new Set(['int32', 'int64']);

/** reflect's conversion rules as the converter applies them to a scalar. */
function scalarError(kind: string, goType: string, v: Json): string | undefined {
  const from = sourceKind(v);
  if (from === kind || (from === 'string' && kind === 'string') || (from === 'bool' && kind === 'bool')) return undefined;
  if (from === 'int64' && (INTS.has(kind) || kind === 'float64')) return undefined;
  if (from === 'float64' && kind === 'float64') return undefined;
  if (from === 'float64' && INTS.has(kind)) return Number.isInteger(v) ? undefined : `cannot convert float64 to ${goType}`;
  // An integer converts to a string in Go, which the converter refuses by name.
  if (from === 'int64' && kind === 'string') return `cannot convert int64 to ${goType}`;
  return `unrecognized type: ${kind}`;
}

/** The types with their own JSON decoding are converted through JSON, with its errors. */
function customError(expr: string, v: Json): string | undefined {
  if (expr === 'quantity') return quantityError(typeof v === 'string' ? v : JSON.stringify(v));
  const word = Array.isArray(v) ? 'array' : isMap(v) ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'number' : 'string';
  if (expr === 'time') return typeof v === 'string' ? undefined : `json: cannot unmarshal ${word} into Go value of type string`;
  if (typeof v === 'string') return undefined;
  if (typeof v !== 'number') return `json: cannot unmarshal ${word} into Go value of type int32`;
  return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? undefined : `json: cannot unmarshal number ${v} into Go value of type int32`;
}

/** The converter's error for `obj` converted into its kind, or undefined. */
export function conversionError(ref: KindRef, obj: Json): string | undefined {
  const root = rootTypeOf(ref);
  if (root === undefined) return undefined;
  const walk = (expr: string, goType: string, v: Json): string | undefined => {
    if (v === null || expr === 'json') return undefined;
    if (expr === 'quantity' || expr === 'time' || expr === 'int-or-string') return customError(expr, v);
    const t = readType(expr);
    if (t.type === 'object') {
      if (!isMap(v)) return `cannot restore struct from: ${sourceKind(v)}`;
      for (const [k, x] of Object.entries(v)) {
        const fieldExpr = fieldTypeOf(t.name, k);
        const e = fieldExpr === undefined ? undefined : walk(fieldExpr, goTypeOf(t.name, k, fieldExpr), x);
        if (e !== undefined) return e;
      }
      return undefined;
    }
    if (t.type === 'list') {
      if (!Array.isArray(v)) return `cannot restore slice from ${sourceKind(v)}`;
      for (const x of v) {
        const e = walk(t.items, elementGoType(goType, t.items), x);
        if (e !== undefined) return e;
      }
      return undefined;
    }
    if (t.type === 'map') {
      if (!isMap(v)) return `cannot restore map from ${sourceKind(v)}`;
      for (const x of Object.values(v)) {
        const e = walk(t.values, valueGoType(goType, t.values), x);
        if (e !== undefined) return e;
      }
      return undefined;
    }
    if (goType === '[]uint8') {
      // Base64 text is decoded through JSON; anything else must be a list.
      if (typeof v === 'string') {
        const e = v === '' ? undefined : base64Error(v);
        return e === undefined ? undefined : `error decoding from json: ${e}`;
      }
      return Array.isArray(v) ? undefined : `cannot restore slice from ${sourceKind(v)}`;
    }
    return scalarError(goKind(expr, goType), goType, v);
  };
  return walk(root, '', obj);
}
