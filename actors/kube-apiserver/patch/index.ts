// A patch request's body applied to the current object, as the apiserver's patch handler does it
// before admission and validation: the patch decoded (with fieldValidation's strictness), applied
// by its mechanism, and the result decoded into the kind (unknown fields dropped, and reported as
// the directive says). Server-side apply is not here.

import type { FieldValidation } from '../../../protocols/kube/api.ts';
import { fieldError } from '../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { type FailureStatus, badRequest, invalid } from '../../../protocols/kube/status.ts';
import { type KindRef, rootTypeOf } from '../schema/field-schema.ts';
import { conversionError } from '../schema/convert-errors.ts';
import { decodeWalk } from '../schema/decode-walk.ts';
import { jsonDecodeError } from '../schema/type-errors.ts';
import { MAX_STRICT_ERRORS, decodedForm, strictDecodingMessage, unknownFieldError, unknownFields } from '../schema/unknown-fields.ts';
import { goValue } from './go-format.ts';
import { applyJsonPatchOps } from './json-patch.ts';
import { mergePatch } from './merge-patch.ts';
import { cannotUnmarshal, parseJson, readJsonPatchLax, readJsonPatchStrict } from './parse.ts';
import { SmpError, strategicMergeShowingPatch } from './strategic-merge.ts';
import { rejectedPatch, requestEntityTooLarge, unknownServerError, unsupportedMediaType } from './statuses.ts';

export type PatchMechanism = 'json' | 'merge' | 'strategic';

export interface PatchOptions {
  /** Defaults to Warn, as the apiserver's does. */
  readonly fieldValidation?: FieldValidation;
}

export type PatchOutcome =
  | { readonly ok: true; readonly object: KubeObject; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly status: FailureStatus };

/** The most operations one JSON patch may hold. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const failed = (status: FailureStatus): PatchOutcome => ({ ok: false, status });

/** Patch types a custom resource accepts: strategic merge patch needs the built-in types' tags. */
const CUSTOM_RESOURCE_PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];

/** How the decoder of a patch's result reports wrong types and unknown fields. */
interface Decoder {
  readonly typeError: (kind: KindRef, doc: unknown) => string | undefined;
  /**
   * Whether it refuses what the decode walk flags as not convertible (an int-or-string of -2³¹):
   * the map converter does, JSON decoding does not.
   */
  readonly refusesUnconvertible: boolean;
  readonly unknown: (paths: readonly string[]) => string[];
}

/** JSON and merge patches' results are decoded from JSON: Go-quoted paths, at most 100 reported. */
const JSON_DECODER: Decoder = { typeError: jsonDecodeError, refusesUnconvertible: false, unknown: (paths) => paths.slice(0, MAX_STRICT_ERRORS).map(unknownFieldError) };
/** Strategic merge patch's result is converted from a map: plainly quoted paths, all, sorted. */
const MAP_CONVERTER: Decoder = { typeError: conversionError, refusesUnconvertible: true, unknown: (paths) => paths.map((p) => `unknown field "${p}"`).sort() };

/** What the JSON serializer says when the patched document cannot even carry a kind. */
const notAnObject = (doc: unknown): string =>
  `couldn't get version/kind; json parse error: ${cannotUnmarshal(doc, 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }')}`;

/** The 422 naming `patch`, with what `shown` prints as its value. */
function rejected(shown: () => string, why: string): PatchOutcome {
  return failed(invalid({ group: '', kind: '' }, '', [fieldError.invalid('patch', shown(), why)]));
}

/**
 * The patched document decoded into the kind. Unknown fields (after those the patch body itself
 * had) fail the request under Strict with a 422 naming `patch` and `shown` as its value, become
 * warnings under Warn, and are dropped silently under Ignore.
 */
function decodePatched(kind: KindRef, doc: unknown, directive: FieldValidation, earlier: readonly string[], shown: () => string, decoder: Decoder): PatchOutcome {
  if (!isMap(doc)) return rejected(shown, notAnObject(doc));
  const root = rootTypeOf(kind);
  const walked = root === undefined ? undefined : decodeWalk(root, doc);
  // A value of the wrong type fails whatever the directive, and then unknown fields go unsaid.
  // The decode walk finds the JSON decoder's type error, and the converter refuses nothing the
  // walk takes (but what it flags): the decoder's own walk is only needed for its wording once the
  // decode walk finds something.
  const clean = walked !== undefined && walked.typeError === undefined && (!decoder.refusesUnconvertible || walked.convertible);
  const typeError = clean ? undefined : decoder.typeError(kind, doc);
  if (typeError !== undefined) return rejected(shown, typeError);
  // One walk gives the decoded form and the unknown fields when the JSON decoder's view finds no
  // type error either (its walk stops at one); else the two walks apart.
  const fused = walked !== undefined && walked.typeError === undefined;
  const object = (fused ? walked.object : decodedForm(kind, doc)) as KubeObject;
  if (directive === 'Ignore') return { ok: true, object, warnings: [] };
  const errors = [...earlier, ...decoder.unknown(fused ? walked.unknown : unknownFields(kind, doc))];
  if (errors.length === 0) return { ok: true, object, warnings: [] };
  if (directive === 'Warn') return { ok: true, object, warnings: errors };
  return rejected(shown, strictDecodingMessage(errors));
}

