// Parts of a pod spec that validated without error, remembered as copies. Every pod of a cluster
// carries the same few parts (the kube-api-access projected volume the ServiceAccount plugin
// adds, the two not-ready/unreachable tolerations DefaultTolerationSeconds adds), and the
// validators are pure functions of the value they are given: a value with the JSON text of one
// that was clean before is clean again, and comparing it with a copy costs a fraction of
// validating it (see same-json.ts). Errors name paths, so only the clean verdict is kept. A
// value JSON text could confuse with another (undefined, NaN, -0, a Date, a sparse list) is never
// remembered.

import type { FieldError } from '../../../../protocols/kube/field-errors.ts';
import { isPlainObject, RecentCopies, sameFields, sameJson, snapshot, snapshotFields } from '../same-json.ts';

const MAX_ENTRIES = 16;


/** Whether `value` has the JSON text of `copy`, leaving out the top-level field `except` of a plain object. */
function matches(copy: unknown, value: unknown, except: string | undefined): boolean {
  if (except !== undefined && isPlainObject(value)) return isPlainObject(copy) && sameFields(value, copy, except);
  return sameJson(value, copy);
}

export class CleanMemo {
  private readonly clean = new RecentCopies<unknown>(MAX_ENTRIES);

  /**
   * `validate()`'s errors for `value`, or none without running it when a value with the same
   * JSON text validated clean before. `except`: a top-level field of an object the validation
   * does not read (a volume's name, checked on its own), left out of the comparison.
   */
  check(value: unknown, validate: () => FieldError[], except?: string): FieldError[] {
    if (this.clean.find(matches, value, except) !== undefined) return [];
    const errs = validate();
    if (errs.length > 0 || !this.clean.worthCopying()) return errs;
    const copy = except !== undefined && isPlainObject(value) ? snapshotFields(value, except) : snapshot(value);
    if (copy !== undefined) this.clean.add(copy);
    return errs;
  }
}
