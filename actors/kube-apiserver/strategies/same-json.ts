// Memos of the strategies and the field manager know a value again by comparing it with a copy of
// one seen before, not by its JSON text: the walk stops at the first difference and builds
// nothing, where a text costs a serialization of the whole value and a hash of the string on
// every lookup. "The same" is what the same JSON text meant: the same keys in the same order and
// the same scalars, -0, NaN, undefined and non-plain objects never matching a copy.

import { isSettled } from '../storage/json-copy.ts';

/** True when `v` is JSON data only: its JSON text tells it apart from every other value. */
export function plainJson(v: unknown): boolean {
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

/** A copy that nothing outside the memo holding it can change; undefined for a value that is not plainJson. */
export function snapshot(v: unknown): unknown {
  return plainJson(v) ? withKeys(JSON.parse(JSON.stringify(v))) : undefined;
}

/**
 * snapshot(), but the settled values inside `v` (frozen through and through, storage/json-copy.ts:
 * nothing can change them) kept as they are instead of copied, so that sameJson knows them again
 * by their identity (the token volume's projection every pod shares).
 */
export function snapshotSharing(v: unknown): unknown {
  return plainJson(v) ? sharingCopy(v) : undefined;
}

/** What withKeys(JSON.parse(JSON.stringify(v))) gives for plainJson `v`, settled values shared. */
function sharingCopy(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || isSettled(v)) return v;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) out.push(sharingCopy(v[i]));
    return out;
  }
  const out: Record<string, unknown> = {};
  const keys = Object.keys(v);
  for (const k of keys) {
    const x = sharingCopy((v as Record<string, unknown>)[k]);
    // JSON.parse makes an own `__proto__` key; an assignment would set the prototype.
    if (k === '__proto__') Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
    else out[k] = x;
  }
  Object.defineProperty(out, KEYS, { value: keys });
  return out;
}

// Each object of a copy carries its keys, under a symbol (which JSON, Object.keys and for-in
// leave out): a comparison then reads the value's keys with for-in and builds no key arrays,
// where Object.keys of both sides cost two arrays per object compared, on every lookup.
const KEYS: unique symbol = Symbol('keys');

/** `copy` (made by JSON.parse), each of its objects given its keys. */
function withKeys<T>(copy: T): T {
  if (typeof copy !== 'object' || copy === null) return copy;
  if (Array.isArray(copy)) {
    for (const x of copy) withKeys(x);
    return copy;
  }
  const keys = Object.keys(copy);
  for (const k of keys) withKeys((copy as Record<string, unknown>)[k]);
  Object.defineProperty(copy, KEYS, { value: keys });
  return copy;
}

/** `copy`, a copy's object made by hand, given its keys as they are now (its values are not looked into). */
export function keyed<T extends object>(copy: T): T {
  Object.defineProperty(copy, KEYS, { value: Object.keys(copy) });
  return copy;
}

/** The keys of a copy's object, remembered when the copy was made (see withKeys). */
export function keysOf(copy: Record<string, unknown>): readonly string[] {
  return (copy as { [KEYS]?: readonly string[] })[KEYS] ?? Object.keys(copy);
}

/** An object made by a literal or JSON.parse (not an array, not a class instance). */
export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** Whether `v` has the JSON text of `copy`, a snapshot. */
export function sameJson(v: unknown, copy: unknown): boolean {
  if (typeof copy !== 'object' || copy === null) return Object.is(v, copy);
  // A copy's part that is the value itself: a settled value (snapshotSharing) has one JSON text.
  // Only those can be: a copy's own (unfrozen) objects never leave the memo that made it.
  if (v === copy) return true;
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(copy)) {
    if (!Array.isArray(v) || v.length !== copy.length) return false;
    for (let i = 0; i < copy.length; i++) if (!(i in v) || !sameJson(v[i], copy[i])) return false;
    return true;
  }
  return isPlainObject(v) && sameFields(v, copy as Record<string, unknown>, undefined);
}

/** sameJson for two plain objects, the field `except` (when given) left out of both. */
export function sameFields(v: Record<string, unknown>, copy: Record<string, unknown>, except: string | undefined): boolean {
  const b = keysOf(copy);
  let j = 0;
  // for-in reads v's own keys in Object.keys order (v is a plain object: its prototype adds none).
  for (const k in v) {
    if (k === except) continue;
    if (j < b.length && b[j] === except) j++;
    if (j === b.length || k !== b[j] || !sameJson(v[k], copy[k])) return false;
    j++;
  }
  if (j < b.length && b[j] === except) j++;
  return j === b.length;
}

/** A snapshot of the plain object `v` to compare with sameFields leaving `except` out; undefined when it cannot be trusted to. */
export function snapshotFields(v: unknown, except: string | undefined): Record<string, unknown> | undefined {
  if (!isPlainObject(v)) return undefined;
  for (const k of Object.keys(v)) if (!plainJson(v[k]) && !(k === except && v[k] === undefined)) return undefined;
  return withKeys(JSON.parse(JSON.stringify(v)) as Record<string, unknown>);
}

/** After this many lookups in a row that found nothing, a memo searches (and copies) only once in SAMPLE lookups. */
const SETTLING = 4;
const SAMPLE = 16;

/**
 * The copies a memo keeps, the most recently matched first, at most `max`. A copy costs about a
 * serialization and a search a comparison with each copy, so values that never come again
 * (Events, a StatefulSet's pods with their own hostnames) would pay both on every lookup: once
 * lookups have stopped finding anything, only one in SAMPLE searches, and its value is copied if
 * it misses, which still lets values that start repeating in.
 */
export class RecentCopies<E> {
  private readonly entries: E[] = [];
  private misses = 0;
  private searched = true;

  constructor(private readonly max: number) {}

  /** The first entry `matches` accepts (given `a` and `b`), moved to the front. */
  find<A, B>(matches: (e: E, a: A, b: B) => boolean, a: A, b: B): E | undefined {
    this.searched = this.misses < SETTLING || this.misses % SAMPLE === 0;
    this.misses++;
    if (!this.searched) return undefined;
    const entries = this.entries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (!matches(e, a, b)) continue;
      for (let j = i; j > 0; j--) entries[j] = entries[j - 1]!;
      entries[0] = e;
      this.misses = 0;
      return e;
    }
    return undefined;
  }

  /** Whether the value the last find() missed is worth copying in: it was searched for. */
  worthCopying(): boolean {
    return this.searched;
  }

  add(entry: E): void {
    this.entries.unshift(entry);
    if (this.entries.length > this.max) this.entries.length = this.max;
  }
}
