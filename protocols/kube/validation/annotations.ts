// metadata.annotations, as ValidateAnnotations checks them.

import { type FieldError, type PathLike, fieldError } from '../field-errors.ts';
import { utf8Length } from './messages.ts';
import { isQualifiedName } from './names.ts';

/** Keys and values together, in bytes: what keeps an object within etcd's request size. */
export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024;

/** The summed byte size of every key and value, the figure the 256 KiB limit applies to. */
export function annotationsSize(annotations: Readonly<Record<string, string>>): number {
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) total += utf8Length(k) + utf8Length(v);
  return total;
}

/**
 * Keys are qualified names compared without case (so "Example.com/Key" passes where a label key
 * would not), reported as written; keys are visited sorted so the error order is stable.
 */
export function validateAnnotations(annotations: Readonly<Record<string, string>> | undefined, path: PathLike = 'metadata.annotations'): FieldError[] {
  if (annotations === undefined) return [];
  const errs: FieldError[] = [];
  for (const k of Object.keys(annotations).sort()) for (const msg of isQualifiedName(k.toLowerCase())) errs.push(fieldError.invalid(path, k, msg));
  if (annotationsSize(annotations) > TOTAL_ANNOTATION_SIZE_LIMIT_B) errs.push(fieldError.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT_B));
  return errs;
}
