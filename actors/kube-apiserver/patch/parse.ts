// Reading a patch body as the apiserver's decoders read it, with their error texts: Go's
// encoding/json (`json: cannot unmarshal array into Go value of type map[string]interface {}`)
// and the strict decoder's unknown fields inside JSON patch operations.

import { goQuote } from '../../../protocols/kube/field-errors.ts';
import { goJsonSyntaxError } from './go-json-syntax.ts';

export type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/**
 * Text JSON.parse takes is text Go's scanner takes (the same grammar): only a refused body needs
 * the scanner, for its words. Up to this length, that is: the scanner's recursion, which a deep
 * enough body overflows where JSON.parse does not, stays far from the stack's end.
 */
export const PARSE_FIRST_MAX = 8192;

/** JSON.parse, failing with Go's scanner's words. */
export function parseJson(text: string): Parsed {
  if (text.length <= PARSE_FIRST_MAX) {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch {
      // The scanner words the error below.
    }
  }
  return scanThenParse(text);
}

/** parseJson without the shortcut: what the shortcut must agree with. */
export function scanThenParse(text: string): Parsed {
  const error = goJsonSyntaxError(text);
  return error === undefined ? { ok: true, value: JSON.parse(text) } : { ok: false, error };
}

/** The JSON kind encoding/json names in an UnmarshalTypeError. */
export function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

export const cannotUnmarshal = (v: unknown, goType: string): string => `json: cannot unmarshal ${jsonKind(v)} into Go value of type ${goType}`;

const OP_FIELDS = new Set(['op', 'path', 'from', 'value']);

/**
 * A JSON patch body read strictly, as the apiserver reads it under fieldValidation Strict or Warn:
 * a list of operation objects whose op, path and from are strings; members other than those four
 * are unknown fields (`json patch unknown field "[0].valu"`).
 */
export function readJsonPatchStrict(body: unknown): { ok: true; unknown: string[] } | { ok: false; error: string } {
  if (body === null) return { ok: true, unknown: [] };
  if (!Array.isArray(body)) return { ok: false, error: cannotUnmarshal(body, '[]handlers.jsonPatchOp') };
  const unknown: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const op = body[i];
    if (op === null) continue;
    if (typeof op !== 'object' || Array.isArray(op)) return { ok: false, error: cannotUnmarshal(op, 'handlers.jsonPatchOp') };
    for (const [k, v] of Object.entries(op as Record<string, unknown>)) {
      if (!OP_FIELDS.has(k)) unknown.push(`json patch unknown field ${goQuote(`[${i}].${k}`)}`);
      else if (k !== 'value' && v !== null && typeof v !== 'string') {
        return { ok: false, error: `json: cannot unmarshal ${jsonKind(v)} into Go struct field jsonPatchOp.${k} of type string` };
      }
    }
  }
  return { ok: true, unknown };
}

/** The same body read as evanphx/json-patch's DecodePatch reads it (fieldValidation Ignore). */
export function readJsonPatchLax(body: unknown): string | undefined {
  if (body === null) return undefined;
  if (!Array.isArray(body)) return cannotUnmarshal(body, 'jsonpatch.Patch');
  for (const op of body) {
    if (op !== null && (typeof op !== 'object' || Array.isArray(op))) return cannotUnmarshal(op, 'jsonpatch.Operation');
  }
  return undefined;
}
