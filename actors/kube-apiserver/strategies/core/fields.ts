// Small field validators the core kinds share, each the FieldError form of an apimachinery
// string check (ValidateDNS1123Label, ValidateQualifiedName, ValidatePortNumOrName...).

import { type FieldError, type PathLike, fieldError } from '../../../../protocols/kube/field-errors.ts';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPortName, isValidPortNum } from '../../../../protocols/kube/validation/index.ts';
import { type Quantity, ZERO_QUANTITY, compareQuantities, formatQuantity, tryParseQuantity } from '../../../../protocols/kube/quantity.ts';
import { IS_NEGATIVE } from '../meta.ts';

const each = (path: PathLike, value: unknown, msgs: string[]): FieldError[] => msgs.map((m) => fieldError.invalid(path, value, m));

export const dns1123Label = (path: PathLike, v: string): FieldError[] => each(path, v, isDNS1123Label(v));
export const dns1123Subdomain = (path: PathLike, v: string): FieldError[] => each(path, v, isDNS1123Subdomain(v));
export const qualifiedName = (path: PathLike, v: string): FieldError[] => each(path, v, isQualifiedName(v));

/** An IntOrString port: a number in 1–65535 or an IANA port name. */
export function portNumOrName(path: PathLike, port: number | string | undefined): FieldError[] {
  if (typeof port === 'number') return each(path, port, isValidPortNum(port));
  return each(path, port ?? '', isValidPortName(port ?? ''));
}

export function nonNegative(path: PathLike, v: number | undefined): FieldError[] {
  return v !== undefined && v < 0 ? [fieldError.invalid(path, v, IS_NEGATIVE)] : [];
}

/** A required string enum: Required when empty, NotSupported (values listed sorted, as sets.List) otherwise. */
export function requiredEnum(path: PathLike, v: string | undefined, supported: readonly string[]): FieldError[] {
  if (v === undefined || v === '') return [fieldError.required(path)];
  return supported.includes(v) ? [] : [fieldError.notSupported(path, v, [...supported].sort())];
}

export function optionalEnum(path: PathLike, v: string | undefined, supported: readonly string[]): FieldError[] {
  return v === undefined || supported.includes(v) ? [] : [fieldError.notSupported(path, v, [...supported].sort())];
}

export { semanticEqual as same } from '../meta.ts';

/** An object seen as its kind's type, every field optional: what arrives may lack any of them. */
export const view = <T>(o: unknown): Partial<T> => o as Partial<T>;

/** A quantity field's value (JSON may carry a bare number), or undefined when malformed or absent. */
export const quantityOf = (v: string | number | undefined): Quantity | undefined => (v === undefined ? undefined : tryParseQuantity(String(v)));

/** -1, 0, 1; malformed or absent quantities compare as zero (validation reports them on their own). */
export function compareQuantity(a: string | number | undefined, b: string | number | undefined): number {
  return compareQuantities(quantityOf(a) ?? ZERO_QUANTITY, quantityOf(b) ?? ZERO_QUANTITY);
}

/** Quantity.String(): how Kubernetes prints a quantity in a message ("1024Mi" as "1Gi"). */
export const quantityText = (v: string | number): string => {
  const q = quantityOf(v);
  return q === undefined ? String(v) : formatQuantity(q);
};
