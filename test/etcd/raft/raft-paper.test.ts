// One test per rule of the Raft paper (§5), in the manner of etcd-io/raft's raft_paper_test.go.

import test from 'ava';
import { createRaft, step } from '../../../actors/etcd/raft/raft.ts';
import type { RaftMessage } from '../../../protocols/etcd/raft.ts';
import type { Role } from '../../../actors/etcd/raft/types.ts';
import { config, Net } from './harness.ts';

const ids = ['a', 'b', 'c'];
const msg = (m: Partial<RaftMessage> & Pick<RaftMessage, 'type' | 'from' | 'to' | 'term'>) => ({ type: 'message' as const, message: m as RaftMessage });

// §5.1 "Current terms are exchanged whenever servers communicate; if one server's current term is
// smaller than the other's, then it updates its current term to the larger value. If a candidate
// or leader discovers that its term is out of date, it immediately reverts to follower state."
for (const role of ['follower', 'candidate', 'leader'] as Role[]) {
  test(`§5.1 a ${role} that sees a higher term takes it and becomes a follower`, (t) => {
    const net = new Net(ids);
    if (role !== 'follower') net.step('a', { type: 'campaign' });
    if (role === 'leader') net.deliver();
    t.is(net.node('a').role, role);
    net.queue = [];
    net.step('a', msg({ type: 'MsgApp', from: 'b', to: 'a', term: 5, prevIndex: 0, prevTerm: 0, entries: [], commit: 0 }));
    t.like(net.node('a'), { role: 'follower', term: 5, leader: 'b' });
  });
}

// §5.1 again, over every message type: a response counts as much as a request. Guards against a
// leader that ignores a higher term on MsgAppResp or MsgHeartbeatResp: in the tested topologies
// the new leader's heartbeat deposes it anyway, but behind a bridge (a node hearing both sides)
// the stale leader only hears the new term in responses, and goes on taking proposals it never
// commits. Two messages carry a term that is not the sender's own: a pre-vote request (the term
// the sender would campaign at) and a granted pre-vote; they leave the term alone.
const higher = (type: RaftMessage['type'], term: number): RaftMessage => {
  const base = { from: 'b', to: 'a', term };
  switch (type) {
    case 'MsgVote':
    case 'MsgPreVote':
      return { ...base, type, lastIndex: 0, lastTerm: 0 };
    case 'MsgVoteResp':
    case 'MsgPreVoteResp':
      return { ...base, type, reject: true };
    case 'MsgApp':
      return { ...base, type, prevIndex: 0, prevTerm: 0, entries: [], commit: 0 };
    case 'MsgAppResp':
      return { ...base, type, index: 0, reject: false, hint: 0 };
    case 'MsgHeartbeat':
      return { ...base, type, commit: 0 };
    case 'MsgHeartbeatResp':
      return { ...base, type };
    case 'MsgSnap':
      return { ...base, type, snapshot: { index: 0, term: 0, membership: { voters: ids, learners: [] }, data: null } };
    case 'MsgTimeoutNow':
      return { ...base, type };
  }
};
const allTypes: RaftMessage['type'][] = ['MsgVote', 'MsgPreVote', 'MsgVoteResp', 'MsgPreVoteResp', 'MsgApp', 'MsgAppResp', 'MsgHeartbeat', 'MsgHeartbeatResp', 'MsgSnap', 'MsgTimeoutNow'];

for (const role of ['leader', 'candidate', 'pre-candidate'] as Role[]) {
  test(`§5.1 a ${role} that receives any message with a higher term becomes a follower at that term`, (t) => {
    const messages = [...allTypes.map((type) => (m: number) => higher(type, m)), (m: number) => ({ ...higher('MsgVoteResp', m), reject: false }) as RaftMessage, (m: number) => ({ ...higher('MsgPreVoteResp', m), reject: false }) as RaftMessage];
    for (const make of messages) {
      const net = new Net(ids, { preVote: role === 'pre-candidate' });
      if (role === 'leader') net.elect('a');
      else net.step('a', { type: 'campaign' });
      t.is(net.node('a').role, role);
      const term = net.node('a').term;
      const m = make(term + 5);
      const what = `${m.type}${'reject' in m ? ` (reject: ${m.reject})` : ''}`;
      net.step('a', { type: 'message', message: m });
      const r = net.node('a');
      if (m.type === 'MsgPreVoteResp' && !m.reject && role === 'pre-candidate') t.like(r, { role: 'candidate', term: term + 1 }, `${what}: a grant it counts, so it campaigns at its own next term`);
      else if (m.type === 'MsgPreVote' || (m.type === 'MsgPreVoteResp' && !m.reject)) t.is(r.term, term, `${what}: not a term of the sender's own`);
      else if (m.type === 'MsgTimeoutNow') t.like(r, { role: 'candidate', term: term + 6 }, `${what}: took the term, then campaigned as told`);
      else t.like(r, { role: 'follower', term: term + 5 }, what);
    }
  });
}

