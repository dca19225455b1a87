// JSON Patch (RFC 6902) as the apiserver applies it: with evanphx/json-patch v4, whose behaviour
// departs from the RFC in ways clients meet, and which a general RFC 6902 library does not share:
// `replace` of a missing object member adds it, negative array indices count from the end,
// `test` of a missing member passes against null, a path of "" only works for `replace` and
// `test`, and `copy` from a missing member copies null. So this follows that library's rules
// rather than the RFC's. Why an operation failed never reaches the client (the apiserver answers
// a fixed 422), but the reason is kept for tests and traces.

import { setOwn } from './own.ts';
import { cloneBody } from '../registry/body.ts';

type Json = unknown;
type Container = Record<string, Json> | Json[];

export type OpsResult = { readonly ok: true; readonly doc: Json } | { readonly ok: false; readonly error: string };

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

class PatchError extends Error {}
const fail = (message: string): never => {
  throw new PatchError(message);
};

/** RFC 6901 unescaping, ~1 before ~0 as evanphx does. */
const decodeKey = (k: string) => k.replaceAll('~1', '/').replaceAll('~0', '~');

/** strconv.Atoi: optional sign, decimal digits, nothing else. */
function atoi(key: string): number {
  if (!/^[+-]?\d+$/.test(key)) fail(`strconv.Atoi: parsing "${key}": invalid syntax`);
  return Number(key);
}

const invalidIndex = (idx: number) => fail(`Unable to access invalid index: ${idx}: invalid index referenced`);

/** A member or element; undefined when absent or null (evanphx does not tell them apart). */
function get(con: Container, key: string): Json | undefined {
  if (!Array.isArray(con)) return Object.hasOwn(con, key) ? (con[key] ?? undefined) : undefined;
  let idx = atoi(key);
  if (idx < 0) {
    if (idx < -con.length) invalidIndex(idx);
    idx += con.length;
  }
  if (idx >= con.length) invalidIndex(idx);
  return con[idx] ?? undefined;
}

function add(con: Container, key: string, val: Json): void {
  if (!Array.isArray(con)) {
    setOwn(con, key, val);
    return;
  }
  if (key === '-') {
    con.push(val);
    return;
  }
  if (!/^[+-]?\d+$/.test(key)) fail(`value was not a proper array index: '${key}'`);
  let idx = Number(key);
  const size = con.length + 1;
  if (idx >= size) invalidIndex(idx);
  if (idx < 0) {
    if (idx < -size) invalidIndex(idx);
    idx += size;
  }
  con.splice(idx, 0, val);
}

function remove(con: Container, key: string): void {
  if (!Array.isArray(con)) {
    if (!Object.hasOwn(con, key)) fail(`Unable to remove nonexistent key: ${key}: missing value`);
    delete con[key];
    return;
  }
  let idx = atoi(key);
  if (idx >= con.length) invalidIndex(idx);
  if (idx < 0) {
    if (idx < -con.length) invalidIndex(idx);
    idx += con.length;
  }
  con.splice(idx, 1);
}

/** The container holding the last token of `path`, and that token; undefined when unreachable. */
function findObject(doc: Container, path: string): [Container, string] | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  let con: Container = doc;
  for (const part of split.slice(1, -1)) {
    let next: Json | undefined;
    try {
      next = get(con, decodeKey(part));
    } catch {
      return undefined;
    }
    if (!Array.isArray(next) && !isObject(next)) return undefined;
    con = next;
  }
  return [con, decodeKey(split[split.length - 1]!)];
}

function stringField(op: Record<string, Json>, name: 'path' | 'from', what: string): string {
  const v = op[name];
  if (v === undefined || v === null) fail(`${what}: missing value`);
  if (typeof v !== 'string') fail(`${what}: json: cannot unmarshal into Go value of type string`);
  return v as string;
}

/** Runs `f`, prefixing a failure's reason as evanphx wraps its errors. */
function wrap<T>(prefix: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof PatchError) fail(`${prefix}: ${e.message}`);
    throw e;
  }
}

const clone = <T>(v: T): T => (v === undefined ? v : cloneBody(v));

function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * The apiserver caps what `copy` operations may add up to (--json-patch-max-copy-bytes, 3 MiB by
 * default), so a small patch cannot blow an object up by copying it into itself.
 */
export const MAX_COPY_BYTES = 3 * 1024 * 1024;

