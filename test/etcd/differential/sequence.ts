// Random single-client sequences for the differential test, deterministic from a seed, and the
// two ways of running one operation: on the simulated MVCC store, and on a real etcd through its
// v3 JSON gateway. Both answers are brought to one canonical shape (the store's camelCase fields,
// every default filled in, bytes as byte strings, revisions relative to the sequence's start) so
// that a plain deep-equal is the comparison.
//
// Many sequences share one etcd. Each gets a key prefix, and its revisions are translated: the
// sequence starts with a marker put outside every prefix, whose revision R0 plays the simulated
// store's initial revision 1, so real = sim + (R0 − 1). Earlier sequences' compactions are all
// below R0, so the sequence's own compactions and reads decide every "compacted" error.

import { fromBase64, prefixEnd, toBase64 } from '../../../actors/etcd/mvcc/index.ts';
import type { Bytes, Compare, CompareResult, CompareTarget, KeyValue, RequestOp, SortOrder, SortTarget, StoreCommand, StoreResult } from '../../../protocols/etcd/kv.ts';

// ---- a seeded generator ------------------------------------------------------------------

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  /** mulberry32 */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
}

/** Few keys, so that operations collide; shared prefixes, and bytes 0x00 and 0xff. */
const KEYS: readonly Bytes[] = ['a', 'ab', 'abc', 'a\xff', 'b', 'b\x00', 'ba', 'c', 'd'];
const VALUES: readonly Bytes[] = ['', 'x', 'y', 'xyz', '\x00\xff\x80', 'long value '.repeat(4)];
const TARGETS: readonly CompareTarget[] = ['VERSION', 'CREATE', 'MOD', 'VALUE'];
const RESULTS: readonly CompareResult[] = ['EQUAL', 'GREATER', 'LESS', 'NOT_EQUAL'];
const ORDERS: readonly SortOrder[] = ['NONE', 'ASCEND', 'DESCEND'];
const SORT_TARGETS: readonly SortTarget[] = ['KEY', 'VERSION', 'CREATE', 'MOD', 'VALUE'];

/** What the generator knows of the store, to aim revisions at interesting places. */
export interface GenState {
  /** The simulated store's current revision. */
  revision: number;
  /** Its last compaction, or 0. */
  compacted: number;
}

/** A key, a prefix, an interval (possibly empty or inverted), or the sequence's whole keyspace. */
export function genSpan(rng: Rng): { key: Bytes; rangeEnd?: Bytes } {
  const key = rng.pick(KEYS);
  const r = rng.next();
  if (r < 0.45) return { key };
  if (r < 0.75) return { key, rangeEnd: prefixEnd(key) };
  if (r < 0.92) return { key, rangeEnd: rng.pick(KEYS) };
  // Everything in the sequence: from the lowest key to just past the highest.
  return { key: '\x01', rangeEnd: '\xff' };
}

/** A revision around the interesting ones: compacted, current, future. */
function genRev(rng: Rng, st: GenState): number {
  const r = rng.next();
  if (r < 0.15 && st.compacted > 0) return rng.int(1, st.compacted);
  if (r < 0.3) return st.revision + rng.int(0, 2);
  return rng.int(1, st.revision + 1);
}

function genRange(rng: Rng, st: GenState): { type: 'range' } & Omit<Extract<StoreCommand, { type: 'range' }>, 'type'> {
  const span = genSpan(rng);
  const cmd: { -readonly [K in keyof Extract<StoreCommand, { type: 'range' }>]: Extract<StoreCommand, { type: 'range' }>[K] } = {
    type: 'range',
    ...span,
  };
  if (rng.chance(0.3)) cmd.limit = rng.int(1, 3);
  if (rng.chance(0.4)) cmd.revision = genRev(rng, st);
  if (rng.chance(0.15)) cmd.countOnly = true;
  else if (rng.chance(0.1)) cmd.keysOnly = true;
  if (rng.chance(0.2)) {
    cmd.sortOrder = rng.pick(ORDERS);
    cmd.sortTarget = rng.pick(SORT_TARGETS);
  }
  if (rng.chance(0.1)) cmd.minModRevision = rng.int(1, st.revision);
  if (rng.chance(0.1)) cmd.maxCreateRevision = rng.int(1, st.revision);
  return cmd;
}

function genPut(rng: Rng): Extract<StoreCommand, { type: 'put' }> {
  const key = rng.pick(KEYS);
  if (rng.chance(0.05)) return { type: 'put', key, value: '', ignoreValue: true, prevKv: rng.chance(0.5) };
  return { type: 'put', key, value: rng.pick(VALUES), ...(rng.chance(0.4) ? { prevKv: true } : {}) };
}

function genDelete(rng: Rng): Extract<StoreCommand, { type: 'deleteRange' }> {
  return { type: 'deleteRange', ...genSpan(rng), ...(rng.chance(0.4) ? { prevKv: true } : {}) };
}