// §5.1 "If a server receives a request with a stale term number, it rejects the request."
test('§5.1 a request with a stale term is rejected', (t) => {
  const net = new Net(ids);
  net.node('a').term = 3;
  const ready = net.step('a', msg({ type: 'MsgApp', from: 'b', to: 'a', term: 2, prevIndex: 0, prevTerm: 0, entries: [{ term: 2, index: 1 }], commit: 1 }));
  t.is(net.node('a').log.lastIndex(), 0);
  t.is(ready.messages.length, 0); // without PreVote or CheckQuorum, stale messages go unanswered
});

// §5.2 "When servers start up, they begin as followers."
test('§5.2 servers start as followers', (t) => {
  const r = createRaft(config('a'), { voters: ids, learners: [] }, 1);
  t.like(r, { role: 'follower', term: 0, vote: null });
});

// §5.2 "Leaders send periodic heartbeats to all followers in order to maintain their authority."
test('§5.2 a leader sends heartbeats every heartbeat interval', (t) => {
  const net = new Net(ids, { heartbeatTicks: 2 });
  net.elect('a');
  net.queue = [];
  net.tick('a');
  t.deepEqual(net.queue, []);
  net.tick('a');
  t.deepEqual(
    net.queue.map((m) => [m.type, m.to]),
    [
      ['MsgHeartbeat', 'b'],
      ['MsgHeartbeat', 'c'],
    ],
  );
});

// §5.2 "If a follower receives no communication over a period of time called the election
// timeout, then it assumes there is no viable leader and begins an election": it increments its
// term, votes for itself and asks every other server for its vote.
for (const role of ['follower', 'candidate'] as Role[]) {
  test(`§5.2 a ${role} that times out starts an election`, (t) => {
    const net = new Net(ids);
    if (role === 'candidate') net.step('a', { type: 'campaign' });
    const term = net.node('a').term;
    net.queue = [];
    let ticks = 0;
    while (net.node('a').term === term && ticks < 20) {
      net.tick('a');
      ticks++;
    }
    t.true(ticks >= 10, `timed out after ${ticks} ticks, within [10, 20)`);
    t.like(net.node('a'), { role: 'candidate', term: term + 1, vote: 'a' });
    t.deepEqual(
      net.queue.map((m) => [m.type, m.to, m.term]),
      [
        ['MsgVote', 'b', term + 1],
        ['MsgVote', 'c', term + 1],
      ],
    );
  });
}

// §5.2 "A candidate wins an election if it receives votes from a majority of the servers in the
// full cluster for the same term."
test('§5.2 a candidate wins with a majority of votes, loses with a majority against', (t) => {
  const cases: [number, Record<string, boolean>, Role][] = [
    [1, {}, 'leader'],
    [3, { b: true }, 'leader'],
    [3, { b: true, c: true }, 'leader'],
    [5, { b: true, c: true }, 'leader'],
    [5, { b: true }, 'candidate'],
    [3, {}, 'candidate'],
    [3, { b: false, c: false }, 'follower'],
    [5, { b: false, c: false, d: false }, 'follower'],
  ];
  for (const [size, votes, want] of cases) {
    const members = ['a', 'b', 'c', 'd', 'e'].slice(0, size);
    const r = createRaft(config('a'), { voters: members, learners: [] }, 1);
    step(r, { type: 'campaign' });
    for (const [from, yes] of Object.entries(votes))
      step(r, msg({ type: 'MsgVoteResp', from, to: 'a', term: r.term, reject: !yes }));
    t.is(r.role, want, `${size} voters, votes ${JSON.stringify(votes)}`);
  }
});

// §5.2 "Each server will vote for at most one candidate in a given term, on a first-come-first-
// served basis."
test('§5.2 a follower votes for at most one candidate per term', (t) => {
  const r = createRaft(config('a'), { voters: ids, learners: [] }, 1);
  const vote = (from: string) =>
    step(r, msg({ type: 'MsgVote', from, to: 'a', term: 1, lastIndex: 0, lastTerm: 0 })).messages[0] as RaftMessage & { reject: boolean };
  t.false(vote('b').reject);
  t.false(vote('b').reject); // the same candidate again
  t.true(vote('c').reject);
  t.is(r.vote, 'b');
});

