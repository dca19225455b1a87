// The store against the naive model of model.ts, on random sequences of put, delete, range, txn
// and compact: every response, every error, every revision, and the whole history afterwards.

import test from 'ava';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { EtcdError, MvccStore } from '../../../actors/etcd/mvcc/index.ts';
import type { RequestOp } from '../../../protocols/etcd/kv.ts';
import { Model, step, type ModelOp, type ModelTxnOp } from './model.ts';

const KEYS = ['a', 'a/1', 'a/2', 'b', 'c', '\xff'];
const key = fc.constantFrom(...KEYS);
const end = fc.constantFrom('', '', '\0', 'a0', 'b', 'c', 'z', '\xff\xff');
const value = fc.constantFrom('', 'x', 'y', 'z');
// Revisions are drawn relative to the store's revision when the op runs (see `resolve`), so that
// past, current, compacted and future ones all come up.
const rev = fc.integer({ min: -2, max: 12 });

const put = fc.record({ type: fc.constant('put' as const), key, value });
const del = fc.record({ type: fc.constant('delete' as const), key, rangeEnd: end });
const range = fc.record({
  type: fc.constant('range' as const),
  key,
  rangeEnd: end,
  revision: fc.oneof(fc.constant(0), rev),
  limit: fc.constantFrom(0, 0, 1, 2),
});
const txnOp: fc.Arbitrary<ModelTxnOp> = fc.oneof(put, del, range);
const result = fc.constantFrom('EQUAL' as const, 'NOT_EQUAL' as const, 'LESS' as const, 'GREATER' as const);
const compare = fc.oneof(
  fc.record({ target: fc.constantFrom('VERSION' as const, 'CREATE' as const, 'MOD' as const), result, key, operand: fc.integer({ min: 0, max: 12 }) }),
  fc.record({ target: fc.constant('VALUE' as const), result, key, operand: value }),
);
const txn = fc.record({
  type: fc.constant('txn' as const),
  compare,
  success: fc.array(txnOp, { maxLength: 4 }),
  failure: fc.array(txnOp, { maxLength: 3 }),
});
const compact = fc.record({ type: fc.constant('compact' as const), revision: rev });
const op: fc.Arbitrary<ModelOp> = fc.oneof(
  { weight: 4, arbitrary: put },
  { weight: 2, arbitrary: del },
  { weight: 2, arbitrary: range },
  { weight: 3, arbitrary: txn },
  { weight: 1, arbitrary: compact },
);

/** 0: current; k > 0: the k-th latest revision; -1: the next (future) one; -2: revision -1. */
function absolute(rel: number, current: number): number {
  if (rel === 0) return 0;
  if (rel === -1) return current + 1;
  if (rel === -2) return -1;
  return current - rel + 1;
}

function resolve(o: ModelOp, current: number): ModelOp {
  const txnOp = (x: ModelTxnOp): ModelTxnOp => (x.type === 'range' ? { ...x, revision: absolute(x.revision, current) } : x);
  switch (o.type) {
    case 'range':
    case 'compact':
      return { ...o, revision: absolute(o.revision, current) };
    case 'txn':
      return { ...o, success: o.success.map(txnOp), failure: o.failure.map(txnOp) };
    default:
      return o;
  }
}

function toRequestOp(o: ModelTxnOp): RequestOp {
  switch (o.type) {
    case 'put':
      return { type: 'put', key: o.key, value: o.value };
    case 'delete':
      return { type: 'deleteRange', key: o.key, rangeEnd: o.rangeEnd };
    case 'range':
      return { type: 'range', key: o.key, rangeEnd: o.rangeEnd, revision: o.revision, limit: o.limit };
  }
}

function onStore(s: MvccStore, o: ModelOp): { error: string } | { ok: unknown } {
  try {
    switch (o.type) {
      case 'put':
        return { ok: s.put(o.key, o.value) };
      case 'delete':
        return { ok: s.deleteRange(o.key, o.rangeEnd) };
      case 'range':
        return { ok: s.range(o.key, o.rangeEnd, { revision: o.revision, limit: o.limit }) };
      case 'compact':
        return { ok: s.compact(o.revision) };
      case 'txn': {
        const c = o.compare;
        const operand = {
          VERSION: { version: c.operand },
          CREATE: { createRevision: c.operand },
          MOD: { modRevision: c.operand },
          VALUE: { value: c.operand },
        }[c.target];
        return {
          ok: s.txn({
            compare: [{ target: c.target, result: c.result, key: c.key, ...operand } as never],
            success: o.success.map(toRequestOp),
            failure: o.failure.map(toRequestOp),
          }),
        };
      }
    }
  } catch (e) {
    if (e instanceof EtcdError) return { error: e.message };
    throw e;
  }
}

test('every response, error and revision matches the model', (t) => {
  // Every rule the unit tests pin down, checked at once on random sequences.
  const seen = new Set<string>();
  fc.assert(
    fc.property(fc.array(op, { minLength: 1, maxLength: 60, size: 'max' }), (ops) => {
      const s = new MvccStore();
      const m = new Model();
      for (const drawn of ops) {
        const o = resolve(drawn, m.rev);
        const before = s.revision;
        const got = onStore(s, o);
        const want = step(m, o);
        seen.add('error' in want ? want.error : o.type === 'txn' ? `txn ${(want.ok as { succeeded: boolean }).succeeded}` : o.type);
        if (!isDeepStrictEqual(got, want)) {
          t.deepEqual(got, want, `op ${JSON.stringify(o)}`);
          return false;
        }
        // One revision per write that changed something, none otherwise.
        if (s.revision !== m.rev || (s.revision !== before && s.revision !== before + 1)) return false;
      }
      // The whole retained history reads as the model's, revision by revision.
      for (let r = Math.max(1, m.compactRev); r <= m.rev; r++) {
        const got = s.range('\0', '\0', { revision: r }).kvs;
        const want = m.rangeAt('\0', '\0', r);
        if (!isDeepStrictEqual(got, want)) {
          t.deepEqual(got, want, `history at ${r}`);
          return false;
        }
      }
      return true;
    }),
    { numRuns: 300 },
  );
  // The runs must have reached every outcome, or the agreement says little.
  t.deepEqual([...seen].sort(), [
    'compact',
    'delete',
    'etcdserver: duplicate key given in txn request',
    'etcdserver: mvcc: required revision has been compacted',
    'etcdserver: mvcc: required revision is a future revision',
    'put',
    'range',
    'txn false',
    'txn true',
  ]);
});

test('a replica fed the same operations has the same hash; a snapshot restores the same state', (t) => {
  // Determinism: the hash depends on the operations applied and nothing else.
  fc.assert(
    fc.property(fc.array(op, { minLength: 1, maxLength: 40, size: 'max' }), (ops) => {
      const a = new MvccStore();
      const b = new MvccStore();
      for (const drawn of ops) {
        const o = resolve(drawn, a.revision);
        onStore(a, o);
        onStore(b, o);
      }
      const c = MvccStore.fromSnapshot(structuredClone(a.snapshot()));
      const sameReads = isDeepStrictEqual(c.range('\0', '\0'), a.range('\0', '\0'));
      return a.hash() === b.hash() && c.hash() === a.hash() && sameReads;
    }),
    { numRuns: 100 },
  );
  t.pass();
});