function genCompare(rng: Rng, st: GenState): Compare {
  const target = rng.pick(TARGETS);
  const result = rng.pick(RESULTS);
  const span = rng.chance(0.85) ? { key: rng.pick(KEYS) } : genSpan(rng);
  switch (target) {
    case 'VERSION':
      return { target, result, ...span, version: rng.int(0, 3) };
    case 'CREATE':
      return { target, result, ...span, createRevision: rng.chance(0.2) ? 0 : rng.int(1, st.revision + 1) };
    case 'MOD':
      return { target, result, ...span, modRevision: rng.chance(0.2) ? 0 : rng.int(1, st.revision + 1) };
    default:
      return { target, result, ...span, value: rng.pick(VALUES) };
  }
}

function genRequestOp(rng: Rng, st: GenState, depth: number): RequestOp {
  const r = rng.next();
  if (r < 0.4) return genPut(rng);
  if (r < 0.6) return genDelete(rng);
  if (r < 0.9 || depth > 0) return genRange(rng, st);
  return genTxn(rng, st, depth + 1);
}

function genTxn(rng: Rng, st: GenState, depth: number): Extract<StoreCommand, { type: 'txn' }> {
  const compare = Array.from({ length: rng.int(0, 2) }, () => genCompare(rng, st));
  const success = Array.from({ length: rng.int(0, 3) }, () => genRequestOp(rng, st, depth));
  const failure = Array.from({ length: rng.int(0, 2) }, () => genRequestOp(rng, st, depth));
  return { type: 'txn', compare, success, failure };
}

export function genCommand(rng: Rng, st: GenState): StoreCommand {
  const r = rng.next();
  if (r < 0.3) return genPut(rng);
  if (r < 0.42) return genDelete(rng);
  if (r < 0.67) return genRange(rng, st);
  if (r < 0.93) return genTxn(rng, st, 0);
  return { type: 'compact', revision: rng.chance(0.2) ? rng.int(1, Math.max(1, st.compacted)) : genRev(rng, st) };
}

// ---- the canonical shape -------------------------------------------------------------------

export type Canon = null | boolean | number | string | Canon[] | { [k: string]: Canon };

export function canonKv(kv: KeyValue): Canon {
  return {
    key: kv.key,
    createRevision: kv.createRevision,
    modRevision: kv.modRevision,
    version: kv.version,
    value: kv.value,
    lease: kv.lease,
  };
}

/** The simulated side's result, canonical. */
export function canonSim(cmd: StoreCommand, res: StoreResult): Canon {
  if (!res.ok) return { error: res.error.message, code: res.error.grpcCode };
  return canonSimResponse(cmd.type, res.response as unknown as Record<string, unknown>);
}

function canonSimResponse(type: string, r: Record<string, unknown>): Canon {
  const revision = (r.header as { revision: number }).revision;
  switch (type) {
    case 'put':
      return { type, revision, prevKv: r.prevKv ? canonKv(r.prevKv as KeyValue) : null };
    case 'range':
      return {
        type,
        revision,
        kvs: (r.kvs as KeyValue[]).map(canonKv),
        more: r.more as boolean,
        count: r.count as number,
      };
    case 'deleteRange':
      return { type, revision, deleted: r.deleted as number, prevKvs: (r.prevKvs as KeyValue[]).map(canonKv) };
    case 'txn':
      return {
        type,
        revision,
        succeeded: r.succeeded as boolean,
        responses: (r.responses as Record<string, unknown>[]).map((op) => canonSimResponse(op.type as string, op)),
      };
    case 'compact':
      return { type, revision };
    default:
      throw new Error(`unexpected response type ${type}`);
  }
}

// ---- the real etcd ------------------------------------------------------------------------

/** How one sequence's names and revisions map onto the shared etcd. */
export interface Frame {
  readonly prefix: Bytes;
  /** real revision = simulated revision + offset (for every revision ≥ 1; 0 stays 0). */
  readonly offset: number;
}

export const b64 = (frame: Frame, key: Bytes): string => toBase64(frame.prefix + key);
export const rev = (frame: Frame, r: number | undefined): string | undefined =>
  r === undefined ? undefined : String(r >= 1 ? r + frame.offset : r);

function rangeBody(f: Frame, c: Extract<RequestOp, { type: 'range' }>): object {
  return {
    key: b64(f, c.key),
    range_end: c.rangeEnd === undefined ? undefined : b64(f, c.rangeEnd),
    limit: c.limit === undefined ? undefined : String(c.limit),
    revision: rev(f, c.revision),
    sort_order: c.sortOrder,
    sort_target: c.sortTarget,
    keys_only: c.keysOnly,
    count_only: c.countOnly,
    min_mod_revision: rev(f, c.minModRevision),
    max_mod_revision: rev(f, c.maxModRevision),
    min_create_revision: rev(f, c.minCreateRevision),
    max_create_revision: rev(f, c.maxCreateRevision),
  };
}

function putBody(f: Frame, c: Extract<RequestOp, { type: 'put' }>): object {
  return {
    key: b64(f, c.key),
    value: toBase64(c.value ?? ''),
    prev_kv: c.prevKv,
    ignore_value: c.ignoreValue,
    ignore_lease: c.ignoreLease,
  };
}

