// Watch streams on random histories: every stream is ordered, has no duplicates, never splits a
// revision across responses, and equals the history between its start and now (or, started below
// the compaction, is canceled as compacted and carries nothing).

import test from 'ava';
import fc from 'fast-check';
import { EtcdError, MvccStore } from '../../../actors/etcd/mvcc/index.ts';
import type { RequestOp, WatchResponse } from '../../../protocols/etcd/kv.ts';
import { Model, step, type ModelOp } from './model.ts';

const key = fc.constantFrom('a', 'a/1', 'a/2', 'b', 'c');
const end = fc.constantFrom('', '\0', 'a0', 'c', 'z');
const value = fc.constantFrom('x', 'y');

type Op =
  | Extract<ModelOp, { type: 'put' | 'delete' }>
  | { type: 'txn'; ops: ({ type: 'put'; key: string; value: string } | { type: 'delete'; key: string; rangeEnd: string })[] }
  | { type: 'compact'; back: number }
  | { type: 'watch'; key: string; rangeEnd: string; start: number };

const put = fc.record({ type: fc.constant('put' as const), key, value });
const del = fc.record({ type: fc.constant('delete' as const), key, rangeEnd: end });
// In a txn no delete runs "from key on": that range end escapes etcd's duplicate-key check, and a
// key written twice in one revision loses the first write to a compaction at that revision.
const txnDel = fc.record({ type: fc.constant('delete' as const), key, rangeEnd: fc.constantFrom('', 'a0', 'c', 'z') });
const txn = fc.record({ type: fc.constant('txn' as const), ops: fc.array(fc.oneof(put, txnDel), { maxLength: 4 }) });
const compact = fc.record({ type: fc.constant('compact' as const), back: fc.integer({ min: 0, max: 6 }) });
// start: 0 = from now; k > 0 = k revisions back (1 = the current one); -k = k revisions ahead;
// FROM_COMPACTION = from the compaction revision, where a lost delete would show.
const FROM_COMPACTION = 100;
const watch = fc.record({
  type: fc.constant('watch' as const),
  key,
  rangeEnd: end,
  start: fc.oneof(fc.integer({ min: -3, max: 10 }), fc.constant(FROM_COMPACTION)),
});
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: put },
  { weight: 2, arbitrary: del },
  { weight: 2, arbitrary: txn },
  { weight: 1, arbitrary: compact },
  { weight: 2, arbitrary: watch },
);

interface Opened {
  id: number;
  key: string;
  rangeEnd: string;
  /** The first revision whose events it must see. */
  from: number;
  /** It asked for history the compaction had removed. */
  compacted: boolean;
  compactRev: number;
}

function conflicting(ops: Extract<Op, { type: 'txn' }>['ops']): boolean {
  const puts = ops.filter((o) => o.type === 'put').map((o) => o.key);
  if (new Set(puts).size !== puts.length) return true;
  return ops.some((d) => d.type === 'delete' && puts.some((k) => (d.rangeEnd === '' ? k === d.key : d.key <= k && k < d.rangeEnd)));
}

function run(ops: Op[], batch: number, keepTombstone: boolean): { opened: Opened[]; got: Map<number, WatchResponse[]>; m: Model } {
  const s = new MvccStore({ watchBatchMaxRevs: batch, keepTombstoneAtCompactRevision: keepTombstone });
  const m = new Model();
  const opened: Opened[] = [];
  for (const o of ops) {
    switch (o.type) {
      case 'put':
      case 'delete':
        step(m, o);
        if (o.type === 'put') s.put(o.key, o.value);
        else s.deleteRange(o.key, o.rangeEnd);
        break;
      case 'txn': {
        if (conflicting(o.ops)) break;
        step(m, { type: 'txn', compare: { target: 'VERSION', result: 'EQUAL', key: 'a', operand: 0 }, success: o.ops, failure: o.ops });
        const req: RequestOp[] = o.ops.map((x) =>
          x.type === 'put' ? { type: 'put', key: x.key, value: x.value } : { type: 'deleteRange', key: x.key, rangeEnd: x.rangeEnd },
        );
        s.txn({ success: req });
        break;
      }
      case 'compact': {
        const rev = s.revision - o.back;
        try {
          s.compact(rev);
          step(m, { type: 'compact', revision: rev });
        } catch (e) {
          if (!(e instanceof EtcdError)) throw e;
        }
        break;
      }
      case 'watch': {
        const start =
          o.start === FROM_COMPACTION
            ? Math.max(1, s.compactRevision)
            : o.start === 0
              ? 0
              : o.start > 0
                ? Math.max(1, s.revision - o.start + 1)
                : s.revision - o.start;
        const id = s.watch({ key: o.key, rangeEnd: o.rangeEnd, startRevision: start });
        if (id < 0) break; // an empty range, refused
        const from = start === 0 ? s.revision + 1 : start;
        opened.push({ id, key: o.key, rangeEnd: o.rangeEnd, from, compacted: from <= s.revision && from < s.compactRevision, compactRev: s.compactRevision });
        break;
      }
    }
  }
  const got = new Map<number, WatchResponse[]>();
  for (const { response } of s.takeWatchResponses()) {
    if (response.watchId < 0) continue;
    got.set(response.watchId, [...(got.get(response.watchId) ?? []), response]);
  }
  return { opened, got, m };
}

