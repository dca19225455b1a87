// The list helpers of strategic merge patch: element types, finding items by merge key, and the
// ordering rules (items named by the patch keep the patch's order, the others the live order,
// interleaved as apimachinery interleaves them). Each follows apimachinery's function of the same
// purpose closely, since the resulting order is visible to clients.

import { ErrBadArgType, ErrNoListOfLists, ErrNoMergeKey, serverError } from './smp-errors.ts';
import { goValue } from './go-format.ts';

export type Json = unknown;
export type JsonMap = Record<string, Json>;

export const isMap = (v: Json): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Go's dynamic type of a decoded JSON value, as reflect.TypeOf compares them. */
export function goType(v: Json): string {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (typeof v === 'object') return 'map';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return typeof v;
}

/** The element type shared by the lists; lists of lists and mixed lists are errors. */
export function sliceElementType(...slices: Json[][]): string {
  let prev: string | undefined;
  for (const s of slices) {
    for (const v of s) {
      const t = goType(v);
      if (prev === undefined) {
        prev = t;
        if (prev === 'slice') throw ErrNoListOfLists();
      } else if (prev !== t) {
        throw serverError(`list element types are not identical: [${slices.map((x) => goValue(x)).join(' ')}]`);
      }
    }
  }
  if (prev === undefined) throw serverError('no elements in any of the given slices');
  return prev;
}

export function findMapByKey(list: Json[], key: string, value: Json): { map: JsonMap; index: number } | undefined {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isMap(item)) throw serverError(`value for key ${i} is not a map`);
    if (Object.hasOwn(item, key) && item[key] === value) return { map: item, index: i };
  }
  return undefined;
}

/** Removes duplicates as apimachinery does: a later duplicate is overwritten by the last item. */
export function deduplicateScalars(input: Json[]): Json[] {
  const s = [...input];
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (s[i] === s[j]) {
        s[j] = s[length];
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

export function deleteFromSlice(current: Json[], toDelete: Json[]): Json[] {
  const gone = new Set(toDelete);
  return current.filter((v) => !gone.has(v));
}

export function validateMergeKeyInLists(mergeKey: string, ...lists: Json[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isMap(item)) throw ErrBadArgType('map[string]interface {}', item);
      if (!Object.hasOwn(item, mergeKey)) throw ErrNoMergeKey(item, mergeKey);
    }
  }
}

/** The merge key value of a map item, or a scalar item itself. */
const keyOf = (item: Json, mergeKey: string, kind: string): Json => (kind === 'map' ? (isMap(item) ? item[mergeKey] : null) : item);

function indexIn(list: Json[], item: Json, mergeKey: string, kind: string): number {
  const want = keyOf(item, mergeKey, kind);
  return list.findIndex((v) => keyOf(v, mergeKey, kind) === want);
}

/** Splits `merged` into the items present in `by` and the others, each in merged's order. */
export function partitionByPresence(merged: Json[], by: Json[], mergeKey: string): [Json[], Json[]] {
  const inPatch: Json[] = [];
  const serverOnly: Json[] = [];
  if (mergeKey === '') {
    const present = new Set(by);
    for (const v of merged) (present.has(v) ? inPatch : serverOnly).push(v);
    return [inPatch, serverOnly];
  }
  for (const v of merged) {
    if (!isMap(v)) throw ErrBadArgType('map[string]interface {}', v);
    if (!Object.hasOwn(v, mergeKey)) throw ErrNoMergeKey(v, mergeKey);
    (findMapByKey(by, mergeKey, v[mergeKey]) ? inPatch : serverOnly).push(v);
  }
  return [inPatch, serverOnly];
}

function normalizeSliceOrder(toSort: Json[], order: Json[], mergeKey: string, kind: string): Json[] {
  let keep = toSort;
  let toDelete: Json[] = [];
  if (kind === 'map') {
    validateMergeKeyInLists(mergeKey, toSort, order);
    keep = toSort.filter((v) => (v as JsonMap).$patch !== 'delete');
    toDelete = toSort.filter((v) => (v as JsonMap).$patch === 'delete');
  }
  const sorted = keep
    .map((v, i) => ({ v, i, at: indexIn(order, v, mergeKey, kind) }))
    .sort((a, b) => (a.at >= 0 && b.at >= 0 ? a.at - b.at : a.i - b.i))
    .map((x) => x.v);
  return [...sorted, ...toDelete];
}

/**
 * Interleaves the server-only items into the patch's items: each server-only item goes before
 * the first patch item it precedes in the live list, when both are in it.
 */
function mergeSortedSlice(left: Json[], right: Json[], serverOrder: Json[], mergeKey: string, kind: string): Json[] {
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

export function normalizeElementOrder(patch: Json[], serverOnly: Json[], patchOrder: Json[], serverOrder: Json[], mergeKey: string, kind: string): Json[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}
