// The Raft invariant checker on hand-built observations: a valid run passes, and each invariant,
// broken on its own, is reported with the members, terms and indexes involved.

import test from 'ava';
import { type ClusterObservation, type DurableHardState, type InvariantName, LogTracker, type MemberObservation, type ObservedEntry, RaftInvariants } from '../../scenarios/checks/raft-invariants/index.ts';

const e = (index: number, term: number, data: unknown = `w${index}`): ObservedEntry => ({ index, term, data });
const E1 = e(1, 1, undefined); // the new leader's empty entry
const E2 = e(2, 1);
const E3 = e(3, 1);

interface Spec {
  term?: number;
  vote?: string | null;
  role?: string;
  commit?: number;
  applied?: number;
  log?: ObservedEntry[];
  snap?: [number, number];
  /** The synced log; by default the whole log. */
  synced?: ObservedEntry[];
  hs?: DurableHardState | null;
  hash?: string;
  incarnation?: number;
  voters?: string[];
}

function live(id: string, s: Spec = {}): MemberObservation {
  const term = s.term ?? 1;
  const vote = s.vote ?? null;
  const commit = s.commit ?? 0;
  const applied = s.applied ?? commit;
  const log = s.log ?? [];
  const [snapIndex, snapTerm] = s.snap ?? [0, 0];
  return {
    id,
    alive: true,
    incarnation: s.incarnation ?? 1,
    term,
    vote,
    role: s.role ?? 'follower',
    commit,
    applied,
    log: { snapIndex, snapTerm, entries: log },
    ...(s.voters ? { voters: s.voters } : {}),
    storeHash: s.hash ?? `state@${applied}`,
    durable: { hardState: s.hs === null ? undefined : (s.hs ?? { term, vote, commit }), log: { snapIndex, snapTerm, entries: s.synced ?? log } },
  };
}

const obs = (at: number, ...members: MemberObservation[]): ClusterObservation => ({ at, members });

/** A healthy run: n1 wins term 1, replicates two writes to everyone and commits them. */
function healthy(): ClusterObservation[] {
  return [
    obs(0, live('n1'), live('n2'), live('n3')),
    obs(1, live('n1', { vote: 'n1', role: 'leader', log: [E1] }), live('n2', { vote: 'n1' }), live('n3', { vote: 'n1' })),
    obs(2, live('n1', { vote: 'n1', role: 'leader', log: [E1, E2] }), live('n2', { vote: 'n1', log: [E1, E2] }), live('n3', { vote: 'n1', log: [E1] })),
    obs(3, live('n1', { vote: 'n1', role: 'leader', commit: 2, log: [E1, E2] }), live('n2', { vote: 'n1', log: [E1, E2] }), live('n3', { vote: 'n1', log: [E1, E2] })),
    obs(
      4,
      live('n1', { vote: 'n1', role: 'leader', commit: 2, log: [E1, E2, E3] }),
      live('n2', { vote: 'n1', commit: 2, log: [E1, E2, E3] }),
      live('n3', { vote: 'n1', commit: 1, log: [E1, E2] }),
    ),
  ];
}

function run(steps: ClusterObservation[]) {
  const c = new RaftInvariants();
  for (const o of steps) {
    const v = c.observe(o);
    if (v) return v;
  }
  return null;
}

test('a healthy run passes, step after step', (t) => {
  t.is(run(healthy()), null);
});

