// A Txn request as etcd 3.4 applies it (etcdserver/apply.go Txn): every guard, nested ones
// included, is judged on the store as it was before the txn; the puts of the chosen branches are
// checked, then their ranges, and only then does anything get written.

import { compareAll, type ReadView } from './compare.ts';
import { compacted, futureRev, keyNotFound, leaseNotFound } from './errors.ts';
import type { Keyspace } from './keyspace.ts';
import type { Lessor } from './leases.ts';
import type { RequestOp, ResponseOp, TxnRequest, TxnResponse } from '../../../protocols/etcd/kv.ts';
import type { WriteTxn } from './write-txn.ts';

export function applyTxn(req: TxnRequest, tx: WriteTxn, keyspace: Keyspace, lessor: Lessor, compactRev: number): TxnResponse {
  const beginRev = tx.beginRev;
  // The store at beginRev is history by now, which the txn's own writes cannot change.
  const view: ReadView = (key, end) => keyspace.range(key, end, beginRev);
  const decided = new Map<TxnRequest, boolean>();
  const chosen = (t: TxnRequest): readonly RequestOp[] => {
    let ok = decided.get(t);
    if (ok === undefined) decided.set(t, (ok = compareAll(view, t.compare ?? [])));
    return (ok ? t.success : t.failure) ?? [];
  };
  const visit = (t: TxnRequest, f: (op: RequestOp) => void): void => {
    for (const op of chosen(t)) {
      if (op.type === 'txn') visit(op, f);
      else f(op);
    }
  };
  // checkRequestPut: what a put needs must exist before the txn.
  visit(req, (op) => {
    if (op.type !== 'put') return;
    if ((op.ignoreValue || op.ignoreLease) && !keyspace.get(op.key, beginRev)) throw keyNotFound();
    if ((op.lease ?? 0) !== 0 && !lessor.has(op.lease!)) throw leaseNotFound();
  });
  // checkRequestRange: against the revisions before the txn, so not even its own new one.
  visit(req, (op) => {
    if (op.type !== 'range' || !op.revision) return;
    if (op.revision > beginRev) throw futureRev();
    if (op.revision < compactRev) throw compacted();
  });
  const run = (t: TxnRequest): TxnResponse => {
    const ops = chosen(t);
    // Only the outermost header gets a revision (newTxnResp leaves nested ones empty).
    return { header: { revision: 0 }, succeeded: decided.get(t)!, responses: ops.map((op) => one(op)) };
  };
  const one = (op: RequestOp): ResponseOp => {
    switch (op.type) {
      case 'range':
        return { type: 'range', ...tx.range(op) };
      case 'put':
        return { type: 'put', ...tx.put(op, true) };
      case 'deleteRange':
        return { type: 'deleteRange', ...tx.deleteRange(op) };
      case 'txn':
        return { type: 'txn', ...run(op) };
    }
  };
  return run(req);
}
