// The checks a CRD version's openAPIV3Schema must pass to be structural (apiextensions
// schema/validation.go and the CRD's OpenAPI checks), as far as this cluster relies on them: a
// type on every node, an object at the root, items for arrays, no root additionalProperties,
// properties and additionalProperties not both, valid type names and patterns. Kubernetes sorts
// these errors by their text; so does this.

import { type FieldError, FieldPath, fieldError, formatFieldError } from '../../../protocols/kube/field-errors.ts';
import type { Schema } from './schema.ts';

const TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
type Level = 'root' | 'item' | 'field';
const MISSING_TYPE: Record<Level, string> = { root: 'must not be empty at the root', item: 'must not be empty for specified array items', field: 'must not be empty for specified object fields' };

function walk(s: Schema, level: Level, at: FieldPath, errs: FieldError[]): void {
  if (s.type === 'array' && s.items === undefined) errs.push(fieldError.required(at.child('items'), 'must be specified'));
  const items = s.items;
  if (items !== undefined && !Array.isArray(items)) walk(items, 'item', at.child('items'), errs);
  for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, 'field', at.child('properties').key(k), errs);
  if (s.additionalProperties !== undefined && s.additionalProperties !== false) {
    if (level === 'root') errs.push(fieldError.forbidden(at.child('additionalProperties'), 'must not be used at the root'));
    if (s.properties !== undefined) errs.push(fieldError.forbidden(at.child('additionalProperties'), 'additionalProperties and properties are mutual exclusive'));
    if (typeof s.additionalProperties === 'object') walk(s.additionalProperties, 'field', at.child('additionalProperties'), errs);
  }
  const typeless = (s.type ?? '') === '';
  if (typeless && s['x-kubernetes-int-or-string'] !== true && s['x-kubernetes-preserve-unknown-fields'] !== true) errs.push(fieldError.required(at.child('type'), MISSING_TYPE[level]));
  if (!typeless && !TYPES.includes(s.type!)) errs.push(fieldError.notSupported(at.child('type'), s.type, TYPES));
  if (level === 'root' && !typeless && s.type !== 'object') errs.push(fieldError.invalid(at.child('type'), s.type, 'must be object at the root'));
  if (s['x-kubernetes-int-or-string'] === true && s['x-kubernetes-preserve-unknown-fields'] === true)
    errs.push(fieldError.invalid(at.child('x-kubernetes-preserve-unknown-fields'), true, 'must be false if x-kubernetes-int-or-string is true'));
  if (s.pattern !== undefined) {
    try {
      new RegExp(s.pattern, 'u');
    } catch (e) {
      errs.push(fieldError.invalid(at.child('pattern'), s.pattern, `must be a valid regular expression, but isn't: ${(e as Error).message}`));
    }
  }
}

/** The schema's structural errors at `at` (spec.versions[i].schema.openAPIV3Schema), sorted as Kubernetes sorts them. */
export function validateStructuralSchema(schema: Schema, at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  walk(schema, 'root', at, errs);
  return errs.map((e) => [formatFieldError(e), e] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}
