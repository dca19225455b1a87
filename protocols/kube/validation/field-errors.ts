// Field errors as k8s.io/apimachinery/pkg/util/validation/field prints them: a path, a type and a
// detail. They stay structured because a Status' causes carry the type and the field apart, and
// are turned to text only where Kubernetes shows text.

import { goQuote } from './messages.ts';

export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueNotSupported';

/** `badValue` is already formatted as Go's `%q`/`%#v` would print it, so the error is plain data. */
export interface FieldError {
  readonly type: FieldErrorType;
  readonly field: string;
  readonly badValue?: string;
  readonly detail: string;
}

/**
 * A field path as text. '' stands for Go's nil *field.Path, which prints as "<nil>" when it is
 * the whole path but vanishes when a child is taken from it (nil.Child("key") is "key").
 */
export type FieldPath = string;

export const child = (path: FieldPath, name: string): FieldPath => (path === '' ? name : `${path}.${name}`);
export const index = (path: FieldPath, i: number): FieldPath => `${path}[${i}]`;
export const key = (path: FieldPath, k: string): FieldPath => `${path}[${k}]`;

/** Go's `%#v` of a []string, as field.Invalid prints a value list; nil is what callers pass for none. */
export const goStringSlice = (values: readonly string[]): string =>
  values.length === 0 ? '[]string(nil)' : `[]string{${values.map(goQuote).join(', ')}}`;

export const invalid = (field: FieldPath, value: string, detail: string): FieldError => ({ type: 'FieldValueInvalid', field, badValue: goQuote(value), detail });
export const invalidList = (field: FieldPath, values: readonly string[], detail: string): FieldError => ({ type: 'FieldValueInvalid', field, badValue: goStringSlice(values), detail });
export const required = (field: FieldPath, detail: string): FieldError => ({ type: 'FieldValueRequired', field, detail });
export const forbidden = (field: FieldPath, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, detail });
export const tooLong = (field: FieldPath, maxLength: number): FieldError => ({ type: 'FieldValueTooLong', field, detail: `must have at most ${maxLength} bytes` });
export const notSupported = (field: FieldPath, value: string, valid: readonly string[]): FieldError => ({
  type: 'FieldValueNotSupported',
  field,
  badValue: goQuote(value),
  detail: valid.length === 0 ? '' : `supported values: ${valid.map(goQuote).join(', ')}`,
});

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueNotSupported: 'Unsupported value',
};

/** field.Error.ErrorBody(): Required, Forbidden and TooLong never show the value. */
export function errorBody(e: FieldError): string {
  const shown = e.type === 'FieldValueInvalid' || e.type === 'FieldValueNotSupported';
  const head = shown ? `${TYPE_TEXT[e.type]}: ${e.badValue ?? 'null'}` : TYPE_TEXT[e.type];
  return e.detail === '' ? head : `${head}: ${e.detail}`;
}

/** field.Error.Error(). */
export const formatFieldError = (e: FieldError): string => `${e.field === '' ? '<nil>' : e.field}: ${errorBody(e)}`;

/**
 * ErrorList.ToAggregate().Error(): duplicates dropped, one error bare, several bracketed. '' for
 * none, where Go would have a nil error.
 */
export function aggregate(errors: readonly FieldError[]): string {
  const seen: string[] = [];
  for (const e of errors) {
    const msg = formatFieldError(e);
    if (!seen.includes(msg)) seen.push(msg);
  }
  if (seen.length <= 1) return seen[0] ?? '';
  return `[${seen.join(', ')}]`;
}