test('a healthy run passes through a crash, a restart, a new leader and a compaction', (t) => {
  const steps = healthy();
  steps.push(
    // n1 crashes; its disk stays.
    obs(5, { id: 'n1', alive: false, durable: { hardState: { term: 1, vote: 'n1', commit: 2 }, log: { snapIndex: 0, snapTerm: 0, entries: [E1, E2, E3] } } }, live('n2', { vote: 'n1', commit: 2, log: [E1, E2, E3] }), live('n3', { vote: 'n1', commit: 2, log: [E1, E2] })),
    // n2 leads term 2; n1 is back with its commit index forgotten (volatile), n3 compacted to 2.
    obs(
      6,
      live('n1', { term: 2, vote: 'n2', incarnation: 2, commit: 0, log: [E1, E2, E3], hs: { term: 2, vote: 'n2', commit: 2 } }),
      live('n2', { term: 2, vote: 'n2', role: 'leader', commit: 2, log: [E1, E2, E3, e(4, 2, undefined)] }),
      live('n3', { term: 2, vote: 'n2', commit: 2, snap: [2, 1], log: [] }),
    ),
    obs(
      7,
      live('n1', { term: 2, vote: 'n2', incarnation: 2, commit: 4, log: [E1, E2, E3, e(4, 2, undefined)] }),
      live('n2', { term: 2, vote: 'n2', role: 'leader', commit: 4, log: [E1, E2, E3, e(4, 2, undefined)] }),
      live('n3', { term: 2, vote: 'n2', commit: 4, snap: [2, 1], log: [E3, e(4, 2, undefined)] }),
    ),
  );
  t.is(run(steps), null);
});

test('election safety: two leaders of one term', (t) => {
  const steps = healthy();
  steps[1] = obs(1, live('n1', { vote: 'n1', role: 'leader', log: [E1] }), live('n2'), live('n3', { vote: 'n1' }));
  steps[2] = obs(2, live('n1', { vote: 'n1', role: 'leader', log: [E1, E2] }), live('n2', { vote: 'n2', role: 'leader', log: [E1] }), live('n3', { vote: 'n1', log: [E1] }));
  const v = run(steps);
  t.is(v?.invariant, 'election-safety');
  t.regex(v!.message, /n2 and n1 were both leaders of term 1/);
});

test('log matching: one (index, term), two entries', (t) => {
  const steps = healthy();
  steps[2] = obs(2, live('n1', { vote: 'n1', role: 'leader', log: [E1, E2] }), live('n2', { vote: 'n1', log: [E1, e(2, 1, 'other')] }), live('n3', { vote: 'n1', log: [E1] }));
  const v = run(steps);
  t.is(v?.invariant, 'log-matching');
  t.regex(v!.message, /entry 2 of term 1 is .*other.* in n2's (synced )?log but was .*w2.* in n1's (synced )?log/);
});

test('log matching: the same entry after different terms', (t) => {
  const steps = healthy();
  steps[2] = obs(2, live('n1', { vote: 'n1', role: 'leader', log: [E1, E2] }), live('n2', { vote: 'n1', log: [e(1, 0, undefined), E2] }), live('n3', { vote: 'n1', log: [E1] }));
  const v = run(steps);
  t.is(v?.invariant, 'log-matching');
  t.regex(v!.message, /entry 2 of term 1 follows an entry of term 0 in n2's (synced )?log but one of term 1 in n1's (synced )?log/);
});

test('leader completeness: a leader of a later term without a committed entry', (t) => {
  const steps = healthy();
  // n3 (commit 1) drops its uncommitted-to-it tail and wins term 2 without entry 2.
  steps.push(obs(5, live('n1', { vote: 'n1', commit: 2, log: [E1, E2, E3] }), live('n2', { vote: 'n1', commit: 2, log: [E1, E2, E3] }), live('n3', { term: 2, vote: 'n3', role: 'leader', commit: 1, log: [E1] })));
  const v = run(steps);
  t.is(v?.invariant, 'leader-completeness');
  t.regex(v!.message, /n3, leader of term 2, lacks entry 2, but entry 2 of term 1 was committed by term 1/);
});

