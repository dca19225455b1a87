// The body of the kubelet's status write: a two-way strategic merge patch of nodes/<name>/status
// from the node it read to the node with its new status, as PatchNodeStatus builds it. Lists
// whose schema merges by key (conditions by type, volumesAttached by name) patch element by
// element with a $setElementOrder directive; other lists and scalars are replaced. Addresses
// are tagged merge-by-type in the API but the kubelet replaces them whole ($patch: replace),
// because merging by type cannot express two InternalIPs.

import type { Node, NodeStatus } from 'kubernetes-types/core/v1.d.ts';
import { jsonEqual } from './status-update.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonMap = { [k: string]: Json };

const MERGE_KEYS: Readonly<Record<string, string>> = { conditions: 'type', volumesAttached: 'name' };

const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Go marshals map keys in byte order, so the patch text does too. */
function sortedKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (!isMap(v)) return v;
  const out: JsonMap = {};
  for (const k of Object.keys(v).sort()) out[k] = sortedKeys(v[k]!);
  return out;
}

function diffMergeList(field: string, key: string, before: JsonMap[], after: JsonMap[], into: JsonMap): void {
  const oldByKey = new Map(before.map((e) => [e[key], e] as const));
  const newKeys = new Set(after.map((e) => e[key]));
  const items: Json[] = [];
  for (const e of after) {
    const old = oldByKey.get(e[key]);
    if (!old) {
      items.push(e);
      continue;
    }
    const d = diffMaps(old, e);
    if (Object.keys(d).length > 0) items.push({ ...d, [key]: e[key]! });
  }
  for (const e of before) if (!newKeys.has(e[key])) items.push({ $patch: 'delete', [key]: e[key]! });
  const reordered = !jsonEqual(
    before.filter((e) => newKeys.has(e[key])).map((e) => e[key]),
    after.filter((e) => oldByKey.has(e[key])).map((e) => e[key]),
  );
  if (items.length === 0 && !reordered) return;
  into[`$setElementOrder/${field}`] = after.map((e) => ({ [key]: e[key]! }));
  if (items.length > 0) into[field] = items;
}

function diffMaps(before: JsonMap, after: JsonMap): JsonMap {
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(after)) {
    if (v === undefined) continue;
    const old = before[k];
    if (old === undefined) {
      out[k] = v;
    } else if (isMap(old) && isMap(v)) {
      const d = diffMaps(old, v);
      if (Object.keys(d).length > 0) out[k] = d;
    } else if (Array.isArray(old) && Array.isArray(v) && MERGE_KEYS[k] && [...old, ...v].every(isMap)) {
      diffMergeList(k, MERGE_KEYS[k]!, old as JsonMap[], v as JsonMap[], out);
    } else if (!jsonEqual(old, v)) {
      out[k] = v;
    }
  }
  for (const k of Object.keys(before)) if (before[k] !== undefined && after[k] === undefined) out[k] = null;
  return out;
}

const plain = (v: unknown): JsonMap => JSON.parse(JSON.stringify(v ?? {})) as JsonMap;

/**
 * The patch text (JSON) that turns `original`'s status into `status`; `{}` when nothing changed.
 * Metadata changes are not the kubelet's business here and are not diffed.
 */
export function nodeStatusPatch(original: Node, status: NodeStatus): string {
  const before = plain(original.status);
  const after = plain(status);
  const oldAddresses = before.addresses;
  const replaceAddresses = Array.isArray(oldAddresses) && oldAddresses.length > 0 && !jsonEqual(oldAddresses, after.addresses);
  if (replaceAddresses) after.addresses = oldAddresses;
  const diff = diffMaps(before, after);
  if (replaceAddresses) diff.addresses = [...((status.addresses ?? []) as unknown as Json[]), { $patch: 'replace' }];
  return JSON.stringify(Object.keys(diff).length ? sortedKeys({ status: diff }) : {});
}
