// A txn's guard, as etcd 3.4 evaluates it (apply.go, applyCompare): every key of the compared
// range must satisfy the comparison; an empty range is compared as one key-value of zeroes, except
// that a VALUE comparison on it always fails (gRPC cannot tell a missing value from an empty one).

import type { Bytes } from '../../../protocols/etcd/kv.ts';
import type { RangeEnd } from './keyspace.ts';
import { toRangeEnd } from './keyspace.ts';
import type { Compare, KeyValue } from '../../../protocols/etcd/kv.ts';

export type ReadView = (key: Bytes, end: RangeEnd) => readonly KeyValue[];

const ZERO: KeyValue = { key: '', createRevision: 0, modRevision: 0, version: 0, value: '', lease: 0 };

export function compareAll(view: ReadView, compares: readonly Compare[]): boolean {
  return compares.every((c) => compareOne(view, c));
}

function compareOne(view: ReadView, c: Compare): boolean {
  const kvs = view(c.key, toRangeEnd(c.rangeEnd));
  if (kvs.length === 0) return c.target === 'VALUE' ? false : holds(c, ZERO);
  return kvs.every((kv) => holds(c, kv));
}

function holds(c: Compare, kv: KeyValue): boolean {
  const r = order(c, kv);
  switch (c.result) {
    case 'EQUAL':
      return r === 0;
    case 'NOT_EQUAL':
      return r !== 0;
    case 'GREATER':
      return r > 0;
    case 'LESS':
      return r < 0;
  }
}

/** How the key-value's field compares with the operand: -1, 0 or 1. */
function order(c: Compare, kv: KeyValue): number {
  switch (c.target) {
    case 'VALUE': {
      const v = c.value ?? '';
      return kv.value < v ? -1 : kv.value > v ? 1 : 0;
    }
    case 'VERSION':
      return Math.sign(kv.version - (c.version ?? 0));
    case 'CREATE':
      return Math.sign(kv.createRevision - (c.createRevision ?? 0));
    case 'MOD':
      return Math.sign(kv.modRevision - (c.modRevision ?? 0));
    case 'LEASE':
      return Math.sign(kv.lease - (c.lease ?? 0));
  }
}
