// Strategic merge patch, applied as the apiserver applies it to a built-in kind
// (StrategicMergeMapPatch with MergeParallelList and IgnoreUnmatchedNulls): maps merge key by key,
// null deletes, lists with patch strategy `merge` merge by their merge key (or, for primitives, as
// sets), other lists are replaced; the directives `$patch: replace|delete` (`merge` is refused, as
// apimachinery refuses it), `$retainKeys`, `$deleteFromPrimitiveList/<field>` and
// `$setElementOrder/<field>` act as apimachinery's do, down to the order lists come out in and the
// wording of errors. Where Go walks a map in random order this walks the patch in its own order.
// Work happens on copies; the inputs are never changed.

import { SmpError, ErrBadArgType, ErrBadPatchFormatForPrimitiveList, ErrBadPatchFormatForRetainKeys, ErrBadPatchFormatForSetElementOrderList, ErrBadPatchType, ErrNoMergeKey, serverError } from './smp-errors.ts';
import { goValue } from './go-format.ts';
import { setOwn } from './own.ts';
import { lookupSlice, lookupStruct, schemaName, splitRetainKeys } from './smp-schema.ts';
import {
  type Json,
  type JsonMap,
  deduplicateScalars,
  deleteFromSlice,
  findMapByKey,
  goType,
  isMap,
  normalizeElementOrder,
  partitionByPresence,
  sliceElementType,
} from './smp-lists.ts';
import { cloneBody } from '../registry/body.ts';

export { SmpError };

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
const SET_ELEMENT_ORDER = '$setElementOrder';

/** `$deleteFromPrimitiveList/finalizers` → `finalizers`; anything else with the prefix is an error. */
function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw prefix === DELETE_FROM_PRIMITIVE_LIST ? ErrBadPatchFormatForPrimitiveList() : ErrBadPatchFormatForSetElementOrderList();
  }
  return key.slice(slash + 1);
}

/** The value without maps that carry `$patch`; undefined when the value itself is one. */
function removeDirectives(obj: Json): Json | undefined {
  if (Array.isArray(obj)) return obj.map(removeDirectives).filter((v) => v !== undefined);
  if (!isMap(obj)) return obj;
  if (Object.hasOwn(obj, DIRECTIVE)) return undefined;
  for (const [k, v] of Object.entries(obj)) {
    const kept = removeDirectives(v);
    if (kept === undefined) delete obj[k];
    else setOwn(obj, k, kept);
  }
  return obj;
}

function discardNulls(v: Json): void {
  if (Array.isArray(v)) v.forEach(discardNulls);
  else if (isMap(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (x === null) delete v[k];
      else discardNulls(x);
    }
  }
}

function applyRetainKeys(original: JsonMap, patch: JsonMap): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const retain = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(retain)) throw ErrBadPatchFormatForRetainKeys();
  const keep = new Set(retain);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!keep.has(k)) throw ErrBadPatchFormatForRetainKeys();
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/** The apiserver merges `$setElementOrder` lists with their list first, then orders the result. */
function mergeSetElementOrder(original: JsonMap, patch: JsonMap, schema: string): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw ErrBadArgType('[]interface {}', order);
    const field = extractKey(key, SET_ELEMENT_ORDER);
    const foundOriginal = Object.hasOwn(original, field);
    const foundPatch = Object.hasOwn(patch, field);
    const originalList = foundOriginal ? original[field] : undefined;
    const patchList = foundPatch ? patch[field] : undefined;
    if (foundOriginal && !Array.isArray(originalList)) throw ErrBadArgType('[]interface {}', originalList);
    if (foundPatch && !Array.isArray(patchList)) throw ErrBadArgType('[]interface {}', patchList);
    const origItems = (originalList ?? []) as Json[];
    const patchItems = (patchList ?? []) as Json[];
    const meta = lookupSlice(schema, field);
    const { strategy } = splitRetainKeys(meta.strategies);
    validateWithOrderList(patchItems, order, meta.mergeKey);
    let merged: Json[];
    if (foundOriginal && !foundPatch) merged = origItems;
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchItems) as Json[];
    else if (foundOriginal && foundPatch) merged = mergeSliceHandler(origItems, patchItems, meta.schema, strategy, meta.mergeKey, false);
    else continue;
    const [inOrder, serverOnly] = partitionByPresence(merged, order, meta.mergeKey);
    const kind = sliceElementType(origItems, patchItems);
    original[field] = normalizeElementOrder(inOrder, serverOnly, order, origItems, meta.mergeKey, kind);
    delete patch[field];
  }
}

/** The patch's items, deletions aside, must appear in the order list in the same order. */
function validateWithOrderList(patchList: Json[], order: Json[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  let items = patchList;
  if (mergeKey !== '') {
    for (const v of patchList) if (!isMap(v)) throw ErrBadArgType('map[string]interface {}', v);
    items = patchList.filter((v) => (v as JsonMap)[DIRECTIVE] !== 'delete');
  }
  const sameKey = (l: Json, r: Json): boolean => {
    if (mergeKey === '') return l === r;
    if (!isMap(l)) throw ErrBadArgType('map[string]interface {}', l);
    if (!isMap(r)) throw ErrBadArgType('map[string]interface {}', r);
    if (!Object.hasOwn(l, mergeKey)) throw ErrNoMergeKey(l, mergeKey);
    if (!Object.hasOwn(r, mergeKey)) throw ErrNoMergeKey(r, mergeKey);
    return l[mergeKey] === r[mergeKey];
  };
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    if (isMap(items[p]) && Object.hasOwn(items[p] as JsonMap, DIRECTIVE)) {
      p++;
      continue;
    }
    if (sameKey(items[p], order[o])) p++;
    o++;
  }
  if (p < items.length && o >= order.length) throw serverError(`The order in patch list:\n${goValue(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goValue(order)}\n`);
}

