// What etcd 3.4's applier does to a range's key-values after reading them (apply.go, Range):
// the min/max revision filters, the sort, the limit with its `more` flag, keys-only.

import type { KeyValue, RangeRequest, SortTarget } from '../../../protocols/etcd/kv.ts';

/** How many key-values the read must fetch: all of them when filtering or sorting comes after. */
export function fetchLimit(r: RangeRequest): number {
  const order = r.sortOrder ?? 'NONE';
  const filtered = !!(r.minModRevision || r.maxModRevision || r.minCreateRevision || r.maxCreateRevision);
  const limit = r.limit ?? 0;
  if (order !== 'NONE' || filtered || limit <= 0) return 0;
  // One more than asked, so that `more` can be told.
  return limit + 1;
}

export function shapeKvs(r: RangeRequest, fetched: readonly KeyValue[]): { kvs: KeyValue[]; more: boolean } {
  let kvs = fetched.filter(
    (kv) =>
      !(r.maxModRevision && kv.modRevision > r.maxModRevision) &&
      !(r.minModRevision && kv.modRevision < r.minModRevision) &&
      !(r.maxCreateRevision && kv.createRevision > r.maxCreateRevision) &&
      !(r.minCreateRevision && kv.createRevision < r.minCreateRevision),
  );
  const target = r.sortTarget ?? 'KEY';
  let order = r.sortOrder ?? 'NONE';
  // The index already yields keys in ascending order; any other target sorts ascending by default.
  if (target !== 'KEY' && order === 'NONE') order = 'ASCEND';
  if (order !== 'NONE') {
    const cmp = comparator(target);
    // Stable, so ties keep key order, which is what Go's sort.Sort does for the ≤ 12 items its
    // insertion sort handles; beyond that etcd's order of ties is unspecified.
    kvs.sort(order === 'ASCEND' ? cmp : (a, b) => cmp(b, a));
  }
  let more = false;
  const limit = r.limit ?? 0;
  if (limit > 0 && kvs.length > limit) {
    kvs = kvs.slice(0, limit);
    more = true;
  }
  if (r.keysOnly) kvs = kvs.map((kv) => ({ ...kv, value: '' }));
  return { kvs, more };
}

function comparator(target: SortTarget): (a: KeyValue, b: KeyValue) => number {
  switch (target) {
    case 'KEY':
      return (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    case 'VALUE':
      return (a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
    case 'VERSION':
      return (a, b) => a.version - b.version;
    case 'CREATE':
      return (a, b) => a.createRevision - b.createRevision;
    case 'MOD':
      return (a, b) => a.modRevision - b.modRevision;
  }
}
