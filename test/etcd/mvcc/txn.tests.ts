// Txn: guards, branches, one revision per write txn, what reads inside a txn see, nested txns, and
// the request checks (etcdserver/apply.go Txn, applyCompare, checkRequests; v3rpc/key.go).

import test from 'ava';
import type { Compare, RequestOp, TxnRequest } from '../../../protocols/etcd/kv.ts';
import { kv, store, throwsEtcd } from './helpers.ts';

const put = (key: string, value: string, extra: object = {}): RequestOp => ({ type: 'put', key, value, ...extra });
const get = (key: string, extra: object = {}): RequestOp => ({ type: 'range', key, ...extra });
const del = (key: string, rangeEnd?: string, extra: object = {}): RequestOp => ({ type: 'deleteRange', key, rangeEnd, ...extra });
const cmp = (target: Compare['target'], result: Compare['result'], key: string, operand: Partial<Compare> = {}): Compare => ({ target, result, key, ...operand });

test('a txn with several writes bumps the revision once, and every write in it carries that revision', (t) => {
  // storeTxnWrite: every put/delete of a txn is at beginRev+1; End() bumps currentRev once.
  const s = store();
  s.put('c', '0'); // 2
  const r = s.txn({ success: [put('a', '1'), put('b', '2'), del('c')] });
  t.deepEqual(r, {
    header: { revision: 3 },
    succeeded: true,
    responses: [
      { type: 'put', header: { revision: 3 } },
      { type: 'put', header: { revision: 3 } },
      { type: 'deleteRange', header: { revision: 3 }, deleted: 1, prevKvs: [] },
    ],
  });
  t.is(s.revision, 3);
  t.deepEqual(s.range('a').kvs, [kv('a', '1', 3, 3, 1)]);
  t.deepEqual(s.range('b').kvs, [kv('b', '2', 3, 3, 1)]);
});

test('a txn that writes nothing does not bump the revision', (t) => {
  // apply.go Txn: rev++ only if len(txn.Changes()) != 0.
  const s = store();
  s.put('a', '1');
  t.deepEqual(s.txn({}), { header: { revision: 2 }, succeeded: true, responses: [] });
  t.deepEqual(s.txn({ success: [del('nothing')] }).header, { revision: 2 });
  t.deepEqual(s.txn({ success: [get('a')] }).header, { revision: 2 });
  t.is(s.revision, 2);
});

test('an empty guard succeeds; a false one runs the failure branch', (t) => {
  // apply.go applyCompares: all of no compares hold.
  const s = store();
  s.put('a', '1');
  t.true(s.txn({ success: [put('x', 'y')] }).succeeded);
  const r = s.txn({ compare: [cmp('VALUE', 'EQUAL', 'a', { value: '2' })], success: [put('s', '1')], failure: [put('f', '1')] });
  t.false(r.succeeded);
  t.is(s.range('s').count, 0);
  t.is(s.range('f').count, 1);
});

test('compare operators on each target', (t) => {
  // apply.go compareKV: bytes.Compare for VALUE, integer compare for the others; a missing operand is 0.
  const s = store();
  const { id } = s.grant({ ttl: 60 }, 0);
  s.put('a', 'm'); // 2
  s.put('a', 'm', { lease: id }); // 3: version 2
  const ok = (c: Compare) => s.txn({ compare: [c] }).succeeded;
  t.true(ok(cmp('VALUE', 'EQUAL', 'a', { value: 'm' })));
  t.true(ok(cmp('VALUE', 'GREATER', 'a', { value: 'l' })));
  t.true(ok(cmp('VALUE', 'LESS', 'a', { value: 'mm' })));
  t.true(ok(cmp('VALUE', 'NOT_EQUAL', 'a', { value: '' })));
  t.true(ok(cmp('VERSION', 'EQUAL', 'a', { version: 2 })));
  t.true(ok(cmp('VERSION', 'GREATER', 'a', { version: 1 })));
  t.false(ok(cmp('VERSION', 'LESS', 'a', { version: 2 })));
  t.true(ok(cmp('CREATE', 'EQUAL', 'a', { createRevision: 2 })));
  t.true(ok(cmp('MOD', 'EQUAL', 'a', { modRevision: 3 })));
  t.true(ok(cmp('MOD', 'GREATER', 'a', { modRevision: 2 })));
  t.true(ok(cmp('LEASE', 'EQUAL', 'a', { lease: id })));
  t.true(ok(cmp('LEASE', 'NOT_EQUAL', 'a', { lease: 0 })));
  t.true(ok(cmp('VERSION', 'NOT_EQUAL', 'a', {})), 'a missing operand reads as 0');
});