// §5.2 "If the AppendEntries RPC is from a leader whose term is at least as large as the
// candidate's current term, then the candidate recognizes the leader as legitimate and returns
// to follower state."
test('§5.2 a candidate hearing from a leader of its term becomes a follower', (t) => {
  const r = createRaft(config('a'), { voters: ids, learners: [] }, 1);
  step(r, { type: 'campaign' });
  step(r, msg({ type: 'MsgApp', from: 'b', to: 'a', term: r.term, prevIndex: 0, prevTerm: 0, entries: [], commit: 0 }));
  t.like(r, { role: 'follower', leader: 'b', term: 1 });
});

// §5.2 "Raft uses randomized election timeouts" in [et, 2et): different seeds, different timeouts.
test('§5.2 election timeouts are randomized within [et, 2et), from the seed', (t) => {
  const timeouts = new Set<number>();
  for (let seed = 0; seed < 50; seed++) {
    const r = createRaft(config('a', { electionTicks: 10 }), { voters: ids, learners: [] }, seed);
    t.true(r.randomizedTimeout >= 10 && r.randomizedTimeout < 20);
    timeouts.add(r.randomizedTimeout);
    const again = createRaft(config('a', { electionTicks: 10 }), { voters: ids, learners: [] }, seed);
    t.is(again.randomizedTimeout, r.randomizedTimeout);
  }
  t.true(timeouts.size > 5);
});

// §5.3 "The leader appends the command to its log as a new entry, then issues AppendEntries RPCs
// in parallel to each of the other servers to replicate the entry."
test('§5.3 a leader appends a proposal and replicates it to every follower', (t) => {
  const net = new Net(ids);
  net.elect('a');
  net.queue = [];
  const ready = net.propose('a', 'x');
  t.deepEqual(ready.entries, [{ term: 1, index: 2, data: 'x' }]);
  t.deepEqual(
    ready.messages.map((m) => m.type === 'MsgApp' && [m.to, m.prevIndex, m.prevTerm, m.entries.map((e) => e.index)]),
    [
      ['b', 1, 1, [2]],
      ['c', 1, 1, [2]],
    ],
  );
});

// §5.3 "A log entry is committed once the leader that created the entry has replicated it on a
// majority of the servers", and it "applies the entry to its state machine".
test('§5.3 an entry is committed once a majority has it, not before', (t) => {
  const net = new Net(['a', 'b', 'c', 'd', 'e']);
  net.elect('a');
  net.propose('a', 'x');
  const commit = () => net.node('a').log.committed;
  const apps = net.queue.filter((m) => m.type === 'MsgApp');
  net.queue = [];
  for (const [i, m] of apps.entries()) {
    net.step(m.to, { type: 'message', message: m });
    const resp = net.queue.shift()!;
    net.queue = [];
    net.step('a', { type: 'message', message: resp });
    t.is(commit(), i >= 1 ? 2 : 1, `after ${i + 1} acknowledgements`);
  }
  t.deepEqual(net.applied.get('a')!.map((e) => e.data), [undefined, 'x']);
});

// §5.3 "This also commits all preceding entries in the leader's log, including entries created
// by previous leaders." §5.3 followers apply what the leader says is committed.
test('§5.3 committing an entry commits everything before it, on the leader and then followers', (t) => {
  const net = new Net(ids);
  net.elect('a');
  for (const x of ['x', 'y', 'z']) net.propose('a', x);
  net.deliver();
  net.tick('a');
  net.deliver();
  for (const id of ids) t.deepEqual(net.applied.get(id)!.map((e) => e.data), [undefined, 'x', 'y', 'z'], id);
});

// §5.3 "If the follower does not find an entry in its log with the same index and term, then it
// refuses the new entries."
test('§5.3 a follower refuses entries that do not follow on from its log', (t) => {
  const r = createRaft(config('b'), { voters: ids, learners: [] }, 1, { hardState: { term: 2, vote: null, commit: 1 }, entries: [{ term: 1, index: 1 }, { term: 2, index: 2 }] });
  const tryAppend = (prevIndex: number, prevTerm: number) =>
    step(r, msg({ type: 'MsgApp', from: 'a', to: 'b', term: 2, prevIndex, prevTerm, entries: [], commit: 1 })).messages[0] as RaftMessage & { reject: boolean; hint: number };
  t.false(tryAppend(0, 0).reject);
  t.false(tryAppend(1, 1).reject);
  t.false(tryAppend(2, 2).reject);
  t.true(tryAppend(2, 1).reject);
  t.like(tryAppend(3, 2), { reject: true, hint: 2 });
});

