// Merging an applied configuration into the live object, SMD's Merge: the configuration wins at
// every leaf it sets; maps merge key by key; list maps and sets merge item by item, keeping the
// live order of items the configuration does not mention and the configuration's order for the
// items it does; atomic lists and maps are replaced whole.

import { indexItems } from './list-items.ts';
import { type Json, type PathElement, isObject, pathString, serializeElement } from './path-element.ts';
import { type ApplySchema, type SchemaPath, ITEM, childPath } from './schema.ts';

type Value = Json | undefined;

export type MergeResult = { readonly ok: true; readonly value: Value } | { readonly ok: false; readonly error: string };

const empty = (v: Value): boolean => v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
const listLike = (v: Value): boolean => v === undefined || v === null || Array.isArray(v);
const mapLike = (v: Value): boolean => v === undefined || v === null || isObject(v);

class MergeError extends Error {}

function merge(l: Value, r: Value, schema: ApplySchema, sp: SchemaPath, fp: readonly PathElement[]): Value {
  if ((Array.isArray(l) || Array.isArray(r)) && listLike(l) && listLike(r)) {
    const shape = schema.list(sp);
    if (shape.type === 'atomic' || (empty(l) && empty(r))) return r !== undefined ? r : l;
    return mergeList(shape, Array.isArray(l) ? l : undefined, Array.isArray(r) ? r : undefined, schema, sp, fp);
  }
  if ((isObject(l) || isObject(r)) && mapLike(l) && mapLike(r)) {
    const shape = schema.map(sp);
    if (shape === 'atomic' || (empty(l) && empty(r))) return r !== undefined ? r : l;
    const lm = isObject(l) ? l : {};
    const rm = isObject(r) ? r : {};
    const out: Record<string, Json> = {};
    for (const key of new Set([...Object.keys(lm), ...Object.keys(rm)])) {
      const v = merge(lm[key], rm[key], schema, childPath(sp, shape, key), [...fp, { kind: 'field', name: key }]);
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return r !== undefined ? r : l;
}

function mergeList(shape: Parameters<typeof indexItems>[0], l: readonly Json[] | undefined, r: readonly Json[] | undefined, schema: ApplySchema, sp: SchemaPath, fp: readonly PathElement[]): Value {
  const ri = indexItems(shape, r);
  const li = indexItems(shape, l);
  const errors = [...ri.errors, ...li.errors];
  const seenR = new Set<string>();
  for (const pe of ri.names) {
    const k = serializeElement(pe);
    if (seenR.has(k)) errors.push(`duplicate entries for key ${pathString([pe])}`);
    seenR.add(k);
  }
  if (errors.length > 0) throw new MergeError(errors.map((e) => `${pathString(fp)}: ${e}`).join('\n'));
  const key = serializeElement;
  const rNames = ri.names.map(key);
  const lNames = li.names.map(key);
  // The items both sides have, in the configuration's order: the merged list follows it.
  const shared = rNames.filter((k) => li.byName.has(k));
  let next = shared.shift();
  const merged = new Set<string>();
  const out: Json[] = [];
  const item = (k: string, pe: PathElement, lv: Value, rv: Value): void => {
    const v = merge(lv, rv, schema, [...sp, ITEM], [...fp, pe]);
    if (v !== undefined) out.push(v);
  };
  let lI = 0;
  let rI = 0;
  while (lI < lNames.length || rI < rNames.length) {
    if (lI < lNames.length && rI < rNames.length) {
      const k = lNames[lI]!;
      if (k === rNames[rI]) {
        merged.add(k);
        item(k, li.names[lI]!, li.byName.get(k), ri.byName.get(k));
        lI++;
        rI++;
        next = shared.shift();
        continue;
      }
      if (ri.byName.has(k) && next !== undefined && next !== k) {
        lI++;
        continue;
      }
    }
    if (lI < lNames.length) {
      const k = lNames[lI]!;
      if (!ri.byName.has(k)) {
        item(k, li.names[lI]!, l![lI], undefined);
        lI++;
        continue;
      } else if (merged.has(k)) lI++;
    }
    if (rI < rNames.length) {
      const k = rNames[rI]!;
      merged.add(k);
      item(k, ri.names[rI]!, li.byName.get(k), ri.byName.get(k));
      rI++;
      if (next === k) next = shared.shift();
    }
  }
  return out.length > 0 ? out : undefined;
}

/** `live` and `config` are whole objects; a list item without its keys or a repeated key in the configuration fails. */
export function mergeObjects(live: Json, config: Json, schema: ApplySchema): MergeResult {
  try {
    return { ok: true, value: merge(live, config, schema, [], []) ?? {} };
  } catch (e) {
    if (e instanceof MergeError) return { ok: false, error: e.message };
    throw e;
  }
}