test('a missing key compares as version, create, mod revision and lease 0, but a value compare on it fails', (t) => {
  // apply.go applyCompare: no kvs → compareKV against an empty KeyValue, except Compare_VALUE → false.
  const s = store();
  const ok = (c: Compare) => s.txn({ compare: [c] }).succeeded;
  t.true(ok(cmp('VERSION', 'EQUAL', 'k', { version: 0 })));
  t.true(ok(cmp('CREATE', 'EQUAL', 'k', { createRevision: 0 })));
  t.true(ok(cmp('MOD', 'LESS', 'k', { modRevision: 1 })));
  t.true(ok(cmp('LEASE', 'EQUAL', 'k', { lease: 0 })));
  t.false(ok(cmp('VALUE', 'EQUAL', 'k', { value: '' })));
  t.false(ok(cmp('VALUE', 'NOT_EQUAL', 'k', { value: 'x' })));
});

test('a range compare holds only if every key of the range satisfies it; an empty range is one zero key', (t) => {
  // apply.go applyCompare: every kv of the range must satisfy the compare.
  const s = store();
  s.put('p/a', '1');
  s.put('p/b', '2');
  const ok = (c: Compare) => s.txn({ compare: [c] }).succeeded;
  t.true(ok(cmp('VALUE', 'GREATER', 'p/', { rangeEnd: 'p0', value: '0' })));
  t.false(ok(cmp('VALUE', 'GREATER', 'p/', { rangeEnd: 'p0', value: '1' })));
  t.true(ok(cmp('CREATE', 'GREATER', 'p/', { rangeEnd: 'p0', createRevision: 1 })));
  t.true(ok(cmp('VERSION', 'EQUAL', 'q/', { rangeEnd: 'q0', version: 0 })), 'empty range: the zero key-value');
  t.false(ok(cmp('VALUE', 'EQUAL', 'q/', { rangeEnd: 'q0', value: '' })));
  t.true(ok(cmp('MOD', 'LESS', '\0', { rangeEnd: '\0', modRevision: 4 })), 'range end "\\0" covers all keys');
});

test('all guards must hold', (t) => {
  // apply.go applyCompares: false at the first compare that fails.
  const s = store();
  s.put('a', '1');
  t.false(s.txn({ compare: [cmp('VERSION', 'EQUAL', 'a', { version: 1 }), cmp('VERSION', 'EQUAL', 'b', { version: 1 })] }).succeeded);
});

test('reads inside a txn see the writes made before them in the txn, at the txn revision', (t) => {
  // storeTxnWrite.Range reads at beginRev, or beginRev+1 once the txn has changes.
  const s = store();
  s.put('a', '1'); // 2
  const r = s.txn({ success: [get('a'), put('a', '2'), get('a'), del('zzz'), get('\0', { rangeEnd: '\0', countOnly: true })] });
  t.deepEqual(r.responses, [
    { type: 'range', header: { revision: 2 }, kvs: [kv('a', '1', 2, 2, 1)], more: false, count: 1 },
    { type: 'put', header: { revision: 3 } },
    { type: 'range', header: { revision: 3 }, kvs: [kv('a', '2', 2, 3, 2)], more: false, count: 1 },
    { type: 'deleteRange', header: { revision: 3 }, deleted: 0, prevKvs: [] },
    { type: 'range', header: { revision: 3 }, kvs: [], more: false, count: 1 },
  ]);
  t.is(r.header.revision, 3);
});

test('put prev_kv and delete prev_kvs inside a txn', (t) => {
  // apply.go Put and DeleteRange read the previous values through the txn.
  const s = store();
  s.put('a', '1'); // 2
  s.put('b', '1'); // 3
  const r = s.txn({ success: [put('a', '2', { prevKv: true }), del('b', undefined, { prevKv: true })] });
  t.deepEqual(r.responses, [
    { type: 'put', header: { revision: 4 }, prevKv: kv('a', '1', 2, 2, 1) },
    { type: 'deleteRange', header: { revision: 4 }, deleted: 1, prevKvs: [kv('b', '1', 3, 3, 1)] },
  ]);
});

