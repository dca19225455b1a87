// Unknown fields, and what the apiserver does about them under each fieldValidation directive.
// Kubernetes decodes a body into its Go type: a field the type lacks is dropped, and with
// fieldValidation Strict (a 400 BadRequest) or Warn (one warning each, the default) reported by
// its path, `spec.template.spec.containers[0].imagee`. Arbitrary JSON (RawExtension, a CRD
// schema's default) is not looked into. A kind without a schema here (a custom resource) has no
// unknown fields as far as this goes: its own schema decides.

import type { FieldValidation } from '../../../protocols/kube/api.ts';
import { goQuote } from '../../../protocols/kube/field-errors.ts';
import { type FailureStatus, badRequest } from '../../../protocols/kube/status.ts';
import { type KindRef, fieldTypeOf, readType, rootTypeOf } from './field-schema.ts';
import { decodeWalk } from './decode-walk.ts';
import { knownClean, rememberClean } from './clean-bodies.ts';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// Paths are built as apimachinery's decoders build them: `.` before a field or map key (none at
// the root), `[i]` after a list.
const keyPath = (parent: string, key: string) => (parent === '' ? key : `${parent}.${key}`);

/**
 * Walks a value of type `expr`, collecting unknown field paths in document order; returns the
 * value without them (the same value when nothing was dropped, so unchanged objects stay shared),
 * and without null fields when `dropNulls`.
 */
function walk(expr: string, value: unknown, path: string, out: string[], dropNulls = false): unknown {
  if (expr === 'json' || value === null || typeof value !== 'object') return value;
  const t = readType(expr);
  if (t.type === 'list') {
    if (!Array.isArray(value)) return value;
    let changed = false;
    const items = value.map((item, i) => {
      const next = walk(t.items, item, `${path}[${i}]`, out, dropNulls);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? items : value;
  }
  if (!isPlainObject(value)) return value;
  if (t.type === 'map') {
    let changed = false;
    const entries = Object.entries(value).map(([k, v]) => {
      const next = walk(t.values, v, keyPath(path, k), out, dropNulls);
      if (next !== v) changed = true;
      return [k, next] as const;
    });
    return changed ? Object.fromEntries(entries) : value;
  }
  if (t.type !== 'object') return value;
  let changed = false;
  const kept: [string, unknown][] = [];
  for (const [k, v] of Object.entries(value)) {
    const fieldExpr = fieldTypeOf(t.name, k);
    if (fieldExpr === undefined) {
      out.push(keyPath(path, k));
      changed = true;
      continue;
    }
    if (v === null && dropNulls) {
      changed = true;
      continue;
    }
    const next = walk(fieldExpr, v, keyPath(path, k), out, dropNulls);
    if (next !== v) changed = true;
    kept.push([k, next]);
  }
  return changed ? Object.fromEntries(kept) : value;
}

/** The paths of the fields of `obj` its kind does not have, in document order. */
export function unknownFields(ref: KindRef, obj: unknown): string[] {
  const root = rootTypeOf(ref);
  const out: string[] = [];
  if (root !== undefined) walk(root, obj, '', out);
  return out;
}

/** `obj` without the fields its kind does not have, as decoding leaves it. */
export function pruneUnknown<T>(ref: KindRef, obj: T): T {
  const root = rootTypeOf(ref);
  return root === undefined ? obj : (walk(root, obj, '', []) as T);
}

/**
 * `obj` as decoding into its kind leaves it: unknown fields gone, and fields set to null gone too
 * (a nil pointer, slice or map is left out when the object is written again). Arbitrary JSON keeps
 * its nulls.
 */
export function decodedForm<T>(ref: KindRef, obj: T): T {
  const root = rootTypeOf(ref);
  return root === undefined ? obj : (walk(root, obj, '', [], true) as T);
}

/** One unknown field as the strict JSON decoder reports it (Go-quoted): `unknown field "spec.replica"`. */
export const unknownFieldError = (path: string): string => `unknown field ${goQuote(path)}`;

/** The strict JSON decoder keeps at most this many errors; the rest go unreported. */
export const MAX_STRICT_ERRORS = 100;

/** runtime.NewStrictDecodingError's message: the errors after one prefix, joined by ", ". */
export const strictDecodingMessage = (errors: readonly string[]): string => `strict decoding error: ${errors.join(', ')}`;

export type DecodeOutcome<T> =
  | { readonly ok: true; readonly object: T; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly status: FailureStatus };

function cannotDecode<T>(ref: KindRef, body: T, why: string): DecodeOutcome<T> {
  // The kind and version named are the body's own (its apiVersion and kind), the type decoded
  // into is the resource's.
  const b: Record<string, unknown> = isPlainObject(body) ? body : {};
  const kind = typeof b.kind === 'string' && b.kind !== '' ? b.kind : ref.kind;
  const version = typeof b.apiVersion === 'string' && b.apiVersion !== '' ? b.apiVersion.split('/').pop()! : ref.version;
  return { ok: false, status: badRequest(`${kind} in version "${version}" cannot be handled as a ${ref.kind}: ${why}`) };
}

/**
 * A create or update body decoded as the apiserver decodes it: a value of the wrong type fails it
 * (`Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal ...`);
 * unknown fields are dropped, and under
 * Strict the request fails with `Deployment in version "v1" cannot be handled as a Deployment:
 * strict decoding error: unknown field "spec.replica"`; under Warn (the default) each becomes a
 * warning; under Ignore nothing is said. `remember`: bodies like this one come again (creates),
 * so one that decodes clean is remembered (clean-bodies.ts).
 */
export function decodeBody<T>(ref: KindRef, body: T, directive: FieldValidation = 'Warn', remember = false): DecodeOutcome<T> {
  // A value of the wrong type fails decoding whatever the directive; unknown fields are reported
  // only when decoding otherwise succeeded.
  const root = rootTypeOf(ref);
  if (root === undefined) return { ok: true, object: body, warnings: [] };
  if (remember && knownClean(root, body)) return { ok: true, object: body, warnings: [] };
  const walked = decodeWalk(root, body);
  if (remember && walked.typeError === undefined && walked.unknown.length === 0 && walked.object === body) rememberClean(root, body);
  if (walked.typeError !== undefined) return cannotDecode(ref, body, walked.typeError);
  const paths = walked.unknown;
  const object = walked.object as T;
  if (paths.length === 0 || directive === 'Ignore') return { ok: true, object, warnings: [] };
  const errors = paths.slice(0, MAX_STRICT_ERRORS).map(unknownFieldError);
  if (directive === 'Warn') return { ok: true, object, warnings: errors };
  return cannotDecode(ref, body, strictDecodingMessage(errors));
}
