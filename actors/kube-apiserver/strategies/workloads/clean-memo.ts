// Parts of a pod spec that validated without error, remembered by their JSON text. Every pod of a
// cluster carries the same few parts (the kube-api-access projected volume the ServiceAccount
// plugin adds, the two not-ready/unreachable tolerations DefaultTolerationSeconds adds), and the
// validators are pure functions of the value they are given: a value whose JSON text was clean
// before is clean again, and serializing it costs a fraction of validating it. Errors name paths,
// so only the clean verdict is kept. A value JSON text could confuse with another (undefined,
// NaN, -0, a Date, a sparse list) is never remembered.

import type { FieldError } from '../../../../protocols/kube/field-errors.ts';

/** Past this many texts the memo starts over, so that what it holds stays bounded. */
const MAX_ENTRIES = 512;

/** True when `v` is JSON data only: what JSON.stringify writes it as tells it apart from any other value. */
function plainJson(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (typeof v !== 'object') return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!(i in v) || !plainJson(v[i])) return false;
    return true;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const k of Object.keys(v)) if (!plainJson((v as Record<string, unknown>)[k])) return false;
  return true;
}

function textOf(value: unknown, except: string | undefined): string | undefined {
  if (except === undefined || value === null || typeof value !== 'object' || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) {
    return plainJson(value) ? JSON.stringify(value) : undefined;
  }
  let text = '{';
  for (const k of Object.keys(value)) {
    if (k === except) continue;
    const v = (value as Record<string, unknown>)[k];
    if (!plainJson(v)) return undefined;
    text += `${JSON.stringify(k)}:${JSON.stringify(v)},`;
  }
  return text;
}

export class CleanMemo {
  private readonly clean = new Set<string>();

  /**
   * `validate()`'s errors for `value`, or none without running it when the same text validated
   * clean before. `except`: a top-level field of an object the validation does not read (a
   * volume's name, checked on its own), left out of the text.
   */
  check(value: unknown, validate: () => FieldError[], except?: string): FieldError[] {
    const key = textOf(value, except);
    if (key !== undefined && this.clean.has(key)) return [];
    const errs = validate();
    if (key !== undefined && errs.length === 0) {
      if (this.clean.size >= MAX_ENTRIES) this.clean.clear();
      this.clean.add(key);
    }
    return errs;
  }
}