test('a nested txn: its guard is judged before the outer txn writes, its header revision is 0', (t) => {
  // apply.go compareToPath evaluates every guard on the pre-txn read view; newTxnResp leaves
  // nested headers empty and only the outer one gets the revision.
  const s = store();
  s.put('a', '1'); // 2
  const inner: TxnRequest = {
    compare: [cmp('VALUE', 'EQUAL', 'a', { value: '1' })],
    success: [put('b', 'inner-success'), get('a')],
    failure: [put('b', 'inner-failure')],
  };
  const r = s.txn({ success: [put('a', '2'), { type: 'txn', ...inner }] });
  t.true(r.succeeded);
  t.deepEqual(r.header, { revision: 3 });
  const nested = r.responses[1]!;
  t.is(nested.type, 'txn');
  if (nested.type !== 'txn') return;
  t.deepEqual(nested.header, { revision: 0 });
  t.true(nested.succeeded, 'the guard saw a = 1, though the outer txn had already put 2');
  t.deepEqual(nested.responses, [
    { type: 'put', header: { revision: 3 } },
    { type: 'range', header: { revision: 3 }, kvs: [kv('a', '2', 2, 3, 2)], more: false, count: 1 },
  ]);
  t.deepEqual(s.range('b').kvs, [kv('b', 'inner-success', 3, 3, 1)]);
});

test('the same key put twice in a txn is refused as a duplicate', (t) => {
  // v3rpc/key.go checkIntervals.
  const s = store();
  throwsEtcd(t, () => s.txn({ success: [put('a', '1'), put('a', '2')] }), 'etcdserver: duplicate key given in txn request');
  throwsEtcd(t, () => s.txn({ failure: [put('a', '1'), put('a', '2')] }), 'etcdserver: duplicate key given in txn request');
  throwsEtcd(t, () => s.txn({ success: [put('b', '1'), del('a', 'c')] }), 'etcdserver: duplicate key given in txn request');
  throwsEtcd(t, () => s.txn({ success: [del('a'), put('a', '1')] }), 'etcdserver: duplicate key given in txn request');
  throwsEtcd(
    t,
    () => s.txn({ success: [put('a', '1'), { type: 'txn', success: [put('a', '2')] }] }),
    'etcdserver: duplicate key given in txn request',
  );
  throwsEtcd(t, () => s.txn({ success: [del('a', 'z'), { type: 'txn', failure: [put('m', '2')] }] }), 'etcdserver: duplicate key given in txn request');
  throwsEtcd(t, () => s.txn({ success: [put('m', '1'), { type: 'txn', success: [del('a', 'z')] }] }), 'etcdserver: duplicate key given in txn request');
  t.is(s.revision, 1);
});

test('what checkIntervals allows: the same key in both branches, overlapping deletes, and a "from key" delete', (t) => {
  // v3rpc/key.go checkIntervals: then/else puts may overlap; only puts are checked against deletes, with raw range ends.
  const s = store();
  s.put('b', 'old'); // 2
  t.notThrows(() => s.txn({ success: [put('a', '1')], failure: [put('a', '2')] }));
  t.notThrows(() => s.txn({ success: [{ type: 'txn', success: [put('x', '1')], failure: [put('x', '2')] }] }));
  const r = s.txn({ success: [del('a', 'z'), del('b')] });
  t.deepEqual(
    r.responses.map((o) => o.type === 'deleteRange' && o.deleted),
    [3, 0],
    'the second delete finds the key already deleted at this revision',
  );
  // checkIntervals takes the range end as given, so "\0" spans nothing: the put is not a conflict,
  // and the delete, made first, does not remove the key put after it.
  s.put('b', 'again');
  const q = s.txn({ success: [del('a', '\0'), put('b', 'new')] });
  const rev = q.header.revision;
  t.deepEqual(s.range('b').kvs, [kv('b', 'new', rev, rev, 1)], 'deleted then re-created in the same revision');
});