test('committed prefixes never conflict: a committed entry rewritten below the commit index', (t) => {
  const steps = healthy();
  // Its disk still has the committed entry: only its memory lost it.
  steps.push(obs(5, live('n1', { vote: 'n1', role: 'leader', commit: 2, log: [E1, E2, E3] }), live('n2', { vote: 'n1', commit: 2, log: [E1, e(2, 2, 'x')], synced: [E1, E2, E3] }), live('n3', { vote: 'n1', commit: 1, log: [E1, E2] })));
  const v = run(steps);
  t.is(v?.invariant, 'committed-prefix');
  t.regex(v!.message, /n2's log has entry 2 of term 2 .* within its commit index 2, but the entry committed at 2 is of term 1/);
});

test('committed prefixes never conflict: a synced log a restart would apply wrongly', (t) => {
  const steps = healthy();
  // n3's disk says commit 2, but holds another entry 2: after a torn crash, say.
  steps.push(obs(5, live('n1', { vote: 'n1', role: 'leader', commit: 2, log: [E1, E2, E3] }), live('n2', { vote: 'n1', commit: 2, log: [E1, E2, E3] }), live('n3', { vote: 'n1', commit: 1, log: [E1, E2], synced: [E1, e(2, 0, 'stale')], hs: { term: 1, vote: 'n1', commit: 2 } })));
  const v = run(steps);
  t.is(v?.invariant, 'committed-prefix');
  t.regex(v!.message, /n3's synced log has entry 2 of term 0 .* within its synced commit index 2/);
});

test('committed entries are durable on a quorum: acknowledged before the fsync', (t) => {
  const steps = healthy();
  // Entry 2 committed while only the leader's disk has it.
  steps[3] = obs(3, live('n1', { vote: 'n1', role: 'leader', commit: 2, log: [E1, E2] }), live('n2', { vote: 'n1', log: [E1, E2], synced: [E1] }), live('n3', { vote: 'n1', log: [E1, E2], synced: [E1] }));
  const v = run(steps);
  t.is(v?.invariant, 'durable-quorum');
  t.regex(v!.message, /entry 2 of term 1 is committed \(first at n1\) but in the synced log of fewer than 2 of the 3 voters \(synced and agreeing: n1 to 2, n2 to 1, n3 to 1\)/);
});

test('committed entries are durable on a quorum of the voters of the configuration', (t) => {
  const steps = healthy();
  // With five voters, two disks are not a quorum.
  steps[3] = obs(3, live('n1', { vote: 'n1', role: 'leader', commit: 2, log: [E1, E2], voters: ['n1', 'n2', 'n3', 'n4', 'n5'] }), live('n2', { vote: 'n1', log: [E1, E2] }), live('n3', { vote: 'n1', log: [E1, E2], synced: [E1] }));
  const v = run(steps);
  t.is(v?.invariant, 'durable-quorum');
  t.regex(v!.message, /fewer than 3 of the 5 voters/);
});

test('a term never goes back within an incarnation', (t) => {
  const steps = healthy();
  steps.push(obs(5, live('n1', { term: 2, hs: { term: 1, vote: 'n1', commit: 2 }, log: [E1, E2, E3], commit: 2 }), live('n2', { vote: 'n1', commit: 2, log: [E1, E2, E3] }), live('n3', { vote: 'n1', commit: 1, log: [E1, E2] })));
  steps.push(obs(6, live('n1', { term: 1, vote: 'n1', hs: { term: 1, vote: 'n1', commit: 2 }, log: [E1, E2, E3], commit: 2 }), live('n2', { vote: 'n1', commit: 2, log: [E1, E2, E3] }), live('n3', { vote: 'n1', commit: 1, log: [E1, E2] })));
  const v = run(steps);
  t.is(v?.invariant, 'monotonic');
  t.regex(v!.message, /n1's term went back from 2 to 1 without a restart/);
});

test('a term never goes back across a restart: it is behind the synced one', (t) => {
  const steps = healthy();
  steps.push(obs(5, live('n1', { term: 1, vote: 'n1', incarnation: 2, hs: { term: 3, vote: null, commit: 2 }, log: [E1, E2, E3], commit: 2 }), live('n2', { vote: 'n1', commit: 2, log: [E1, E2, E3] }), live('n3', { vote: 'n1', commit: 1, log: [E1, E2] })));
  const v = run(steps);
  t.is(v?.invariant, 'monotonic');
  t.regex(v!.message, /n1 is at term 1, behind the term 3 of its own synced hard state/);
});

test('the commit index may drop at a restart, not within an incarnation; the synced one never', (t) => {
  const restart = healthy();
  restart.push(obs(5, live('n1', { vote: 'n1', incarnation: 2, commit: 0, hs: { term: 1, vote: 'n1', commit: 2 }, log: [E1, E2, E3] }), live('n2', { vote: 'n1', commit: 2, log: [E1, E2, E3] }), live('n3', { vote: 'n1', commit: 1, log: [E1, E2] })));
  t.is(run(restart), null);
  const within = healthy();
  within.push(obs(5, live('n1', { vote: 'n1', commit: 1, hs: { term: 1, vote: 'n1', commit: 2 }, log: [E1, E2, E3] }), live('n2', { vote: 'n1', commit: 2, log: [E1, E2, E3] }), live('n3', { vote: 'n1', commit: 1, log: [E1, E2] })));
  t.regex(run(within)!.message, /n1's commit index went back from 2 to 1 without a restart/);
  const synced = healthy();
  synced.push(obs(5, live('n1', { vote: 'n1', incarnation: 2, commit: 0, hs: { term: 1, vote: 'n1', commit: 0 }, log: [E1, E2, E3] }), live('n2', { vote: 'n1', commit: 2, log: [E1, E2, E3] }), live('n3', { vote: 'n1', commit: 1, log: [E1, E2] })));
  const v = run(synced);
  t.is(v?.invariant, 'monotonic');
  t.regex(v!.message, /n1's synced commit index went back from 2 to 0/);
});

test('one vote per term: two synced hard states of one term with different votes', (t) => {
  const steps = healthy();
  // n3 forgot its vote (lost in a crash, say) and voted again in term 1, and synced that.
  steps[2] = obs(2, live('n1', { vote: 'n1', role: 'leader', log: [E1, E2] }), live('n2', { vote: 'n1', log: [E1, E2] }), live('n3', { vote: 'n2', incarnation: 2, log: [E1] }));
  const v = run(steps);
  t.is(v?.invariant, 'one-vote-per-term');
  t.regex(v!.message, /n3 voted for n1 and then for n2 in term 1 \(synced hard states\)/);
});

test('one vote per term: a running member changing its vote', (t) => {
  const steps = healthy();
  steps[2] = obs(2, live('n1', { vote: 'n1', role: 'leader', log: [E1, E2] }), live('n2', { vote: 'n1', log: [E1, E2] }), live('n3', { vote: 'n2', log: [E1], hs: { term: 1, vote: 'n1', commit: 0 } }));
  const v = run(steps);
  t.is(v?.invariant, 'one-vote-per-term');
  t.regex(v!.message, /n3 voted for n1 and then for n2 in term 1/);
});

test('store hashes: two members at one applied index with different stores', (t) => {
  const steps = healthy();
  steps[4] = obs(
    4,
    live('n1', { vote: 'n1', role: 'leader', commit: 2, log: [E1, E2, E3] }),
    live('n2', { vote: 'n1', commit: 2, log: [E1, E2, E3], hash: 'something else' }),
    live('n3', { vote: 'n1', commit: 1, log: [E1, E2] }),
  );
  const v = run(steps);
  t.is(v?.invariant, 'store-hash');
  t.regex(v!.message, /n2 and n1 both applied up to 2 but their stores differ/);
  t.is(v!.at, 4);
});

test('a store hash is computed only when the applied index moves', (t) => {
  let calls = 0;
  const c = new RaftInvariants();
  const m = (applied: number): MemberObservation => ({ ...live('n1', { commit: applied, log: [E1, E2] }), storeHash: () => (calls++, `s${applied}`) } as MemberObservation);
  for (const a of [0, 0, 1, 1, 1, 2]) c.observe(obs(a, m(a)));
  t.is(calls, 3);
});

test('after the first violation the checker keeps reporting it and checks no further', (t) => {
  const steps = healthy();
  steps[1] = obs(1, live('n1', { vote: 'n1', role: 'leader', log: [E1] }), live('n2'), live('n3', { vote: 'n1' }));
  steps[2] = obs(2, live('n1', { vote: 'n1', role: 'leader', log: [E1, E2] }), live('n2', { vote: 'n2', role: 'leader', log: [E1] }), live('n3', { vote: 'n1', log: [E1] }));
  const c = new RaftInvariants();
  for (const o of steps) c.observe(o);
  t.is(c.firstViolation?.invariant, 'election-safety');
  t.is(c.steps, 3);
});

test('the log tracker says from where a log changed', (t) => {
  const same = (a: ObservedEntry, b: ObservedEntry) => a.term === b.term && a.data === b.data;
  const lt = new LogTracker();
  const log = [E1, E2];
  t.is(lt.update({ snapIndex: 0, snapTerm: 0, entries: log }, same), 1);
  t.is(lt.update({ snapIndex: 0, snapTerm: 0, entries: log }, same), Infinity);
  t.is(lt.update({ snapIndex: 0, snapTerm: 0, entries: [E1, E2, E3] }, same), 3);
  // Equal entries in new objects (a restart read them back) are no change.
  t.is(lt.update({ snapIndex: 0, snapTerm: 0, entries: [e(1, 1, undefined), e(2, 1), e(3, 1)] }, same), Infinity);
  t.is(lt.update({ snapIndex: 0, snapTerm: 0, entries: [E1, e(2, 2, 'x')] }, same), 2);
  t.is(lt.update({ snapIndex: 0, snapTerm: 0, entries: [E1] }, same), 2);
  t.is(lt.lastIndex(), 1);
  t.is(lt.update({ snapIndex: 1, snapTerm: 1, entries: [E2] }, same), 2);
  t.is(lt.term(1), 1);
  t.is(lt.entry(1), undefined);
  t.is(lt.entry(2), E2);
  // Compaction folds entries away without changing what follows.
  t.is(lt.update({ snapIndex: 2, snapTerm: 1, entries: [] }, same), 3);
  t.is(lt.update({ snapIndex: 0, snapTerm: 0, entries: [E1, E2, E3] }, same), 1);
});

// ---- one member at a time: what a kernel step shows (one member's message, crash or fsync) ----

/** Feeds each observation as the steps of the members it changed, in order; the others stay as they were. */
function runByMember(steps: ClusterObservation[]) {
  const c = new RaftInvariants();
  const key = (m: MemberObservation) => JSON.stringify(m, (_k, v: unknown) => (typeof v === 'function' ? (v as () => string)() : v));
  const last = new Map<string, string>();
  for (const o of steps)
    for (const m of o.members) {
      const k = key(m);
      if (last.get(m.id) === k) continue;
      last.set(m.id, k);
      const v = c.observeMember(m, o.at);
      if (v) return v;
    }
  return null;
}

test('one member at a time: a healthy run passes, through a crash, a restart and a compaction', (t) => {
  t.is(runByMember(healthy()), null);
  const steps = healthy();
  steps.push(
    obs(5, { id: 'n1', alive: false, durable: { hardState: { term: 1, vote: 'n1', commit: 2 }, log: { snapIndex: 0, snapTerm: 0, entries: [E1, E2, E3] } } }, live('n2', { vote: 'n1', commit: 2, log: [E1, E2, E3] }), live('n3', { vote: 'n1', commit: 2, log: [E1, E2] })),
    obs(
      6,
      live('n1', { term: 2, vote: 'n2', incarnation: 2, commit: 0, log: [E1, E2, E3], hs: { term: 2, vote: 'n2', commit: 2 } }),
      live('n3', { term: 2, vote: 'n2', commit: 2, snap: [2, 1], log: [] }),
      live('n2', { term: 2, vote: 'n2', role: 'leader', commit: 2, log: [E1, E2, E3, e(4, 2, undefined)] }),
    ),
    obs(
      7,
      live('n1', { term: 2, vote: 'n2', incarnation: 2, commit: 0, log: [E1, E2, E3, e(4, 2, undefined)], hs: { term: 2, vote: 'n2', commit: 2 } }),
      live('n3', { term: 2, vote: 'n2', commit: 2, snap: [2, 1], log: [E3, e(4, 2, undefined)] }),
      live('n2', { term: 2, vote: 'n2', role: 'leader', commit: 4, log: [E1, E2, E3, e(4, 2, undefined)] }),
      live('n1', { term: 2, vote: 'n2', incarnation: 2, commit: 4, log: [E1, E2, E3, e(4, 2, undefined)] }),
      live('n3', { term: 2, vote: 'n2', commit: 4, snap: [2, 1], log: [E3, e(4, 2, undefined)] }),
    ),
  );
  t.is(runByMember(steps), null);
});

test('one member at a time: each broken invariant is reported as by whole observations', (t) => {
  const cases: [InvariantName, (s: ClusterObservation[]) => void][] = [
    ['election-safety', (s) => (s[1] = obs(1, live('n1', { vote: 'n1', role: 'leader', log: [E1] }), live('n2'), live('n3', { vote: 'n1' })), s[2] = obs(2, live('n1', { vote: 'n1', role: 'leader', log: [E1, E2] }), live('n2', { vote: 'n2', role: 'leader', log: [E1] }), live('n3', { vote: 'n1', log: [E1] })))],
    ['log-matching', (s) => (s[2] = obs(2, live('n1', { vote: 'n1', role: 'leader', log: [E1, E2] }), live('n2', { vote: 'n1', log: [E1, e(2, 1, 'other')] }), live('n3', { vote: 'n1', log: [E1] })))],
    ['durable-quorum', (s) => (s[3] = obs(3, live('n2', { vote: 'n1', log: [E1, E2], synced: [E1] }), live('n3', { vote: 'n1', log: [E1, E2], synced: [E1] }), live('n1', { vote: 'n1', role: 'leader', commit: 2, log: [E1, E2] })))],
    ['store-hash', (s) => (s[4] = obs(4, live('n1', { vote: 'n1', role: 'leader', commit: 2, log: [E1, E2, E3] }), live('n2', { vote: 'n1', commit: 2, log: [E1, E2, E3], hash: 'other' }), live('n3', { vote: 'n1', commit: 1, log: [E1, E2] })))],
    ['monotonic', (s) => s.push(obs(5, live('n1', { vote: 'n1', role: 'leader', commit: 1, log: [E1, E2, E3] })))],
    ['one-vote-per-term', (s) => s.push(obs(5, live('n3', { vote: 'n2', commit: 1, log: [E1, E2], hs: { term: 1, vote: 'n1', commit: 1 } })))],
  ];
  for (const [invariant, breakIt] of cases) {
    const steps = healthy();
    breakIt(steps);
    t.is(run(steps)?.invariant, invariant);
    t.is(runByMember(steps)?.invariant, invariant);
  }
});

test('one member at a time: a leader that did not move is checked against what another member commits', (t) => {
  const c = new RaftInvariants();
  for (const o of healthy()) t.is(c.observe(o), null);
  // n3 (commit 1) wins term 2 with entries 1 and 2: it holds everything committed so far (up to 2).
  t.is(c.observeMember(live('n3', { term: 2, vote: 'n3', role: 'leader', commit: 1, log: [E1, E2] }), 5), null);
  // Then n2, still in term 1, learns that entry 3 (term 1) is committed: n3 leads term 2 without it.
  const v = c.observeMember(live('n2', { vote: 'n1', commit: 3, log: [E1, E2, E3] }), 6);
  t.is(v?.invariant, 'leader-completeness');
  t.regex(v!.message, /n3, leader of term 2, lacks entry 3, but entry 3 of term 1 was committed by term 1/);
});

test('one member at a time: synced logs that did not move count towards the quorum once more is committed', (t) => {
  const c = new RaftInvariants();
  const steps = healthy().slice(0, 3);
  for (const o of steps) t.is(c.observe(o), null);
  // Entry 2 was synced by n2 a step ago; the leader's commit alone must find it there.
  t.is(c.observeMember(live('n1', { vote: 'n1', role: 'leader', commit: 2, log: [E1, E2] }), 3), null);
  // Not so if n2 had it in memory only.
  const d = new RaftInvariants();
  steps[2] = obs(2, live('n1', { vote: 'n1', role: 'leader', log: [E1, E2] }), live('n2', { vote: 'n1', log: [E1, E2], synced: [E1] }), live('n3', { vote: 'n1', log: [E1] }));
  for (const o of steps) t.is(d.observe(o), null);
  t.is(d.observeMember(live('n1', { vote: 'n1', role: 'leader', commit: 2, log: [E1, E2] }), 3)?.invariant, 'durable-quorum');
  t.is(d.steps, 4);
});
