// Typed files on a host's disk: a file is declared once with the type of what it holds, and every
// read of it is typed, with no cast where it is read.

declare const recordType: unique symbol;
declare const valueType: unique symbol;

/** A file of records appended one by one, such as a log. */
export interface LogFile<T> {
  readonly name: string;
  readonly [recordType]?: T;
}

/** A file holding one value, replaced as a whole by each put. */
export interface ValueFile<T> {
  readonly name: string;
  readonly [valueType]?: T;
}

export function logFile<T>(name: string): LogFile<T> {
  return Object.freeze({ name });
}

export function valueFile<T>(name: string): ValueFile<T> {
  return Object.freeze({ name });
}
