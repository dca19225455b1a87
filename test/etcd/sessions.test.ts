// Exactly-once writes at the state machine (sessions.ts), without Raft or a network: the same
// session tag applied again gives the first result and changes nothing; an older tag after a
// newer one is refused; each client's tags are its own. A second guard, beside the cluster tests
// in client.test.ts, on the comparison that decides a repeat (a `>=` where `>` belongs there
// applies every retry again).

import test from 'ava';
import fc from 'fast-check';
import { MvccStore } from '../../actors/etcd/mvcc/index.ts';
import { applyProposal, type Proposal, remembered, type Sessions } from '../../actors/etcd/member/sessions.ts';

const put = (client: string | undefined, seq: number, value: string): Proposal => ({
  proposer: 'm/1',
  pid: seq,
  command: { type: 'put', key: 'k', value },
  ...(client !== undefined ? { session: { client, seq } } : {}),
});

const revisionOf = (r: ReturnType<typeof applyProposal>) => (r.ok ? r.response.header.revision : undefined);

test('a session tag applied again answers the first result and changes nothing; an older one is refused', (t) => {
  const store = new MvccStore();
  const sessions: Sessions = {};
  const first = applyProposal(store, sessions, put('c', 1, 'v1'));
  t.is(revisionOf(first), 2);
  // The same write again, as a retry that reached the log twice.
  t.deepEqual(applyProposal(store, sessions, put('c', 1, 'v1')), first);
  t.is(store.revision, 2, 'no second revision');
  t.is(store.range('k').kvs[0]?.version, 1, 'one put applied');
  t.deepEqual(remembered(sessions, { client: 'c', seq: 1 }), first, 'a retry arriving now is answered from the table');
  // The client's next write is applied.
  const second = applyProposal(store, sessions, put('c', 2, 'v2'));
  t.is(revisionOf(second), 3);
  t.is(remembered(sessions, { client: 'c', seq: 3 }), undefined, 'a later tag is new');
  // A retry of the first, late, after the second: nobody waits for it, and it must not undo v2.
  const late = applyProposal(store, sessions, put('c', 1, 'v1'));
  t.false(late.ok);
  t.is(store.range('k').kvs[0]?.value, 'v2');
  t.is(store.revision, 3);
  // Another client's first tag is its own, not a repeat of c's.
  t.is(revisionOf(applyProposal(store, sessions, put('d', 1, 'd1'))), 4);
  // Untagged writes are applied each time.
  applyProposal(store, sessions, put(undefined, 0, 'x'));
  applyProposal(store, sessions, put(undefined, 0, 'x'));
  t.is(store.revision, 6);
  t.is(remembered(sessions, undefined), undefined);
});

test('with several writes in flight, retried and applied in any order and any number of times, each is applied once and no write its client still waits for is refused', (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.nat(), { minLength: 1, maxLength: 200, size: 'max' }), (window, choices) => {
        const store = new MvccStore();
        const sessions: Sessions = {};
        let nextSeq = 1;
        const unanswered = new Set<number>();
        /** Proposals in the log, not yet applied: the copies of each write sent so far. */
        const pending: Proposal[] = [];
        const lowest = () => Math.min(nextSeq, ...unanswered);
        const copy = (seq: number): Proposal => ({ proposer: 'm/1', pid: seq, command: { type: 'put', key: `k${seq}`, value: 'v' }, session: { client: 'c', seq, lowest: lowest() } });
        for (const c of choices) {
          const action = c % 3;
          if (action === 0 && unanswered.size < window) {
            const seq = nextSeq++;
            unanswered.add(seq);
            pending.push(copy(seq));
          } else if (action === 1 && unanswered.size > 0) {
            // A retry: another copy of a write still unanswered, with what the client knows now.
            pending.push(copy([...unanswered][c % unanswered.size]!));
          } else if (pending.length > 0) {
            const p = pending.splice(c % pending.length, 1)[0]!;
            const seq = p.session!.seq;
            const result = applyProposal(store, sessions, p);
            if (unanswered.has(seq)) {
              // The client takes this answer: it must be the write's one application.
              if (!result.ok) return false;
              unanswered.delete(seq);
            }
          }
        }
        // Every write applied at most once, whatever reached the log.
        for (let seq = 1; seq < nextSeq; seq++) if ((store.range(`k${seq}`).kvs[0]?.version ?? 0) > 1) return false;
        // Nothing kept for answers below what the client still waits for.
        const kept = Object.keys(sessions['c']?.results ?? {}).map(Number);
        return kept.every((seq) => seq >= (sessions['c']?.floor ?? 0));
      }),
      { numRuns: 300 },
    ),
  );
});
