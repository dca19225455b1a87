// A Txn request as etcd 3.4 applies it (etcdserver/apply.go Txn): every guard, nested ones
// included, is judged on the store as it was before the txn; the puts of the chosen branches are
// checked, then their ranges, and only then does anything get written.
//
// Plain functions over one `Applying` rather than closures: a txn is applied on every member for
// every write the apiserver makes, and building the closures cost more than the rest.

import { compareAll, type ReadView } from './compare.ts';
import { compacted, futureRev, keyNotFound, leaseNotFound } from './errors.ts';
import type { Keyspace } from './keyspace.ts';
import type { Lessor } from './leases.ts';
import type { RequestOp, ResponseOp, TxnRequest, TxnResponse } from '../../../protocols/etcd/kv.ts';
import type { WriteTxn } from './write-txn.ts';

interface Applying {
  readonly tx: WriteTxn;
  /** The store at beginRev is history by now, which the txn's own writes cannot change. */
  readonly view: ReadView;
  /** Each (nested) txn's guard, judged once: few txns nest, so a list is quicker than a map. */
  readonly decided: { readonly t: TxnRequest; readonly ok: boolean }[];
}

export function applyTxn(req: TxnRequest, tx: WriteTxn, keyspace: Keyspace, lessor: Lessor, compactRev: number): TxnResponse {
  const beginRev = tx.beginRev;
  const a: Applying = { tx, view: (key, end) => keyspace.range(key, end, beginRev), decided: [] };
  checkPuts(a, req, keyspace, lessor);
  checkRanges(a, req, compactRev);
  return run(a, req);
}

function decision(a: Applying, t: TxnRequest): boolean {
  for (const d of a.decided) if (d.t === t) return d.ok;
  const ok = compareAll(a.view, t.compare ?? []);
  a.decided.push({ t, ok });
  return ok;
}

function chosen(a: Applying, t: TxnRequest): readonly RequestOp[] {
  return (decision(a, t) ? t.success : t.failure) ?? [];
}

/** checkRequestPut: what a put needs must exist before the txn. */
function checkPuts(a: Applying, t: TxnRequest, keyspace: Keyspace, lessor: Lessor): void {
  for (const op of chosen(a, t)) {
    if (op.type === 'txn') checkPuts(a, op, keyspace, lessor);
    else if (op.type === 'put') {
      if ((op.ignoreValue || op.ignoreLease) && !keyspace.get(op.key, a.tx.beginRev)) throw keyNotFound();
      if ((op.lease ?? 0) !== 0 && !lessor.has(op.lease!)) throw leaseNotFound();
    }
  }
}

/** checkRequestRange: against the revisions before the txn, so not even its own new one. */
function checkRanges(a: Applying, t: TxnRequest, compactRev: number): void {
  for (const op of chosen(a, t)) {
    if (op.type === 'txn') checkRanges(a, op, compactRev);
    else if (op.type === 'range' && op.revision) {
      if (op.revision > a.tx.beginRev) throw futureRev();
      if (op.revision < compactRev) throw compacted();
    }
  }
}

function run(a: Applying, t: TxnRequest): TxnResponse {
  const ops = chosen(a, t);
  const responses: ResponseOp[] = [];
  for (const op of ops) responses.push(one(a, op));
  // Only the outermost header gets a revision (newTxnResp leaves nested ones empty).
  return { header: { revision: 0 }, succeeded: decision(a, t), responses };
}

function one(a: Applying, op: RequestOp): ResponseOp {
  switch (op.type) {
    case 'range':
      return { type: 'range', ...a.tx.range(op) };
    case 'put':
      return { type: 'put', ...a.tx.put(op, true) };
    case 'deleteRange':
      return { type: 'deleteRange', ...a.tx.deleteRange(op) };
    case 'txn':
      return { type: 'txn', ...run(a, op) };
  }
}
