// The IntOrString rules of rolling updates (ValidatePositiveIntOrPercent, IsNotMoreThan100Percent,
// getIntOrPercentValue in pkg/apis/apps/validation).

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import { regexError } from '../../../../protocols/kube/validation/index.ts';
import { goIntOrString, invalidGo } from './go-syntax.ts';

const PERCENT = /^[0-9]+%$/;

/** validation.IsValidPercent. */
export function isValidPercent(s: string): string[] {
  return PERCENT.test(s) ? [] : [regexError("a valid percent string must be a numeric string followed by an ending '%'", '[0-9]+%', '1%', '93%')];
}

/** The value an IntOrString stands for: the percentage's number, or the int (0 for anything else). */
export function intOrPercentValue(v: unknown): number {
  if (typeof v === 'string') return PERCENT.test(v) ? Number(v.slice(0, -1)) : 0;
  return typeof v === 'number' ? v : 0;
}

export function validatePositiveIntOrPercent(v: unknown, path: FieldPath): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => invalidGo(path, goIntOrString(v), m));
  if (typeof v === 'number' || v === undefined || v === null) return typeof v === 'number' && v < 0 ? [fieldError.invalid(path, v, 'must be greater than or equal to 0')] : [];
  return [fieldError.invalid(path, v, "must be an integer or percentage (e.g '5%%')")];
}

export function isNotMoreThan100Percent(v: unknown, path: FieldPath): FieldError[] {
  if (typeof v !== 'string' || !PERCENT.test(v) || Number(v.slice(0, -1)) <= 100) return [];
  return [invalidGo(path, goIntOrString(v), 'must not be greater than 100%')];
}
