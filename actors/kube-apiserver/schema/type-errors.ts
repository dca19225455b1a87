// Values of the wrong JSON type, as the apiserver's two decoders report them. A body (create,
// update, the result of a JSON or merge patch) goes through the JSON decoder:
// `json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`,
// the first such error in document order, except that a custom decoder's error (a quantity, an
// int-or-string, a time) stops decoding at once and wins. The result of a strategic merge patch is
// converted from a map instead, which words its errors differently (`cannot restore struct from:
// string`). A []byte's base64 is checked; a date's format is not.

import { QuantityError, parseQuantity } from '../../../protocols/kube/quantity.ts';
import { type KindRef, fieldTypeOf, readType, rootTypeOf } from './field-schema.ts';
import { base64Error } from './go-base64.ts';
import { goTypeOf, impliedGoType } from './go-types.ts';
import { BoundedMemo } from '../bounded-memo.ts';

type Json = unknown;
const isMap = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** encoding/json's word for a JSON value's kind. */
export const jsonWord = (v: Json): string => (Array.isArray(v) ? 'array' : isMap(v) ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'number' : 'string');

export const INT_RANGE: Readonly<Record<string, readonly [number, number]>> = { int32: [-(2 ** 31), 2 ** 31 - 1], int64: [-(2 ** 63), 2 ** 63 - 1] };

/** The Go kind underneath a Go type name: `v1.RestartPolicy` is a string. */
export function goKind(expr: string, goType: string): string {
  if (goType === 'int32' || goType === 'int64' || goType === 'float64' || goType === '[]int32' || goType === '[]int64') return goType.replace('[]', '');
  if (expr === 'number') return 'float64';
  return expr === 'boolean' ? 'bool' : expr;
}

export const elementGoType = (goType: string, itemExpr: string) => (goType.startsWith('[]') ? goType.slice(2) : impliedGoType(itemExpr));
export const valueGoType = (goType: string, valueExpr: string) => (goType.startsWith('map[') ? goType.slice(goType.indexOf(']') + 1) : impliedGoType(valueExpr));

/**
 * resource.Quantity's JSON decoding: the text (a string's content, or the JSON of anything else)
 * trimmed and parsed; ParseQuantity's error, or undefined when it parses.
 */
/**
 * What a scalar field of schema type `expr` (Go type `goType`) makes of the JSON value `v`, as
 * encoding/json decodes it: nothing, an error that ends the decode at once (a Quantity's own
 * message, or a type error), or one kept while the rest is read (base64, a type error). Both
 * walks (the create path's decode walk and jsonDecodeError) read scalars through it.
 */
export type ScalarProblem =
  | { readonly fatal: string }
  | { readonly fatalType: readonly [found: string, expected: string] }
  | { readonly message: string }
  | { readonly type: readonly [found: string, expected: string] };

export function scalarProblem(expr: string, goType: string, v: Json): ScalarProblem | undefined {
  if (expr === 'quantity') {
    const e = quantityError(typeof v === 'string' ? v : JSON.stringify(v));
    return e === undefined ? undefined : { fatal: e };
  }
  if (expr === 'int-or-string') {
    if (typeof v === 'string') return undefined;
    if (typeof v !== 'number') return { fatalType: [jsonWord(v), 'int32'] };
    return !Number.isInteger(v) || v < INT_RANGE.int32![0] || v > INT_RANGE.int32![1] ? { fatalType: [`number ${v}`, 'int32'] } : undefined;
  }
  // metav1.Time reads a string first.
  if (expr === 'time') return typeof v === 'string' ? undefined : { fatalType: [jsonWord(v), 'string'] };
  // A []byte travels as base64 text (or, as Go also reads it, a list of byte values).
  if (goType === '[]uint8') {
    if (typeof v === 'string') {
      const e = base64Error(v);
      return e === undefined ? undefined : { message: e };
    }
    if (!Array.isArray(v)) return { type: [jsonWord(v), goType] };
    // Only the first error is kept.
    for (const b of v) if (b !== null && (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b > 255)) return { type: [typeof b === 'number' ? `number ${b}` : jsonWord(b), 'uint8'] };
    return undefined;
  }
  const kind = goKind(expr, goType);
  if (kind === 'string' || kind === 'bool') return typeof v === (kind === 'bool' ? 'boolean' : 'string') ? undefined : { type: [jsonWord(v), goType] };
  if (typeof v !== 'number') return { type: [jsonWord(v), goType] };
  const range = INT_RANGE[kind];
  return range && (!Number.isInteger(v) || v < range[0] || v > range[1]) ? { type: [`number ${v}`, goType] } : undefined;
}

// A node's capacity and allocatable, a container's requests and limits: the same few quantities
// on every write of them. ParseQuantity's answer is remembered by the text (bounded: a full table
// is dropped whole); null stands for no error.
const QUANTITY_MEMO_MAX = 4096;
const quantityErrors = new BoundedMemo<string, string | null>(QUANTITY_MEMO_MAX);
const quantityErrorOrNull = (text: string): string | null => parsedQuantityError(text) ?? null;

export function quantityError(text: string): string | undefined {
  return quantityErrors.get(text, quantityErrorOrNull) ?? undefined;
}

/** quantityError without the memo: what the memo must agree with. */
export function parsedQuantityError(text: string): string | undefined {
  try {
    parseQuantity(text.trim());
    return undefined;
  } catch (e) {
    if (e instanceof QuantityError) return e.message;
    throw e;
  }
}

class Returned extends Error {}

/** The JSON decoder's error for `obj` decoded into its kind, or undefined. */
export function jsonDecodeError(ref: KindRef, obj: Json): string | undefined {
  const root = rootTypeOf(ref);
  if (root === undefined) return undefined;
  let saved: string | undefined;
  let struct = '';
  const fields: string[] = [];
  const typeError = (value: string, goType: string) => `json: cannot unmarshal ${value} into Go struct field ${struct}.${fields.join('.')} of type ${goType}`;
  const save = (value: string, goType: string) => {
    saved ??= typeError(value, goType);
  };
  const saveMessage = (message: string) => {
    saved ??= message;
  };
  const walk = (expr: string, goType: string, v: Json): void => {
    if (v === null || expr === 'json') return;
    const t = readType(expr);
    if (t.type === 'object') {
      if (!isMap(v)) return save(jsonWord(v), goType);
      for (const [k, x] of Object.entries(v)) {
        const fieldExpr = fieldTypeOf(t.name, k);
        if (fieldExpr === undefined) continue;
        const [outerStruct, depth] = [struct, fields.length];
        struct = t.name.slice(t.name.lastIndexOf('.') + 1);
        fields.push(k);
        walk(fieldExpr, goTypeOf(t.name, k, fieldExpr), x);
        struct = outerStruct;
        fields.length = depth;
      }
      return;
    }
    if (t.type === 'list') {
      if (!Array.isArray(v)) return save(jsonWord(v), goType);
      for (const x of v) walk(t.items, elementGoType(goType, t.items), x);
      return;
    }
    if (t.type === 'map') {
      if (!isMap(v)) return save(jsonWord(v), goType);
      for (const x of Object.values(v)) walk(t.values, valueGoType(goType, t.values), x);
      return;
    }
    const p = scalarProblem(expr, goType, v);
    if (p === undefined) return;
    if ('fatal' in p) throw new Returned(p.fatal);
    if ('fatalType' in p) throw new Returned(typeError(...p.fatalType));
    if ('message' in p) saveMessage(p.message);
    else save(...p.type);
  };
  try {
    walk(root, '', obj);
  } catch (e) {
    if (e instanceof Returned) return e.message;
    throw e;
  }
  return saved;
}
