// The checks etcd 3.4's gRPC layer makes before a request reaches Raft (v3rpc/key.go): a key must
// be given; ignore_value and ignore_lease must come without a value or lease; a txn holds at most
// maxTxnOps operations per list; and no key may be written twice by one txn (checkIntervals).
// A failing check writes nothing.

import type { Bytes } from '../../../protocols/etcd/kv.ts';
import { assertBytes } from './bytes.ts';
import { duplicateKey, emptyKey, leaseProvided, tooManyOps, valueProvided } from './errors.ts';
import type { DeleteRangeRequest, PutRequest, RangeRequest, RequestOp, TxnRequest } from '../../../protocols/etcd/kv.ts';

export function checkRange(r: RangeRequest): void {
  checkKey(r.key, r.rangeEnd);
}

export function checkDelete(r: DeleteRangeRequest): void {
  checkKey(r.key, r.rangeEnd);
}

export function checkPut(r: PutRequest): void {
  checkKey(r.key, undefined);
  if (r.value !== undefined) assertBytes(r.value, 'value');
  if (r.lease !== undefined && !Number.isSafeInteger(r.lease)) throw new TypeError('lease: must be a safe integer');
  if (r.ignoreValue && (r.value ?? '') !== '') throw valueProvided();
  if (r.ignoreLease && (r.lease ?? 0) !== 0) throw leaseProvided();
}

export function checkTxn(r: TxnRequest, maxTxnOps: number): void {
  checkTxnShape(r, maxTxnOps);
  checkIntervals(r.success ?? []);
  checkIntervals(r.failure ?? []);
}

function checkKey(key: Bytes, rangeEnd: Bytes | undefined): void {
  assertBytes(key, 'key');
  if (rangeEnd !== undefined) assertBytes(rangeEnd, 'rangeEnd');
  if (key === '') throw emptyKey();
}

function checkTxnShape(r: TxnRequest, maxTxnOps: number): void {
  const compare = r.compare ?? [];
  const success = r.success ?? [];
  const failure = r.failure ?? [];
  const opc = Math.max(compare.length, success.length, failure.length);
  if (opc > maxTxnOps) throw tooManyOps();
  for (const c of compare) {
    checkKey(c.key, c.rangeEnd);
    if (c.value !== undefined) assertBytes(c.value, 'compare.value');
  }
  // A nested txn spends what its parent left of the budget.
  for (const op of [...success, ...failure]) checkOp(op, maxTxnOps - opc);
}

function checkOp(op: RequestOp, maxTxnOps: number): void {
  switch (op.type) {
    case 'range':
      return checkRange(op);
    case 'put':
      return checkPut(op);
    case 'deleteRange':
      return checkDelete(op);
    case 'txn':
      return checkTxnShape(op, maxTxnOps);
  }
}

/** A delete's span as checkIntervals sees it: the raw range end, not read through mkGteRange. */
interface Span {
  readonly key: Bytes;
  readonly rangeEnd: Bytes;
}

/**
 * A put may not share a key with another put nor fall inside a delete of the same txn, nested txns
 * included — except that a nested txn's then and else branches may put the same key, being
 * exclusive. The range end is taken as given: "\0" spans nothing here (a quirk of etcd's interval
 * check), so a delete "from key on" never conflicts.
 */
function checkIntervals(ops: readonly RequestOp[]): { puts: Set<Bytes>; dels: Span[] } {
  const dels: Span[] = [];
  for (const op of ops) if (op.type === 'deleteRange') dels.push({ key: op.key, rangeEnd: op.rangeEnd ?? '' });
  const puts = new Set<Bytes>();
  for (const op of ops) {
    if (op.type !== 'txn') continue;
    const then = checkIntervals(op.success ?? []);
    const otherwise = checkIntervals(op.failure ?? []);
    for (const k of then.puts) {
      if (puts.has(k) || hits(dels, k)) throw duplicateKey();
      puts.add(k);
    }
    for (const k of otherwise.puts) {
      if (puts.has(k) && !then.puts.has(k)) throw duplicateKey();
      if (hits(dels, k)) throw duplicateKey();
      puts.add(k);
    }
    dels.push(...then.dels, ...otherwise.dels);
  }
  for (const op of ops) {
    if (op.type !== 'put') continue;
    if (puts.has(op.key) || hits(dels, op.key)) throw duplicateKey();
    puts.add(op.key);
  }
  return { puts, dels };
}

function hits(dels: readonly Span[], k: Bytes): boolean {
  return dels.some((d) => (d.rangeEnd === '' ? d.key === k : d.key <= k && k < d.rangeEnd));
}