function mergeMap(original: JsonMap | null, patch: JsonMap, schema: string): JsonMap {
  if (Object.hasOwn(patch, DIRECTIVE)) {
    const directive = patch[DIRECTIVE];
    if (directive === 'replace') {
      delete patch[DIRECTIVE];
      return patch;
    }
    if (directive === 'delete') return {};
    throw ErrBadPatchType(directive, patch);
  }
  const orig = original ?? {};
  applyRetainKeys(orig, patch);
  mergeSetElementOrder(orig, patch, schema);
  for (const [patchKey, patchV] of Object.entries(patch)) {
    let k = patchKey;
    let isDeleteList = false;
    if (patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      k = extractKey(patchKey, DELETE_FROM_PRIMITIVE_LIST);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete orig[k];
      continue;
    }
    if (!Object.hasOwn(orig, k) || goType(orig[k]) !== goType(patchV)) {
      if (isDeleteList) continue;
      discardNulls(patchV);
      const v = removeDirectives(patchV);
      if (v === undefined) delete orig[k];
      else setOwn(orig, k, v);
      continue;
    }
    const current = orig[k];
    if (isMap(current)) {
      const meta = lookupStruct(schema, k);
      const { strategy } = splitRetainKeys(meta.strategies);
      setOwn(orig, k, strategy === 'replace' ? patchV : mergeMap(current, patchV as JsonMap, meta.schema));
    } else if (Array.isArray(current)) {
      const meta = lookupSlice(schema, k);
      const { strategy } = splitRetainKeys(meta.strategies);
      setOwn(orig, k, mergeSliceHandler(current, patchV as Json[], meta.schema, strategy, meta.mergeKey, isDeleteList));
    } else {
      setOwn(orig, k, patchV);
    }
  }
  return orig;
}

function mergeSliceHandler(original: Json[], patch: Json[], schema: string, strategy: string, mergeKey: string, isDeleteList: boolean): Json[] {
  if (strategy === 'merge' || isDeleteList) return mergeSlice(original, patch, schema, mergeKey, isDeleteList);
  return patch;
}

function mergeSlice(original: Json[], patch: Json[], schema: string, mergeKey: string, isDeleteList: boolean): Json[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementType(original, patch);
  let merged: Json[];
  let orig = original;
  let items = patch;
  if (kind !== 'map') {
    if (isDeleteList) return deleteFromSlice(original, patch);
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (mergeKey === '') throw serverError(`cannot merge lists without merge key for ${schemaName(schema)}`);
    [orig, items] = mergeSpecialElements(original, patch, mergeKey);
    merged = [...orig];
    for (const v of items) {
      const item = v as JsonMap;
      if (!Object.hasOwn(item, mergeKey)) throw ErrNoMergeKey(item, mergeKey);
      const found = findMapByKey(merged, mergeKey, item[mergeKey]);
      if (found) merged[found.index] = mergeMap(found.map, item, schema);
      else merged.push(item);
    }
  }
  const [inPatch, serverOnly] = partitionByPresence(merged, items, kind === 'map' ? mergeKey : '');
  return normalizeElementOrder(inPatch, serverOnly, items, orig, kind === 'map' ? mergeKey : '', kind);
}

/** Applies `$patch: delete` items and `$patch: replace`; returns the list and the plain items. */
function mergeSpecialElements(original: Json[], patch: Json[], mergeKey: string): [Json[], Json[]] {
  let orig = original;
  const plain: Json[] = [];
  let replace = false;
  for (const v of patch) {
    const item = v as JsonMap;
    if (!Object.hasOwn(item, DIRECTIVE)) {
      plain.push(v);
      continue;
    }
    const directive = item[DIRECTIVE];
    if (directive === 'delete') {
      if (!Object.hasOwn(item, mergeKey)) throw ErrNoMergeKey(item, mergeKey);
      for (let found = findMapByKey(orig, mergeKey, item[mergeKey]); found; found = findMapByKey(orig, mergeKey, item[mergeKey])) {
        orig = [...orig.slice(0, found.index), ...orig.slice(found.index + 1)];
      }
    } else if (directive === 'replace') replace = true;
    else if (directive === 'merge') throw serverError('merging lists cannot yet be specified in the patch');
    else throw ErrBadPatchType(directive, item);
  }
  return replace ? [plain, []] : [orig, plain];
}

/**
 * Applies a strategic merge patch (already parsed to a map) to an object whose schema type is
 * `rootType` (`apps/v1.Deployment`). Throws SmpError as apimachinery fails.
 */
export function strategicMerge(original: JsonMap, patch: JsonMap, rootType: string): JsonMap {
  return strategicMergeShowingPatch(original, patch, rootType).result;
}

/**
 * The same, also giving the patch as merging left it. apimachinery merges in place, consuming
 * directives and the lists it ordered; the apiserver then prints that map in a strict decoding
 * error, so the caller needs it to word the error the same.
 */
export function strategicMergeShowingPatch(original: JsonMap, patch: JsonMap, rootType: string): { result: JsonMap; patchAfter: JsonMap } {
  const patchAfter = cloneBody(patch);
  return { result: mergeMap(cloneBody(original), patchAfter, rootType), patchAfter };
}