function deleteBody(f: Frame, c: Extract<RequestOp, { type: 'deleteRange' }>): object {
  return {
    key: b64(f, c.key),
    range_end: c.rangeEnd === undefined ? undefined : b64(f, c.rangeEnd),
    prev_kv: c.prevKv,
  };
}

function compareBody(f: Frame, c: Compare): object {
  return {
    key: b64(f, c.key),
    range_end: c.rangeEnd === undefined ? undefined : b64(f, c.rangeEnd),
    target: c.target,
    result: c.result,
    version: c.version === undefined ? undefined : String(c.version),
    create_revision: rev(f, c.createRevision),
    mod_revision: rev(f, c.modRevision),
    value: c.value === undefined ? undefined : toBase64(c.value),
  };
}

function txnBody(f: Frame, c: Extract<RequestOp, { type: 'txn' }>): object {
  const op = (o: RequestOp): object => {
    switch (o.type) {
      case 'range':
        return { request_range: rangeBody(f, o) };
      case 'put':
        return { request_put: putBody(f, o) };
      case 'deleteRange':
        return { request_delete_range: deleteBody(f, o) };
      case 'txn':
        return { request_txn: txnBody(f, o) };
    }
  };
  return {
    compare: (c.compare ?? []).map((x) => compareBody(f, x)),
    success: (c.success ?? []).map(op),
    failure: (c.failure ?? []).map(op),
  };
}

/** The gateway path and JSON body for a command. */
export function realRequest(f: Frame, c: StoreCommand): { path: string; body: object } {
  switch (c.type) {
    case 'range':
      return { path: '/v3/kv/range', body: rangeBody(f, c) };
    case 'put':
      return { path: '/v3/kv/put', body: putBody(f, c) };
    case 'deleteRange':
      return { path: '/v3/kv/deleterange', body: deleteBody(f, c) };
    case 'txn':
      return { path: '/v3/kv/txn', body: txnBody(f, c) };
    case 'compact':
      // physical: etcd 3.4.23 answers only once the compaction has run (see etcd-io/etcd#18089).
      return { path: '/v3/kv/compaction', body: { revision: rev(f, c.revision), physical: true } };
    default:
      throw new Error(`not generated: ${c.type}`);
  }
}

export type Json = Record<string, unknown>;

export const num = (v: unknown): number => (v === undefined ? 0 : Number(v as string));

/** A real revision, back in the sequence's terms. */
export const back = (f: Frame, v: unknown): number => {
  const r = num(v);
  return r === 0 ? 0 : r - f.offset;
};

export function realKv(f: Frame, kv: Json): Canon {
  const key = fromBase64((kv.key as string | undefined) ?? '');
  if (!key.startsWith(f.prefix)) throw new Error(`etcd returned a key outside the sequence: ${JSON.stringify(key)}`);
  return {
    key: key.slice(f.prefix.length),
    createRevision: back(f, kv.create_revision),
    modRevision: back(f, kv.mod_revision),
    version: num(kv.version),
    value: fromBase64((kv.value as string | undefined) ?? ''),
    lease: num(kv.lease),
  };
}

const arr = (v: unknown): Json[] => (v as Json[] | undefined) ?? [];

export function canonReal(f: Frame, type: string, r: Json): Canon {
  if (typeof r.error === 'string' || r.code !== undefined) return { error: (r.message ?? r.error) as string, code: num(r.code) };
  const revision = back(f, (r.header as Json | undefined)?.revision);
  switch (type) {
    case 'put':
      return { type, revision, prevKv: r.prev_kv ? realKv(f, r.prev_kv as Json) : null };
    case 'range':
      return {
        type,
        revision,
        kvs: arr(r.kvs).map((kv) => realKv(f, kv)),
        more: r.more === true,
        count: num(r.count),
      };
    case 'deleteRange':
      return { type, revision, deleted: num(r.deleted), prevKvs: arr(r.prev_kvs).map((kv) => realKv(f, kv)) };
    case 'txn':
      return {
        type,
        revision,
        succeeded: r.succeeded === true,
        responses: arr(r.responses).map((op) => {
          if (op.response_range) return canonReal(f, 'range', op.response_range as Json);
          if (op.response_put) return canonReal(f, 'put', op.response_put as Json);
          if (op.response_delete_range) return canonReal(f, 'deleteRange', op.response_delete_range as Json);
          if (op.response_txn) return canonReal(f, 'txn', op.response_txn as Json);
          throw new Error(`unknown response op ${JSON.stringify(op)}`);
        }),
      };
    case 'compact':
      return { type, revision };
    default:
      throw new Error(`unexpected response type ${type}`);
  }
}

export async function runReal(url: string, f: Frame, c: StoreCommand): Promise<Canon> {
  const { path, body } = realRequest(f, c);
  const res = await fetch(url + path, { method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch {
    throw new Error(`etcd answered ${res.status} with non-JSON: ${text.slice(0, 500)}`);
  }
  return canonReal(f, c.type, json);
}

/** A command, readable: byte strings JSON-escaped. */
export function show(c: unknown): string {
  return JSON.stringify(c);
}
