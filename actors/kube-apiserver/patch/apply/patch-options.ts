// A patch request's options checked as apimachinery's ValidatePatchOptions checks them: an apply
// patch must name its field manager, only an apply may force, a field manager is at most 128
// printable characters, dryRun holds only All and fieldValidation is one of the three directives.
// Failures are 422s on the `PatchOptions.meta.k8s.io ""` object.

import type { PatchOptions, PatchType } from '../../../../protocols/kube/api.ts';
import { type FieldError, fieldError } from '../../../../protocols/kube/field-errors.ts';
import { type FailureStatus, invalid } from '../../../../protocols/kube/status.ts';

export const FIELD_MANAGER_MAX_LENGTH = 128;

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

export function fieldManagerErrors(fieldManager: string): FieldError[] {
  const errs: FieldError[] = [];
  if (Buffer.byteLength(fieldManager, 'utf8') > FIELD_MANAGER_MAX_LENGTH) errs.push(fieldError.tooLong('fieldManager', FIELD_MANAGER_MAX_LENGTH));
  let position = 0;
  for (const ch of fieldManager) {
    if (!PRINTABLE.test(ch)) {
      const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      errs.push(fieldError.invalid('fieldManager', fieldManager, `invalid character U+${code} (at position ${position})`));
    }
    position += Buffer.byteLength(ch, 'utf8');
  }
  return errs;
}

const DRY_RUN_VALUES = ['All'];
// Sorted, the empty string (no directive) first, as the Go set lists them.
const FIELD_VALIDATION_VALUES = ['', 'Ignore', 'Strict', 'Warn'];

/** Undefined when the options are fine for this patch type. Values come as a client sent them. */
export function validatePatchOptions(patchType: PatchType, options: PatchOptions | undefined): FailureStatus | undefined {
  const errs: FieldError[] = [];
  const fieldManager = options?.fieldManager ?? '';
  if (patchType === 'apply') {
    if (fieldManager === '') errs.push(fieldError.required('fieldManager', 'is required for apply patch'));
  } else if (options?.force !== undefined) {
    errs.push(fieldError.forbidden('force', 'may not be specified for non-apply patch'));
  }
  errs.push(...fieldManagerErrors(fieldManager));
  const dryRun: readonly string[] = options?.dryRun ?? [];
  if (!dryRun.every((v) => DRY_RUN_VALUES.includes(v))) errs.push(fieldError.notSupported('dryRun', dryRun, DRY_RUN_VALUES));
  const directive: string = options?.fieldValidation ?? '';
  if (!FIELD_VALIDATION_VALUES.includes(directive)) errs.push(fieldError.notSupported('fieldValidation', directive, FIELD_VALIDATION_VALUES));
  return errs.length > 0 ? invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', errs) : undefined;
}