function jsonPatch(current: KubeObject, text: string, kind: KindRef, directive: FieldValidation): PatchOutcome {
  const strict = directive !== 'Ignore';
  const parsed = parseJson(text);
  if (!parsed.ok) return failed(badRequest(strict ? `error decoding patch: ${parsed.error}` : parsed.error));
  let opErrors: string[] = [];
  if (strict) {
    const read = readJsonPatchStrict(parsed.value);
    if (!read.ok) return failed(badRequest(`error decoding patch: ${read.error}`));
    opErrors = read.unknown.slice(0, MAX_STRICT_ERRORS);
  }
  const lax = readJsonPatchLax(parsed.value);
  if (lax !== undefined) return failed(badRequest(lax));
  const ops = (parsed.value ?? []) as unknown[];
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    return failed(requestEntityTooLarge(`The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`));
  }
  const applied = applyJsonPatchOps(current, ops);
  if (!applied.ok) return failed(rejectedPatch());
  return decodePatched(kind, applied.doc, directive, opErrors, () => JSON.stringify(applied.doc), JSON_DECODER);
}

function jsonMergePatch(current: KubeObject, text: string, kind: KindRef, directive: FieldValidation): PatchOutcome {
  const parsed = parseJson(text);
  if (directive !== 'Ignore') {
    if (!parsed.ok) return failed(badRequest(`error decoding patch: ${parsed.error}`));
    if (parsed.value !== null && !isMap(parsed.value)) return failed(badRequest(`error decoding patch: ${cannotUnmarshal(parsed.value, 'map[string]interface {}')}`));
  }
  // evanphx/json-patch refuses a body that is not JSON, null or a scalar; a list would replace
  // the whole document, which then does not decode.
  if (!parsed.ok || parsed.value === null || (!isMap(parsed.value) && !Array.isArray(parsed.value))) return failed(badRequest('Invalid JSON Patch'));
  const merged = isMap(parsed.value) ? mergePatch(current, parsed.value) : parsed.value;
  return decodePatched(kind, merged, directive, [], () => JSON.stringify(merged), JSON_DECODER);
}

function strategicMergePatch(current: KubeObject, text: string, kind: KindRef, directive: FieldValidation): PatchOutcome {
  const root = rootTypeOf(kind);
  if (root === undefined) {
    return failed(unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: ${CUSTOM_RESOURCE_PATCH_TYPES.join(', ')}`));
  }
  const parsed = parseJson(text);
  if (!parsed.ok) return failed(badRequest(parsed.error));
  if (parsed.value !== null && !isMap(parsed.value)) return failed(badRequest(cannotUnmarshal(parsed.value, 'map[string]interface {}')));
  const patchMap = (parsed.value ?? {}) as Record<string, unknown>;
  let merged: { result: Record<string, unknown>; patchAfter: Record<string, unknown> };
  try {
    merged = strategicMergeShowingPatch(current, patchMap, root);
  } catch (e) {
    if (!(e instanceof SmpError)) throw e;
    if (e.errorClass === 'badRequest') return failed(badRequest(e.message));
    return failed(e.errorClass === 'rejected' ? rejectedPatch() : unknownServerError(e.message));
  }
  return decodePatched(kind, merged.result, directive, [], () => goValue(merged.patchAfter), MAP_CONVERTER);
}

/**
 * Applies a JSON patch, JSON merge patch or strategic merge patch (the request body, as text) to
 * the current object of kind `kind`. The result has unknown fields dropped; the apiserver's
 * later steps (name checks, admission, validation, storage) are the caller's.
 */
export function applyPatch(type: PatchMechanism, current: KubeObject, patch: string, kind: KindRef, options: PatchOptions = {}): PatchOutcome {
  const directive = options.fieldValidation ?? 'Warn';
  if (type === 'json') return jsonPatch(current, patch, kind, directive);
  if (type === 'merge') return jsonMergePatch(current, patch, kind, directive);
  return strategicMergePatch(current, patch, kind, directive);
}