test('too many operations: more than maxTxnOps in any one list', (t) => {
  // v3rpc/key.go checkTxnRequest: max(len(compare), len(success), len(failure)) > maxTxnOps.
  const s = store({ maxTxnOps: 3 });
  const puts = (n: number) => Array.from({ length: n }, (_, i) => put(`k${i}`, 'v'));
  t.notThrows(() => s.txn({ success: puts(3), failure: puts(3) }));
  throwsEtcd(t, () => s.txn({ success: puts(4) }), 'etcdserver: too many operations in txn request');
  throwsEtcd(
    t,
    () => s.txn({ compare: Array.from({ length: 4 }, () => cmp('VERSION', 'EQUAL', 'a')) }),
    'etcdserver: too many operations in txn request',
  );
  // A nested txn gets what its parent's largest list left: 3 - 2 = 1 here.
  throwsEtcd(
    t,
    () => s.txn({ success: [put('x', '1'), { type: 'txn', success: puts(2) }] }),
    'etcdserver: too many operations in txn request',
  );
});

test('empty keys in a compare or an op are refused', (t) => {
  // v3rpc/key.go checkTxnRequest: ErrGRPCEmptyKey for a compare key or an op key.
  const s = store();
  throwsEtcd(t, () => s.txn({ compare: [cmp('VERSION', 'EQUAL', '')] }), 'etcdserver: key is not provided');
  throwsEtcd(t, () => s.txn({ failure: [get('')] }), 'etcdserver: key is not provided');
  throwsEtcd(t, () => s.txn({ success: [{ type: 'txn', success: [del('')] }] }), 'etcdserver: key is not provided');
});

test('put checks of the chosen branch: the lease and, for ignore flags, the key must exist', (t) => {
  // apply.go checkRequests(checkRequestPut) over the chosen path only.
  const s = store();
  throwsEtcd(t, () => s.txn({ success: [put('a', '1', { lease: 7 })] }), 'etcdserver: requested lease not found');
  throwsEtcd(t, () => s.txn({ success: [put('a', '', { ignoreValue: true })] }), 'etcdserver: key not found');
  // The branch not taken is not checked.
  t.notThrows(() => s.txn({ success: [put('a', '1')], failure: [put('b', '1', { lease: 7 })] }));
  t.is(s.revision, 2);
});

test('in a txn, the ignore-flag check comes before the lease check', (t) => {
  // apply.go checkRequestPut: ErrKeyNotFound is returned before the lease lookup.
  const s = store();
  throwsEtcd(t, () => s.txn({ success: [put('a', '', { ignoreValue: true, lease: 0 }), put('b', '1', { lease: 9 })] }), 'etcdserver: key not found');
});

test('range checks of the chosen branch: future and compacted revisions fail the txn, after put checks', (t) => {
  // apply.go Txn runs checkRequestPut over the path, then checkRequestRange against rv.Rev() and rv.FirstRev().
  const s = store();
  s.put('a', '1'); // 2
  s.put('a', '2'); // 3
  s.compact(3);
  throwsEtcd(t, () => s.txn({ success: [get('a', { revision: 4 })] }), 'etcdserver: mvcc: required revision is a future revision');
  throwsEtcd(t, () => s.txn({ success: [get('a', { revision: 2 })] }), 'etcdserver: mvcc: required revision has been compacted');
  // A put's failure outranks a range's, wherever they stand.
  throwsEtcd(t, () => s.txn({ success: [get('a', { revision: 9 }), put('b', '1', { lease: 1 })] }), 'etcdserver: requested lease not found');
  // Even a write txn may not read its own new revision: the check is against the revision before it.
  throwsEtcd(t, () => s.txn({ success: [put('b', '1'), get('b', { revision: 4 })] }), 'etcdserver: mvcc: required revision is a future revision');
  t.is(s.revision, 3);
});

test('a txn that fails half-way (an ignore_value put after a "from key" delete took its key) writes nothing', (t) => {
  // etcd itself panics here ("unexpected error during txn"); the store must at least not half-apply.
  const s = store();
  const { id } = s.grant({ ttl: 60 }, 0);
  s.put('b', '1', { lease: id }); // 2
  const before = s.hash();
  throwsEtcd(t, () => s.txn({ success: [del('a', '\0'), put('b', '', { ignoreValue: true })] }), 'etcdserver: key not found');
  t.is(s.hash(), before);
  t.is(s.revision, 2);
  t.deepEqual(s.timeToLive(id, 0, true).keys, ['b']);
  t.deepEqual(s.range('b').kvs, [kv('b', '1', 2, 2, 1, id)]);
});