// §5.3 "If an existing entry conflicts with a new one (same index but different terms), delete
// the existing entry and all that follow it; append any new entries not already in the log."
test('§5.3 a follower deletes conflicting entries and appends the new ones', (t) => {
  const cases: [number, number, [number, number][], [number, number][]][] = [
    // prevIndex, prevTerm, new entries [index, term], resulting log terms [index, term]
    [2, 2, [[3, 3]], [[1, 1], [2, 2], [3, 3]]],
    [1, 1, [[2, 3], [3, 4]], [[1, 1], [2, 3], [3, 4]]],
    [0, 0, [[1, 1]], [[1, 1], [2, 2]]],
    [0, 0, [[1, 3]], [[1, 3]]],
  ];
  for (const [prevIndex, prevTerm, add, want] of cases) {
    const r = createRaft(config('b'), { voters: ids, learners: [] }, 1, { hardState: { term: 2, vote: null, commit: 0 }, entries: [{ term: 1, index: 1 }, { term: 2, index: 2 }] });
    const ready = step(r, msg({ type: 'MsgApp', from: 'a', to: 'b', term: 3, prevIndex, prevTerm, entries: add.map(([index, term]) => ({ index, term })), commit: 0 }));
    t.deepEqual(r.log.entries.map((e) => [e.index, e.term]), want);
    // What the shell must persist starts where the log changed.
    if (want.length > 2 || want[1]?.[1] !== 2) t.true(ready.entries.length > 0);
  }
});

// §5.3 "the leader must find the latest log entry where the two logs agree, delete any entries
// in the follower's log after that point, and send the follower all of the leader's entries
// after that point."
test('§5.3 a leader brings a follower with a divergent log into line', (t) => {
  const net = new Net(ids);
  net.start('a', { hardState: { term: 3, vote: null, commit: 0 }, entries: [{ term: 1, index: 1 }, { term: 1, index: 2 }, { term: 3, index: 3 }] });
  net.start('b', { hardState: { term: 2, vote: null, commit: 0 }, entries: [{ term: 1, index: 1 }, { term: 2, index: 2 }, { term: 2, index: 3 }, { term: 2, index: 4 }] });
  net.start('c', { hardState: { term: 3, vote: null, commit: 0 }, entries: [{ term: 1, index: 1 }, { term: 1, index: 2 }] });
  net.elect('a');
  t.is(net.node('a').role, 'leader');
  net.propose('a', 'x');
  net.deliver();
  const terms = (id: string) => net.node(id).log.entries.map((e) => e.term);
  t.deepEqual(terms('b'), terms('a'));
  t.deepEqual(terms('c'), terms('a'));
  t.deepEqual(terms('a'), [1, 1, 3, 4, 4]);
});

// §5.4.1 "the voter denies its vote if its own log is more up-to-date than that of the candidate."
test('§5.4.1 a voter denies a candidate whose log is behind its own', (t) => {
  const cases: [number, number, boolean][] = [
    // candidate lastIndex, lastTerm, granted (voter has [term 1, term 2])
    [1, 1, false],
    [2, 1, false],
    [3, 1, false],
    [1, 2, false],
    [2, 2, true],
    [3, 2, true],
    [1, 3, true],
  ];
  for (const [lastIndex, lastTerm, granted] of cases) {
    const r = createRaft(config('b'), { voters: ids, learners: [] }, 1, { hardState: { term: 2, vote: null, commit: 0 }, entries: [{ term: 1, index: 1 }, { term: 2, index: 2 }] });
    const resp = step(r, msg({ type: 'MsgVote', from: 'a', to: 'b', term: 3, lastIndex, lastTerm })).messages[0] as RaftMessage & { reject: boolean };
    t.is(!resp.reject, granted, `candidate at (${lastIndex}, ${lastTerm})`);
  }
});

