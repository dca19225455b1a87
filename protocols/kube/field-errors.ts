// Field-level validation errors, worded as apimachinery's field.Error and field.ErrorList word
// them (k8s.io/apimachinery/pkg/util/validation/field), because kubectl users read these strings
// and tests of real manifests compare them: `spec.replicas: Invalid value: -1: must be greater
// than or equal to 0`. The one home of field errors, field paths, their formatting and Go's %q:
// the validators in ./validation and the Status builder in ./status.ts both use it.
//
// A FieldError is plain data (strings, numbers, arrays, plain objects; no symbols or class
// instances), since its parts end up in Status causes that cross the simulated wire.

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

export interface FieldError {
  readonly type: FieldErrorType;
  /** The JSON path of the field: `spec.containers[0].image`, `metadata.labels[app]`; `<nil>` for none. */
  readonly field: string;
  /**
   * The offending value as given (Go's nil is `null`). Absent where apimachinery uses its
   * omitValue marker (TooMany with an unknown count): the message then leaves the value out.
   */
  readonly badValue?: unknown;
  readonly detail: string;
}

export type FieldErrorList = readonly FieldError[];

/**
 * A field path as apimachinery's field.Path prints it: names joined by dots, list indexes and map
 * keys in brackets (keys unquoted). Only a builder: errors store the path's string. The empty path
 * stands for Go's nil *field.Path, which prints as "<nil>" when it is the whole path but vanishes
 * when a child is taken from it (nil.Child("key") is "key").
 */
export class FieldPath {
  private constructor(private readonly text: string) {}

  /** The nil path. */
  static readonly none: FieldPath = new FieldPath('');

  static root(name: string, ...more: string[]): FieldPath {
    return new FieldPath(name).child(...more);
  }

  /** A path from its printed form ('' being the nil path), or the path itself. */
  static of(p: PathLike): FieldPath {
    return typeof p === 'string' ? new FieldPath(p === NIL_PATH ? '' : p) : p;
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
    return this.text === '' ? NIL_PATH : this.text;
  }
}

const NIL_PATH = '<nil>';

/** Where a path is taken: a FieldPath or its printed form ('' for the nil path). */
export type PathLike = FieldPath | string;
const at = (p: PathLike): string => FieldPath.of(p).toString();
/** Go has no undefined: a missing value is nil, printed "null". */
const val = (v: unknown): unknown => (v === undefined ? null : v);

export const fieldError = {
  invalid: (field: PathLike, value: unknown, detail: string): FieldError => ({ type: 'FieldValueInvalid', field: at(field), badValue: val(value), detail }),
  required: (field: PathLike, detail = ''): FieldError => ({ type: 'FieldValueRequired', field: at(field), badValue: '', detail }),
  notFound: (field: PathLike, value: unknown): FieldError => ({ type: 'FieldValueNotFound', field: at(field), badValue: val(value), detail: '' }),
  duplicate: (field: PathLike, value: unknown): FieldError => ({ type: 'FieldValueDuplicate', field: at(field), badValue: val(value), detail: '' }),
  forbidden: (field: PathLike, detail: string): FieldError => ({ type: 'FieldValueForbidden', field: at(field), badValue: '', detail }),
  typeInvalid: (field: PathLike, value: unknown, detail: string): FieldError => ({ type: 'FieldValueTypeInvalid', field: at(field), badValue: val(value), detail }),
  internal: (field: PathLike, message: string): FieldError => ({ type: 'InternalError', field: at(field), badValue: message, detail: message }),
  notSupported: (field: PathLike, value: unknown, supported: readonly string[]): FieldError => ({
    type: 'FieldValueNotSupported',
    field: at(field),
    badValue: val(value),
    detail: supported.length > 0 ? `supported values: ${supported.map(goQuote).join(', ')}` : '',
  }),
  /** A negative maximum means "unknown": the message then says only that it is too long. */
  tooLong: (field: PathLike, maxLength: number): FieldError => ({
    type: 'FieldValueTooLong',
    field: at(field),
    badValue: '<value omitted>',
    detail: maxLength >= 0 ? `may not be more than ${maxLength} ${maxLength === 1 ? 'byte' : 'bytes'}` : 'value is too long',
  }),
  /** A negative count or maximum is "unknown", as in apimachinery; an unknown count is left out. */
  tooMany: (field: PathLike, actual: number, max: number): FieldError => ({
    type: 'FieldValueTooMany',
    field: at(field),
    ...(actual >= 0 ? { badValue: actual } : {}),
    detail: max >= 0 ? `must have at most ${max} ${max === 1 ? 'item' : 'items'}` : 'has too many items',
  }),
};

/** The message without the field: what a Status cause carries. */
export function errorBody(e: FieldError): string {
  let s: string;
  if (VALUELESS.has(e.type) || e.badValue === undefined) s = TYPE_TEXT[e.type];
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

/**
 * Scalars print as Go's %v (numbers, booleans) or %q (strings); a list of strings as Go's %#v of
 * a []string (what labels.NewRequirement passes), an empty one being the nil slice callers pass
 * for none; anything else as JSON.
 */
function formatValue(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return goQuote(v);
  if (isStringList(v)) return goStringSlice(v);
  return JSON.stringify(v) ?? 'null';
}

const isStringList = (v: unknown): v is readonly string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Go's `%#v` of a []string; empty is the nil slice, `[]string(nil)`. */
export const goStringSlice = (values: readonly string[]): string => (values.length === 0 ? '[]string(nil)' : `[]string{${values.map(goQuote).join(', ')}}`);

const GO_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };

/**
 * Go's strconv.Quote (`%q`) for the characters manifests hold: the named escapes, `\x` for other
 * control bytes; other non-ASCII passes through as printable.
 */
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
