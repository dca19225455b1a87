// Parts of a pod spec that validated without error, remembered as copies. Every pod of a cluster
// carries the same few parts (the kube-api-access projected volume the ServiceAccount plugin
// adds, the two not-ready/unreachable tolerations DefaultTolerationSeconds adds), and the
// validators are pure functions of the value they are given: a value with the JSON text of one
// that was clean before is clean again, and comparing it with a copy costs a fraction of
// validating it (see same-json.ts). Errors name paths, so only the clean verdict is kept. A
// value JSON text could confuse with another (undefined, NaN, -0, a Date, a sparse list) is never
// remembered.

import type { FieldError } from '../../../../protocols/kube/field-errors.ts';
import { sameFields, sameJson, snapshot, snapshotFields } from '../same-json.ts';

/** The copies kept, the most recently matched first: a lookup compares with each until one matches. */
const MAX_ENTRIES = 16;

/** Moves entry `i` of `list` to the front: the values of one workload come again and again. */
export function toFront<T>(list: T[], i: number): void {
  const hit = list[i]!;
  for (let j = i; j > 0; j--) list[j] = list[j - 1]!;
  list[0] = hit;
}

/** Puts `entry` first, dropping the least recently matched past `max`. */
export function remember<T>(list: T[], entry: T, max: number): void {
  list.unshift(entry);
  if (list.length > max) list.length = max;
}

export class CleanMemo {
  private readonly clean: unknown[] = [];

  /**
   * `validate()`'s errors for `value`, or none without running it when a value with the same
   * JSON text validated clean before. `except`: a top-level field of an object the validation
   * does not read (a volume's name, checked on its own), left out of the comparison.
   */
  check(value: unknown, validate: () => FieldError[], except?: string): FieldError[] {
    const objectLike = except !== undefined && typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
    for (let i = 0; i < this.clean.length; i++) {
      const copy = this.clean[i];
      const same = objectLike ? typeof copy === 'object' && copy !== null && !Array.isArray(copy) && sameFields(value as Record<string, unknown>, copy as Record<string, unknown>, except) : sameJson(value, copy);
      if (!same) continue;
      toFront(this.clean, i);
      return [];
    }
    const errs = validate();
    if (errs.length > 0) return errs;
    const copy = objectLike ? snapshotFields(value, except) : snapshot(value);
    if (copy !== undefined) remember(this.clean, copy, MAX_ENTRIES);
    return errs;
  }
}