// §5.4.1 again, in whole elections rather than one vote: "Raft uses the voting process to prevent
// a candidate from winning an election unless its log contains all committed entries." A second
// guard on the up-to-date check (log.isUpToDate), beside the table above: if it compared only
// terms, only lengths, or nothing, one of the two candidates below would win and overwrite an
// entry a quorum had committed (the core throws on that).
test('§5.4.1 a candidate missing a committed entry is not elected, whether its log is shorter or longer', (t) => {
  const data = (net: Net, id: string) => net.applied.get(id)!.map((e) => e.data).filter((d) => d !== undefined);
  // Shorter, of the same last term: c missed x, which a and b committed.
  const shorter = new Net(ids);
  shorter.elect('a');
  shorter.cut.add('a->c');
  shorter.propose('a', 'x');
  shorter.deliver();
  shorter.tick('a');
  shorter.deliver();
  t.is(shorter.node('b').log.committed, 2);
  shorter.isolate('a');
  for (let i = 0; i < 3; i++) {
    shorter.step('c', { type: 'campaign' });
    shorter.deliver();
  }
  t.not(shorter.node('c').role, 'leader', 'b refuses c, whose log lacks x');
  shorter.elect('b');
  shorter.heal();
  shorter.tick('b');
  shorter.deliver();
  for (const id of ids) t.deepEqual(data(shorter, id), ['x'], `${id} applied x`);

  // Longer, of an older last term: a appended y, z and v alone in term 1; b, elected by c in term 2,
  // committed w with c. a's log is longer than c's, but c's last entry is of a later term.
  const longer = new Net(ids);
  longer.elect('a');
  longer.isolate('a');
  for (const [i, v] of ['y', 'z', 'v'].entries()) longer.propose('a', v, i);
  longer.queue = [];
  longer.elect('b');
  longer.propose('b', 'w');
  longer.deliver();
  longer.tick('b');
  longer.deliver();
  t.is(longer.node('c').log.committed, 3);
  t.true(longer.node('a').log.lastIndex() > longer.node('c').log.lastIndex());
  longer.heal();
  longer.isolate('b');
  for (let i = 0; i < 3; i++) {
    longer.step('a', { type: 'campaign' });
    longer.deliver();
  }
  t.true(longer.node('a').term > longer.node('b').term, 'a campaigned past the term c voted in');
  t.not(longer.node('a').role, 'leader', 'c refuses a, whose last entry is of an older term');
  longer.heal();
  longer.elect('c');
  longer.tick('c');
  longer.deliver();
  for (const id of ids) t.deepEqual(data(longer, id), ['w'], `${id} applied w, and none of a's own`);
});

// §5.4.2 "Raft never commits log entries from previous terms by counting replicas. Only log
// entries from the leader's current term are committed by counting replicas."
test('§5.4.2 a leader does not commit an entry of an earlier term by counting replicas', (t) => {
  const r = createRaft(config('a'), { voters: ids, learners: [] }, 1, { hardState: { term: 2, vote: null, commit: 0 }, entries: [{ term: 1, index: 1 }, { term: 2, index: 2 }] });
  step(r, { type: 'campaign' });
  step(r, msg({ type: 'MsgVoteResp', from: 'b', to: 'a', term: 3, reject: false }));
  t.is(r.role, 'leader');
  step(r, { type: 'persisted', index: 3, term: 3 });
  // b acknowledges the old entries, not the new leader's own entry (index 3).
  step(r, msg({ type: 'MsgAppResp', from: 'b', to: 'a', term: 3, index: 2, reject: false, hint: 0 }));
  t.is(r.log.committed, 0);
  step(r, msg({ type: 'MsgAppResp', from: 'b', to: 'a', term: 3, index: 3, reject: false, hint: 0 }));
  t.is(r.log.committed, 3);
});

// §10.2.1 of the Raft thesis: a leader may send entries while it writes them; it counts its own
// copy toward a commit only once its write is durable.
test('§10.2.1 a leader replicates before its own write is durable, and counts itself only after', (t) => {
  const five = ['a', 'b', 'c', 'd', 'e'];
  const r = createRaft(config('a'), { voters: five, learners: [] }, 1);
  step(r, { type: 'campaign' });
  step(r, msg({ type: 'MsgVoteResp', from: 'b', to: 'a', term: 1, reject: false }));
  const won = step(r, msg({ type: 'MsgVoteResp', from: 'c', to: 'a', term: 1, reject: false }));
  t.is(r.role, 'leader');
  t.true(won.messages.some((m) => m.type === 'MsgApp' && m.entries.length === 1), 'the empty entry goes out at once');
  step(r, msg({ type: 'MsgAppResp', from: 'b', to: 'a', term: 1, index: 1, reject: false, hint: 0 }));
  step(r, msg({ type: 'MsgAppResp', from: 'c', to: 'a', term: 1, index: 1, reject: false, hint: 0 }));
  t.is(r.log.committed, 0, 'two followers and an unsynced leader are not a quorum of five');
  step(r, { type: 'persisted', index: 1, term: 1 });
  t.is(r.log.committed, 1);
});
