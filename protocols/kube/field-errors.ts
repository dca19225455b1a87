// Field-level validation errors, worded as apimachinery's field.Error and field.ErrorList word
// them (k8s.io/apimachinery/pkg/util/validation/field), because kubectl users read these strings
// and tests of real manifests compare them: `spec.replicas: Invalid value: -1: must be greater
// than or equal to 0`.

/** The machine-readable types; each is also a Status cause's `reason`. */
export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** These never print their value: Required and Forbidden have none, TooLong's would be too long. */
const VALUELESS: ReadonlySet<FieldErrorType> = new Set(['FieldValueRequired', 'FieldValueForbidden', 'FieldValueTooLong', 'InternalError']);

/** Marks an error whose value is left out of the message (TooMany with an unknown count). */
export const OMIT_VALUE: unique symbol = Symbol('omit value');

export interface FieldError {
  readonly type: FieldErrorType;
  /** The JSON path of the field: `spec.containers[0].image`, `metadata.labels[app]`. */
  readonly field: string;
  readonly badValue: unknown;
  readonly detail: string;
}

export type FieldErrorList = readonly FieldError[];

/**
 * A field path as apimachinery's field.Path prints it: names joined by dots, list indexes and map
 * keys in brackets (keys unquoted).
 */
export class FieldPath {
  private constructor(private readonly text: string) {}

  static root(name: string, ...more: string[]): FieldPath {
    return new FieldPath(name).child(...more);
  }

  child(...names: string[]): FieldPath {
    return new FieldPath(names.reduce((p, n) => (p === '' ? n : `${p}.${n}`), this.text));
  }

  index(i: number): FieldPath {
    return new FieldPath(`${this.text}[${i}]`);
  }

  key(k: string): FieldPath {
    return new FieldPath(`${this.text}[${k}]`);
  }

  toString(): string {
    return this.text;
  }
}

type PathLike = FieldPath | string;
const at = (p: PathLike): string => String(p);

export const fieldError = {
  invalid: (field: PathLike, value: unknown, detail: string): FieldError => ({ type: 'FieldValueInvalid', field: at(field), badValue: value, detail }),
  required: (field: PathLike, detail = ''): FieldError => ({ type: 'FieldValueRequired', field: at(field), badValue: '', detail }),
  notFound: (field: PathLike, value: unknown): FieldError => ({ type: 'FieldValueNotFound', field: at(field), badValue: value, detail: '' }),
  duplicate: (field: PathLike, value: unknown): FieldError => ({ type: 'FieldValueDuplicate', field: at(field), badValue: value, detail: '' }),
  forbidden: (field: PathLike, detail: string): FieldError => ({ type: 'FieldValueForbidden', field: at(field), badValue: '', detail }),
  typeInvalid: (field: PathLike, value: unknown, detail: string): FieldError => ({ type: 'FieldValueTypeInvalid', field: at(field), badValue: value, detail }),
  internal: (field: PathLike, message: string): FieldError => ({ type: 'InternalError', field: at(field), badValue: message, detail: message }),
  notSupported: (field: PathLike, value: unknown, supported: readonly string[]): FieldError => ({
    type: 'FieldValueNotSupported',
    field: at(field),
    badValue: value,
    detail: supported.length > 0 ? `supported values: ${supported.map(goQuote).join(', ')}` : '',
  }),
  /** A negative maximum means "unknown": the message then says only that it is too long. */
  tooLong: (field: PathLike, maxLength: number): FieldError => ({
    type: 'FieldValueTooLong',
    field: at(field),
    badValue: '<value omitted>',
    detail: maxLength >= 0 ? `may not be more than ${maxLength} ${maxLength === 1 ? 'byte' : 'bytes'}` : 'value is too long',
  }),
  /** A negative count or maximum is "unknown", as in apimachinery. */
  tooMany: (field: PathLike, actual: number, max: number): FieldError => ({
    type: 'FieldValueTooMany',
    field: at(field),
    badValue: actual >= 0 ? actual : OMIT_VALUE,
    detail: max >= 0 ? `must have at most ${max} ${max === 1 ? 'item' : 'items'}` : 'has too many items',
  }),
};

/** The message without the field: what a Status cause carries. */
export function errorBody(e: FieldError): string {
  let s: string;
  if (VALUELESS.has(e.type) || e.badValue === OMIT_VALUE) s = TYPE_TEXT[e.type];
  else s = `${TYPE_TEXT[e.type]}: ${formatValue(e.badValue)}`;
  return e.detail === '' ? s : `${s}: ${e.detail}`;
}

export function formatFieldError(e: FieldError): string {
  return `${e.field}: ${errorBody(e)}`;
}

/**
 * The list as one message, as ErrorList.ToAggregate().Error() gives it: duplicates dropped, one
 * error bare, several in brackets joined by ", ". Empty gives ''.
 */
export function formatFieldErrors(list: FieldErrorList): string {
  const seen = [...new Set(list.map(formatFieldError))];
  return seen.length === 1 ? seen[0]! : seen.length === 0 ? '' : `[${seen.join(', ')}]`;
}

/** Scalars print as Go's %v (numbers, booleans) or %q (strings); anything else as JSON. */
function formatValue(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return goQuote(v);
  if (v === undefined) return 'null';
  return JSON.stringify(v) ?? 'null';
}

const GO_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };

/** Go's strconv.Quote for the characters manifests hold; other non-ASCII passes through as printable. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    const named = GO_ESCAPES[ch];
    if (named !== undefined) out += named;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