test('watch streams are ordered, unique, atomic per revision, and equal to the history since their start', (t) => {
  // etcd's watch guarantees (api_guarantees.md): ordered, unique, reliable, atomic per revision.
  let watched = 0;
  let canceled = 0;
  let lost = 0;
  fc.assert(
    fc.property(fc.array(op, { minLength: 1, maxLength: 50, size: 'max' }), fc.constantFrom(1, 2, 1000), fc.boolean(), (ops, batch, keep) => {
      const { opened, got, m } = run(ops, batch, keep);
      for (const w of opened) {
        const rs = got.get(w.id) ?? [];
        if (!rs[0]?.created) return false;
        const rest = rs.slice(1);
        if (w.compacted) {
          canceled++;
          if (rest.length !== 1 || !rest[0]!.canceled || rest[0]!.compactRevision !== w.compactRev || rest[0]!.events.length !== 0) return false;
          continue;
        }
        watched++;
        // Each response's events belong to one revision or, in a catch-up, to revisions no later
        // than its header; and a revision never continues in a later response.
        let last = 0;
        for (const r of rest) {
          const revs = r.events.map((e) => e.kv.modRevision);
          if (revs.length === 0 || revs[0]! <= last || revs.some((x) => x > r.header.revision)) return false;
          if (revs.some((x, i) => i > 0 && x < revs[i - 1]!)) return false;
          last = revs[revs.length - 1]!;
        }
        const events = rest.flatMap((r) => r.events.map((e) => [e.type, e.kv.key, e.kv.modRevision]));
        // etcd before 3.4.34 loses the deletes made exactly at the compaction revision
        // (etcd-io/etcd#18089), which only a watch from that revision can notice.
        const all = m.eventsSince(w.key, w.rangeEnd, w.from);
        const expected = all.filter(([type, , rev]) => keep || !(type === 'DELETE' && rev === w.compactRev));
        lost += all.length - expected.length;
        if (JSON.stringify(events) !== JSON.stringify(expected)) {
          t.deepEqual(events, expected, JSON.stringify(w));
          return false;
        }
      }
      return true;
    }),
    // A lost delete takes a delete at the compaction revision, a watch from there and keep off: at
    // 300 runs some seeds lost as few as 2 (3 over 2,000 more seeds); at 500 the fewest over 400
    // seeds were 11 lost, 82 canceled, 1,597 watched.
    { numRuns: 500 },
  );
  t.log(`watched ${watched}, canceled ${canceled}, lost ${lost}`);
  t.true(watched > 300 && canceled > 10 && lost > 0);
});

test('a watch from revision 1 sees every write; one from 0 sees none of the past', (t) => {
  // Jepsen's etcd analysis: watch from 0 means from now; from 1, the whole history.
  fc.assert(
    fc.property(fc.array(fc.oneof(put, del), { minLength: 1, maxLength: 30, size: 'max' }), (ops) => {
      const s = new MvccStore();
      const m = new Model();
      for (const o of ops) {
        step(m, o);
        if (o.type === 'put') s.put(o.key, o.value);
        else s.deleteRange(o.key, o.rangeEnd);
      }
      s.watch({ key: '\0', rangeEnd: '\0', startRevision: 1 });
      s.watch({ key: '\0', rangeEnd: '\0' });
      const rs = s.takeWatchResponses().map((d) => d.response);
      const all = rs.filter((r) => r.watchId === 0).flatMap((r) => r.events.map((e) => [e.type, e.kv.key, e.kv.modRevision]));
      const none = rs.filter((r) => r.watchId === 1).flatMap((r) => r.events);
      return JSON.stringify(all) === JSON.stringify(m.eventsSince('\0', '\0', 1)) && none.length === 0;
    }),
    { numRuns: 100 },
  );
  t.pass();
});
