// Validation of a custom resource against its CRD version's schema, as kube-openapi's
// SchemaValidator does it and apiextensions-apiserver turns its results into field errors
// (kubeOpenAPIResultToFieldErrors): Required, NotSupported (enum), TooLong (maxLength),
// TooMany (maxItems, maxProperties), TypeInvalid (type) and Invalid with kube-openapi's message
// for the rest, e.g. `spec.replicas: Invalid value: "string": spec.replicas in body must be of
// type integer: "string"`. Object properties are visited in sorted order (Go's map order is random).

import { type FieldError, fieldError, goQuote } from '../../../protocols/kube/field-errors.ts';
import { semanticEqual } from '../strategies/meta.ts';
import { matchesFormat } from './formats.ts';
import { type Schema, childPath, goNumber, indexPath, isObject, jsonType } from './schema.ts';

const IN = 'body';

function typesOf(s: Schema): string[] {
  if (s['x-kubernetes-int-or-string'] === true) return ['integer', 'string'];
  return s.type === undefined || s.type === '' ? [] : [s.type];
}

function typeErrors(path: string, s: Schema, v: unknown): FieldError[] {
  const types = typesOf(s);
  if (types.length === 0) return [];
  const actual = jsonType(v);
  if (actual === 'null') return s.nullable === true ? [] : [invalidType(path, types, 'null')];
  const ok = types.includes(actual) || (actual === 'integer' && types.includes('number'));
  return ok ? [] : [invalidType(path, types, actual)];
}

const invalidType = (path: string, types: string[], actual: string): FieldError =>
  fieldError.typeInvalid(path, actual, `${path} in ${IN} must be of type ${types.join(',')}: "${actual}"`);

const runes = (s: string): number => [...s].length;

function stringErrors(path: string, s: Schema, v: string): FieldError[] {
  if (s.maxLength !== undefined && runes(v) > s.maxLength) return [fieldError.tooLong(path, s.maxLength)];
  if (s.minLength !== undefined && runes(v) < s.minLength) return [fieldError.invalid(path, v, `${path} in ${IN} should be at least ${s.minLength} chars long`)];
  if (s.pattern !== undefined && s.pattern !== '') {
    let re: RegExp;
    try {
      re = new RegExp(s.pattern, 'u');
    } catch (e) {
      return [fieldError.invalid(path, v, `${path} in ${IN} should match '${s.pattern}, but pattern is invalid: ${(e as Error).message}'`)];
    }
    if (!re.test(v)) return [fieldError.invalid(path, v, `${path} in ${IN} should match '${s.pattern}'`)];
  }
  return [];
}

function numberErrors(path: string, s: Schema, v: number): FieldError[] {
  const errs: FieldError[] = [];
  if (s.multipleOf !== undefined) {
    if (s.multipleOf <= 0) errs.push(fieldError.invalid(path, s.multipleOf, `factor MultipleOf declared for ${path} must be positive: ${goNumber(s.multipleOf)}`));
    else if (!Number.isInteger(v / s.multipleOf)) errs.push(fieldError.invalid(path, v, `${path} in ${IN} should be a multiple of ${goNumber(s.multipleOf)}`));
  }
  if (s.minimum !== undefined) {
    const fails = s.exclusiveMinimum === true ? v <= s.minimum : v < s.minimum;
    if (fails) errs.push(fieldError.invalid(path, v, `${path} in ${IN} should be greater than ${s.exclusiveMinimum === true ? '' : 'or equal to '}${goNumber(s.minimum)}`));
  }
  if (s.maximum !== undefined) {
    const fails = s.exclusiveMaximum === true ? v >= s.maximum : v > s.maximum;
    if (fails) errs.push(fieldError.invalid(path, v, `${path} in ${IN} should be less than ${s.exclusiveMaximum === true ? '' : 'or equal to '}${goNumber(s.maximum)}`));
  }
  return errs;
}

function arrayErrors(path: string, s: Schema, v: unknown[]): FieldError[] {
  const errs: FieldError[] = [];
  const items = s.items;
  if (items !== undefined) v.forEach((x, i) => errs.push(...validateValue(indexPath(path, i), Array.isArray(items) ? items[i] : items, x)));
  if (s.minItems !== undefined && v.length < s.minItems) errs.push(fieldError.invalid(path, v.length, `${path} in ${IN} should have at least ${s.minItems} items`));
  if (s.maxItems !== undefined && v.length > s.maxItems) errs.push(fieldError.tooMany(path, v.length, s.maxItems));
  return errs;
}

// Enum members compare as JSON values, whatever the order of an object's keys.
const same = semanticEqual;

