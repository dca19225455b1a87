// Merging an applied configuration into the live object, SMD's Merge: the configuration wins at
// every leaf it sets; maps merge key by key; list maps and sets merge item by item, keeping the
// live order of items the configuration does not mention and the configuration's order for the
// items it does; atomic lists and maps are replaced whole.

import { type Chain, chainPath, extend } from './field-set.ts';
import { indexItems } from './list-items.ts';
import { type Json, field, isObject, pathString } from './path-element.ts';
import type { ApplySchema, ListShape, SchemaNode } from './schema.ts';

type Value = Json | undefined;

export type MergeResult = { readonly ok: true; readonly value: Value } | { readonly ok: false; readonly error: string };

const empty = (v: Value): boolean => v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
const listLike = (v: Value): boolean => v === undefined || v === null || Array.isArray(v);
const mapLike = (v: Value): boolean => v === undefined || v === null || isObject(v);

class MergeError extends Error {}

function merge(l: Value, r: Value, node: SchemaNode, at: Chain | undefined): Value {
  if ((Array.isArray(l) || Array.isArray(r)) && listLike(l) && listLike(r)) {
    const shape = node.list();
    if (shape.type === 'atomic' || (empty(l) && empty(r))) return r !== undefined ? r : l;
    return mergeList(shape, Array.isArray(l) ? l : undefined, Array.isArray(r) ? r : undefined, node, at);
  }
  if ((isObject(l) || isObject(r)) && mapLike(l) && mapLike(r)) {
    const shape = node.map();
    if (shape === 'atomic' || (empty(l) && empty(r))) return r !== undefined ? r : l;
    // Nothing to merge below a side that is absent: the other side is the answer as it is.
    if (!isObject(r)) return l;
    if (!isObject(l)) return r;
    const out: Record<string, Json> = {};
    for (const key of Object.keys(l)) {
      const v = key in r ? merge(l[key], r[key], node.child(key), extend(at, field(key))) : l[key];
      if (v !== undefined) out[key] = v;
    }
    for (const key of Object.keys(r)) {
      if (key in l) continue;
      const v = merge(undefined, r[key], node.child(key), extend(at, field(key)));
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return r !== undefined ? r : l;
}

function mergeList(shape: Exclude<ListShape, { type: 'atomic' }>, l: readonly Json[] | undefined, r: readonly Json[] | undefined, node: SchemaNode, at: Chain | undefined): Value {
  const ri = indexItems(shape, r);
  const li = indexItems(shape, l);
  const errors = [...ri.errors, ...li.errors];
  const seenR = new Set<string>();
  ri.keys.forEach((k, i) => {
    if (seenR.has(k)) errors.push(`duplicate entries for key ${pathString([ri.names[i]!])}`);
    seenR.add(k);
  });
  if (errors.length > 0) throw new MergeError(errors.map((e) => `${pathString(chainPath(at))}: ${e}`).join('\n'));
  const rNames = ri.keys;
  const lNames = li.keys;
  // The items both sides have, in the configuration's order: the merged list follows it.
  const shared = rNames.filter((k) => li.byName.has(k));
  let next = shared.shift();
  const merged = new Set<string>();
  const out: Json[] = [];
  const itemNode = node.item();
  const item = (pe: (typeof li.names)[number], k: string, lv: Value, rv: Value): void => {
    const v = merge(lv, rv, itemNode, { parent: at, pe, key: k });
    if (v !== undefined) out.push(v);
  };
  let lI = 0;
  let rI = 0;
  while (lI < lNames.length || rI < rNames.length) {
    if (lI < lNames.length && rI < rNames.length) {
      const k = lNames[lI]!;
      if (k === rNames[rI]) {
        merged.add(k);
        item(li.names[lI]!, k, li.byName.get(k), ri.byName.get(k));
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
        item(li.names[lI]!, k, l![lI], undefined);
        lI++;
        continue;
      } else if (merged.has(k)) lI++;
    }
    if (rI < rNames.length) {
      const k = rNames[rI]!;
      merged.add(k);
      item(ri.names[rI]!, k, li.byName.get(k), ri.byName.get(k));
      rI++;
      if (next === k) next = shared.shift();
    }
  }
  return out.length > 0 ? out : undefined;
}

/** `live` and `config` are whole objects; a list item without its keys or a repeated key in the configuration fails. */
export function mergeObjects(live: Json, config: Json, schema: ApplySchema): MergeResult {
  try {
    return { ok: true, value: merge(live, config, schema.root, undefined) ?? {} };
  } catch (e) {
    if (e instanceof MergeError) return { ok: false, error: e.message };
    throw e;
  }
}
