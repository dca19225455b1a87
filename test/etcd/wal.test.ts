// The member's WAL: whatever prefix of its writes a crash keeps, the hard state read back never
// names a commit index past the entries read back with it.

import test from 'ava';
import fc from 'fast-check';
import type { Entry } from '../../protocols/etcd/raft.ts';
import { type LogRecord, replayLog } from '../../actors/etcd/member/wal.ts';

/** Writes as the member makes them: per step, a tail rewrite from some index, then the hard state. */
const steps = fc.array(fc.record({ rewriteBack: fc.nat({ max: 3 }), add: fc.integer({ min: 0, max: 4 }), commitBack: fc.nat({ max: 5 }) }), { minLength: 1, maxLength: 30, size: 'max' });

function writes(plan: { rewriteBack: number; add: number; commitBack: number }[]): LogRecord[] {
  const out: LogRecord[] = [];
  let last = 0;
  let commit = 0;
  let term = 1;
  for (const p of plan) {
    // Only uncommitted entries are ever rewritten.
    const first = Math.max(commit + 1, last + 1 - p.rewriteBack);
    if (first <= last) out.push({ truncateFrom: first });
    term++;
    const entries: Entry[] = Array.from({ length: p.add }, (_, i) => ({ term, index: first + i }));
    for (const entry of entries) out.push({ entry });
    last = first + p.add - 1;
    commit = Math.max(commit, Math.min(last, last - p.commitBack));
    out.push({ hardState: { term, vote: null, commit } });
  }
  return out;
}

test('a crash that keeps any prefix of the writes leaves a hard state the entries cover', (t) => {
  fc.assert(
    fc.property(steps, fc.nat(), (plan, cut) => {
      const all = writes(plan);
      const kept = all.slice(0, cut % (all.length + 1));
      const { entries, hardState } = replayLog(kept);
      const lastIndex = entries.length > 0 ? entries[entries.length - 1]!.index : 0;
      return hardState === undefined || hardState.commit <= lastIndex;
    }),
    { numRuns: 2000, seed: 5 },
  );
  t.pass();
});

test('a marker replaces the tail from its index; the last hard state wins', (t) => {
  const { entries, hardState } = replayLog([
    { entry: { term: 1, index: 1 } },
    { entry: { term: 1, index: 2 } },
    { hardState: { term: 1, vote: 'a', commit: 1 } },
    { truncateFrom: 2 },
    { entry: { term: 2, index: 2 } },
    { hardState: { term: 2, vote: 'b', commit: 2 } },
  ] satisfies LogRecord[]);
  t.deepEqual(entries.map((e) => `${e.index}@${e.term}`), ['1@1', '2@2']);
  t.deepEqual(hardState, { term: 2, vote: 'b', commit: 2 });
});