function enumErrors(path: string, s: Schema, v: unknown): FieldError[] {
  if (s.enum === undefined || s.enum.length === 0 || s.enum.some((e) => same(e, v))) return [];
  const values = s.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
  return [fieldError.notSupported(path, v, values)];
}

function objectErrors(path: string, s: Schema, v: Record<string, unknown>): FieldError[] {
  const errs: FieldError[] = [];
  const keys = Object.keys(v);
  if (s.minProperties !== undefined && keys.length < s.minProperties) errs.push(fieldError.invalid(path, keys.length, `${path} in ${IN} should have at least ${s.minProperties} properties`));
  if (s.maxProperties !== undefined && keys.length > s.maxProperties) errs.push(fieldError.tooMany(path, keys.length, s.maxProperties));
  const props = s.properties ?? {};
  if (s.additionalProperties === false) {
    for (const k of keys.sort()) if (!(k in props)) errs.push(fieldError.invalid(path, '', `${path}.${k} in ${IN} is a forbidden property`));
  } else if (isObject(s.additionalProperties)) {
    for (const k of keys.sort()) if (!(k in props)) errs.push(...validateValue(childPath(path, k), s.additionalProperties, v[k]));
  }
  for (const k of Object.keys(props).sort()) if (k in v) errs.push(...validateValue(childPath(path, k), props[k]!, v[k]));
  for (const k of s.required ?? []) if (!(k in v)) errs.push(fieldError.required(childPath(path, k)));
  return errs;
}

/**
 * kube-openapi reports a failed allOf/anyOf/oneOf/not as a plain error, which apiextensions
 * turns into an Invalid at the nil path ("<nil>: Invalid value: \"\": ...") naming the field by %q.
 */
const composite = (message: string): FieldError => fieldError.invalid('', '', message);

/** Of failed alternatives, the one Kubernetes shows: here the first with the fewest errors. */
function bestFailure(results: FieldError[][]): FieldError[] {
  return results.reduce((best, r) => (r.length < best.length ? r : best), results[0] ?? []);
}

function compositeErrors(path: string, s: Schema, v: unknown): FieldError[] {
  const errs: FieldError[] = [];
  const name = goQuote(path);
  if (s.anyOf !== undefined && s.anyOf.length > 0) {
    const results = s.anyOf.map((sub) => validateValue(path, sub, v));
    if (!results.some((r) => r.length === 0)) errs.push(composite(`${name} must validate at least one schema (anyOf)`), ...bestFailure(results));
  }
  if (s.oneOf !== undefined && s.oneOf.length > 0) {
    const results = s.oneOf.map((sub) => validateValue(path, sub, v));
    const valid = results.filter((r) => r.length === 0).length;
    if (valid !== 1) {
      errs.push(composite(`${name} must validate one and only one schema (oneOf). ${valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`}`));
      if (valid === 0) errs.push(...bestFailure(results));
    }
  }
  if (s.allOf !== undefined && s.allOf.length > 0) {
    const results = s.allOf.map((sub) => validateValue(path, sub, v));
    for (const r of results) errs.push(...r);
    const valid = results.filter((r) => r.length === 0).length;
    if (valid !== results.length) errs.push(composite(`${name} must validate all the schemas (allOf)${valid === 0 ? '. None validated' : ''}`));
  }
  if (s.not !== undefined && validateValue(path, s.not, v).length === 0) errs.push(composite(`${name} must not validate the schema (not)`));
  return errs;
}

/** Every error of `v` against `s`, at `path` (kube-openapi's dotted form; '' for the root). */
export function validateValue(path: string, s: Schema | undefined, v: unknown): FieldError[] {
  if (s === undefined) return [];
  const errs = typeErrors(path, s, v);
  if (v === null || v === undefined) return [...errs, ...enumErrors(path, s, v)];
  errs.push(...compositeErrors(path, s, v));
  if (typeof v === 'string') errs.push(...stringErrors(path, s, v));
  if (typeof v === 'string' && s.format !== undefined && s.format !== '' && !matchesFormat(s.format, v))
    errs.push(fieldError.typeInvalid(path, v, `${path} in ${IN} must be of type ${s.format}: ${goQuote(v)}`));
  if (typeof v === 'number') errs.push(...numberErrors(path, s, v));
  if (Array.isArray(v)) errs.push(...arrayErrors(path, s, v));
  errs.push(...enumErrors(path, s, v));
  if (isObject(v)) errs.push(...objectErrors(path, s, v));
  return errs;
}

/** ValidateCustomResource: the object against the version's openAPIV3Schema. */
export function validateCustomResource(obj: unknown, schema: Schema | undefined): FieldError[] {
  return validateValue('', schema, obj);
}