const jsonBytes = (v: Json): number => new TextEncoder().encode(JSON.stringify(v) ?? 'null').length;

function applyOne(root: { doc: Container; copied: number }, op: Record<string, Json>): void {
  const kind = typeof op.op === 'string' ? op.op : 'unknown';
  const hasValue = Object.hasOwn(op, 'value');
  const value = hasValue ? clone(op.value) : null;
  const locate = (path: string, what: string): [Container, string] => findObject(root.doc, path) ?? fail(`${what}: missing value`);
  switch (kind) {
    case 'add': {
      const path = stringField(op, 'path', 'add operation failed to decode path');
      const [con, key] = locate(path, `add operation does not apply: doc is missing path: "${path}"`);
      return wrap(`error in add for path: '${path}'`, () => add(con, key, value));
    }
    case 'remove': {
      const path = stringField(op, 'path', 'remove operation failed to decode path');
      const [con, key] = locate(path, `remove operation does not apply: doc is missing path: "${path}"`);
      return wrap(`error in remove for path: '${path}'`, () => remove(con, key));
    }
    case 'replace': {
      const path = stringField(op, 'path', 'replace operation failed to decode path');
      if (path === '') {
        // Anything but an object or a list is ignored, without an error.
        if (Array.isArray(value) || isObject(value)) root.doc = value;
        return;
      }
      const [con, key] = locate(path, `replace operation does not apply: doc is missing path: ${path}`);
      try {
        get(con, key);
      } catch {
        fail(`replace operation does not apply: doc is missing key: ${path}: missing value`);
      }
      if (Array.isArray(con)) {
        const idx = atoi(key);
        con[idx < 0 ? idx + con.length : idx] = value;
      } else setOwn(con, key, value);
      return;
    }
    case 'move': {
      const from = stringField(op, 'from', 'move operation failed to decode from');
      const [fromCon, fromKey] = locate(from, `move operation does not apply: doc is missing from path: ${from}`);
      const val = wrap(`error in move for path: '${fromKey}'`, () => get(fromCon, fromKey) ?? null);
      wrap(`error in move for path: '${fromKey}'`, () => remove(fromCon, fromKey));
      const path = stringField(op, 'path', 'move operation failed to decode path');
      const [con, key] = locate(path, `move operation does not apply: doc is missing destination path: ${path}`);
      return wrap(`error in move for path: '${path}'`, () => add(con, key, val));
    }
    case 'test': {
      const path = stringField(op, 'path', 'test operation failed to decode path');
      const failed = () => fail(`testing value ${path} failed: test failed`);
      if (path === '') return void (deepEqual(root.doc, value) || failed());
      const [con, key] = locate(path, `test operation does not apply: is missing path: ${path}`);
      const current = wrap(`error in test for path: '${path}'`, () => get(con, key));
      if (!hasValue) return void failed();
      if (current === undefined) return void (value === null || failed());
      return void (deepEqual(current, value) || failed());
    }
    case 'copy': {
      const from = stringField(op, 'from', 'copy operation failed to decode from');
      const [fromCon, fromKey] = locate(from, `copy operation does not apply: doc is missing from path: ${from}`);
      const val = clone(wrap(`error in copy for from: '${from}'`, () => get(fromCon, fromKey) ?? null));
      const path = stringField(op, 'path', 'copy operation failed to decode path');
      const [con, key] = locate(path, `copy operation does not apply: doc is missing destination path: ${path}`);
      root.copied += jsonBytes(val);
      if (root.copied > MAX_COPY_BYTES) {
        fail(`Unable to complete the copy, the accumulated size increase of copy is ${root.copied}, exceeding the limit ${MAX_COPY_BYTES}`);
      }
      return wrap('error while adding value during copy', () => add(con, key, val));
    }
    default:
      fail(`Unexpected kind: ${kind}`);
  }
}

/** Applies decoded operations to a copy of `doc`; all or nothing. */
export function applyJsonPatchOps(doc: Json, ops: readonly Json[]): OpsResult {
  if (!Array.isArray(doc) && !isObject(doc)) return { ok: false, error: 'Invalid JSON Document' };
  const root = { doc: cloneBody(doc) as Container, copied: 0 };
  try {
    for (const op of ops) applyOne(root, isObject(op) ? op : {});
  } catch (e) {
    if (e instanceof PatchError) return { ok: false, error: e.message };
    throw e;
  }
  return { ok: true, doc: root.doc };
}
