// The RangeAllocation records through which every apiserver replica shares what Services hold.
// Kubernetes 1.32 runs the legacy allocators by default (MultiCIDRServiceAllocator is beta but off
// until 1.33): each range is one RangeAllocation object in etcd, at `/registry/ranges/serviceips`
// (the primary family), `/registry/ranges/secondaryserviceips` (the second family of a dual-stack
// cluster) and `/registry/ranges/servicenodeports`, with the range it covers (`range`, as
// "10.96.0.0/12" or "30000-32767") and what is taken (`data`). A replica changes one only by a
// compare-and-swap on its mod revision, so two replicas never hand out one value.
//
// `data` differs from Kubernetes' in encoding only: Kubernetes stores the raw bitmap (big-endian,
// bit i for slot i), which for a /12 whose slots are picked at random is ~128 KiB per write, and
// every write here is copied into the trace several times (client, Raft log, each replica's watch).
// Here `data` is the taken slots, sorted, as base64 of LEB128 gaps: a few bytes per Service.

import type { Bytes } from '../../../protocols/etcd/kv.ts';

export const RANGE_KEYS = {
  primary: '/registry/ranges/serviceips',
  secondary: '/registry/ranges/secondaryserviceips',
  nodePorts: '/registry/ranges/servicenodeports',
} as const;

/** The etcd range holding every RangeAllocation. */
export const RANGES_PREFIX = '/registry/ranges/';
export const RANGES_END = '/registry/ranges0';

export interface RangeAllocation {
  readonly apiVersion: 'v1';
  readonly kind: 'RangeAllocation';
  readonly metadata: { readonly creationTimestamp: null };
  readonly range: string;
  readonly data: string;
}

/** One range as etcd holds it: its taken slots and the revisions a compare-and-swap checks. */
export interface RangeSnapshot {
  readonly key: string;
  /** 0 when the key does not exist yet (the first write creates it). */
  readonly modRevision: number;
  /** The range the stored record covers; '' when absent. */
  readonly range: string;
  readonly slots: readonly number[];
}

export function encodeSlots(slots: readonly number[]): string {
  const sorted = [...new Set(slots)].sort((a, b) => a - b);
  const out: number[] = [];
  let prev = -1;
  for (const s of sorted) {
    let gap = s - prev;
    prev = s;
    while (gap >= 0x80) {
      out.push((gap & 0x7f) | 0x80);
      gap = Math.floor(gap / 0x80);
    }
    out.push(gap);
  }
  return Buffer.from(out).toString('base64');
}

/** The slots `data` lists; undefined when it is not a valid encoding. */
export function decodeSlots(data: string): number[] | undefined {
  const bytes = Buffer.from(data, 'base64');
  const slots: number[] = [];
  let prev = -1;
  let gap = 0;
  let scale = 1;
  for (const b of bytes) {
    gap += (b & 0x7f) * scale;
    if (b & 0x80) {
      scale *= 0x80;
      continue;
    }
    if (gap === 0) return undefined;
    prev += gap;
    slots.push(prev);
    gap = 0;
    scale = 1;
  }
  return scale === 1 ? slots : undefined;
}

export function encodeRange(range: string, slots: readonly number[]): Bytes {
  const record: RangeAllocation = { apiVersion: 'v1', kind: 'RangeAllocation', metadata: { creationTimestamp: null }, range, data: encodeSlots(slots) };
  return JSON.stringify(record);
}

/** A stored record's range and slots; an unreadable one reads as empty, which repair rewrites. */
export function decodeRange(key: string, kv: { readonly value: Bytes; readonly modRevision: number } | undefined): RangeSnapshot {
  if (kv === undefined) return { key, modRevision: 0, range: '', slots: [] };
  try {
    const record = JSON.parse(kv.value) as Partial<RangeAllocation>;
    const slots = typeof record.data === 'string' ? decodeSlots(record.data) : [];
    return { key, modRevision: kv.modRevision, range: typeof record.range === 'string' ? record.range : '', slots: slots ?? [] };
  } catch {
    return { key, modRevision: kv.modRevision, range: '', slots: [] };
  }
}
