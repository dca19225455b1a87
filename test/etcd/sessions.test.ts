// Exactly-once writes at the state machine (sessions.ts), without Raft or a network: the same
// session tag applied again gives the first result and changes nothing; an older tag after a
// newer one is refused; each client's tags are its own. A second guard, beside the cluster tests
// in client.test.ts, on the comparison that decides a repeat (a `>=` where `>` belongs there
// applies every retry again).

import test from 'ava';
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
