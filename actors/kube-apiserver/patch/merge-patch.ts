// JSON merge patch (RFC 7396) as evanphx/json-patch v4's MergePatch applies it for the apiserver.
// It keeps two quirks of that library: a value put where there was none (or null) has the nulls
// in its objects pruned, lists included, while a list or scalar replacing an object is taken as
// it is; and a patch that is not an object is not merged (the apiserver's callers reject those).

import { setOwn } from './own.ts';
import { cloneBody } from '../registry/body.ts';

type Json = unknown;
type JsonMap = Record<string, Json>;

const isMap = (v: Json): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

function pruneNulls(v: Json): Json {
  if (Array.isArray(v)) return v.map((x) => (x === null ? x : pruneNulls(x)));
  if (!isMap(v)) return v;
  const out: JsonMap = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) setOwn(out, k, pruneNulls(x));
  return out;
}

function merge(cur: Json, patch: Json): Json {
  if (!isMap(cur)) return pruneNulls(patch);
  if (!isMap(patch)) return patch;
  return mergeDocs(cur, patch);
}

function mergeDocs(doc: JsonMap, patch: JsonMap): JsonMap {
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(doc)) setOwn(out, k, v);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (!Object.hasOwn(out, k) || out[k] === null) setOwn(out, k, pruneNulls(v));
    else setOwn(out, k, merge(out[k], v));
  }
  return out;
}

/** Merges an object patch into an object; neither input is changed. */
export function mergePatch(doc: JsonMap, patch: JsonMap): JsonMap {
  return mergeDocs(cloneBody(doc), cloneBody(patch));
}
