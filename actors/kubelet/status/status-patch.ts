// The body of the kubelet's status update: a strategic-merge patch from the last status it wrote
// to the new one, carrying the pod's uid as a precondition (statusutil.PatchPodStatus). The
// kubelet writes only on change, so an unchanged status gives null. Lists follow PodStatus's patch
// strategies: conditions merge by type, podIPs and hostIPs by ip (with $setElementOrder), other
// lists (the container statuses) are replaced whole.

import type { PodStatus } from '../sync/pod-types.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonMap = { [k: string]: Json };

const MERGE_KEYS: Readonly<Record<string, string>> = { conditions: 'type', podIPs: 'ip', hostIPs: 'ip', resourceClaimStatuses: 'name' };

const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

function equal(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => equal(a[k], b[k]));
  }
  return false;
}

/** Fields of `next` that differ from `prev`, and null for those removed. */
function diffMap(prev: JsonMap, next: JsonMap): JsonMap {
  const out: JsonMap = {};
  for (const k of Object.keys(prev)) if (prev[k] !== undefined && next[k] === undefined) out[k] = null;
  for (const k of Object.keys(next)) {
    const a = prev[k];
    const b = next[k];
    if (b === undefined || equal(a, b)) continue;
    const key = MERGE_KEYS[k];
    if (key && Array.isArray(b) && (a === undefined || Array.isArray(a))) Object.assign(out, diffMergeList(k, key, (a as Json[] | undefined) ?? [], b));
    else if (isMap(a) && isMap(b)) out[k] = diffMap(a, b);
    else out[k] = b;
  }
  return out;
}

function diffMergeList(field: string, key: string, prev: Json[], next: Json[]): JsonMap {
  const keyOf = (v: Json) => (isMap(v) ? v[key] : undefined);
  const changes: Json[] = [];
  for (const item of next) {
    const old = prev.find((p) => equal(keyOf(p), keyOf(item)));
    if (old === undefined) changes.push(item);
    else if (!equal(old, item) && isMap(old) && isMap(item)) changes.push({ [key]: keyOf(item)!, ...diffMap(old, item) });
  }
  for (const old of prev) {
    if (!next.some((n) => equal(keyOf(n), keyOf(old)))) changes.push({ $patch: 'delete', [key]: keyOf(old)! });
  }
  return {
    [`$setElementOrder/${field}`]: next.map((n) => ({ [key]: keyOf(n)! })),
    [field]: changes,
  };
}

/** The patch `{ metadata: { uid }, status: {...} }`, or null when the status did not change. */
export function podStatusPatch(old: PodStatus, next: PodStatus, uid: string): JsonMap | null {
  const status = diffMap(JSON.parse(JSON.stringify(old)) as JsonMap, JSON.parse(JSON.stringify(next)) as JsonMap);
  if (Object.keys(status).length === 0) return null;
  return { metadata: { uid }, status };
}
