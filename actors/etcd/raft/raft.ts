// The Raft core: one step function from an input to the effects it asks for, with no I/O, in the
// manner of etcd-io/raft's Step and Ready. Elections with randomized timeouts (seeded), PreVote,
// CheckQuorum, log replication with an in-flight window, the commit rule of §5.4.2, ReadIndex
// reads, leadership transfer, snapshots, and membership changes one at a time.
//
// Membership changes take effect when their entry is applied, that is once it is committed (as
// etcd-io/raft does), not when it is appended (the thesis, §4.1). A configuration in force is then
// always a committed one, so an uncommitted change that a later leader overwrites never needs
// undoing, and a restart rebuilds the membership from the snapshot and the committed entries.
// Why one at a time is safe so: a leader proposes a change only after it applied the previous
// one, and the entry that carries it goes out with a commit index covering that previous one; so
// whoever holds change k+1 in its log is already using change k, and any two configurations in
// use by servers that could lead differ by at most one voter, so their majorities overlap. A
// proposal that changes more than one voter at once is refused (`dropped`), as is a second
// change while one is pending, i.e. not yet applied by the leader.
//
// A leader that applies a configuration without itself as a voter (removed, or made a learner)
// steps down at once: it tells its followers the commit index (so they apply the change too) and,
// if one of the remaining voters has its whole log, hands over to it with MsgTimeoutNow, so the
// cluster need not wait an election timeout. A removed follower gets one last append, so it
// learns its removal committed and stops campaigning; one that misses it may campaign later
// (PreVote and CheckQuorum keep that from disturbing anyone; the shell should stop it).
// Learners receive the log but never campaign, and neither votes nor acknowledgements of theirs
// count toward a quorum.
//
// Snapshots: `compact` folds the applied log into the state machine's snapshot; a follower that
// needs entries compacted away gets MsgSnap, installs it (Ready.snapshot) and answers with its
// commit index, the only point of its log known to agree with the leader's.

import { Rng } from '../../../runtime/index.ts';
import { RaftLog } from './log.ts';
import type { Entry, HardState, Membership, NodeId, RaftMessage, Snapshot } from '../../../protocols/etcd/raft.ts';
import type { RaftConfig, RaftInput, ReadState, Ready, Role } from './types.ts';

interface Progress {
  /** The highest index known to be replicated on the peer. */
  match: number;
  /** The next index to send. */
  next: number;
  /** probe: one MsgApp at a time until the peer's log is found; replicate: stream, windowed. */
  state: 'probe' | 'replicate' | 'snapshot';
  inflight: number;
  /** Heard from since the last CheckQuorum round. */
  recentActive: boolean;
  pendingSnapshot: number;
  /** Heartbeat answers since the snapshot went, with no answer to it: after a timeout's worth, it is sent again. */
  snapshotWait: number;
}

interface PendingRead {
  readonly id: number;
  readonly index: number;
  /** The heartbeat round that confirms it; a later round's acknowledgement also does. */
  readonly context: number;
  readonly acks: Set<NodeId>;
}

export interface RaftState {
  readonly config: RaftConfig;
  readonly log: RaftLog;
  readonly rng: Rng;
  membership: Membership;
  term: number;
  vote: NodeId | null;
  role: Role;
  leader: NodeId | null;
  electionElapsed: number;
  heartbeatElapsed: number;
  randomizedTimeout: number;
  votes: Map<NodeId, boolean>;
  progress: Map<NodeId, Progress>;
  reads: PendingRead[];
  nextReadContext: number;
  transferee: NodeId | null;
  /** The index of a membership change not yet applied; a second waits until it is. */
  pendingConfigIndex: number;
  /** What the last Ready reported as persisted, to report only changes. */
  lastHardState: HardState;
  /** The latest snapshot of the state machine, sent to followers whose entries are compacted away. */
  snapshot: Snapshot | undefined;
  /** The membership in force at the snapshot's index (the log's start), to stamp the next one. */
  baseMembership: Membership;
  /** How far this node's own log is known to be on disk (the shell says so with `persisted`). */
  stable: number;
}

export interface Restored {
  readonly hardState?: HardState;
  readonly entries?: readonly Entry[];
  readonly snapshot?: Snapshot;
}

/** A node at its first start, or restarted from what it had persisted. */
export function createRaft(config: RaftConfig, membership: Membership, seed: number, restored: Restored = {}): RaftState {
  const log = new RaftLog();
  let m = membership;
  if (restored.snapshot) {
    log.restore(restored.snapshot);
    log.pendingSnapshot = undefined;
    m = restored.snapshot.membership;
  }
  const base = m;
  // Only a contiguous run after the snapshot is usable; anything else on disk predates it.
  for (const e of restored.entries ?? []) if (e.index === log.lastIndex() + 1) log.entries.push(e);
  const hs = restored.hardState ?? { term: 0, vote: null, commit: 0 };
  log.committed = Math.max(log.committed, Math.min(hs.commit, log.lastIndex()));
  // Changes take effect when applied: the committed ones are in force (the first Ready hands them
  // out again), a change beyond the commit index is not, as it may yet be overwritten.
  for (const e of log.slice(log.firstIndex(), log.committed)) if (e.config) m = e.config;
  log.applied = log.snapIndex;
  const r: RaftState = {
    config,
    log,
    rng: Rng.stream(seed, `raft:${config.id}`),
    membership: m,
    term: hs.term,
    vote: hs.vote,
    role: 'follower',
    leader: null,
    electionElapsed: 0,
    heartbeatElapsed: 0,
    randomizedTimeout: 0,
    votes: new Map(),
    progress: new Map(),
    reads: [],
    nextReadContext: 1,
    transferee: null,
    pendingConfigIndex: 0,
    lastHardState: hs,
    snapshot: restored.snapshot,
    baseMembership: base,
    stable: log.lastIndex(),
  };
  resetTimeout(r);
  return r;
}

// ---- the effects of one step -----------------------------------------------------------------

class Effects {
  messages: RaftMessage[] = [];
  send(m: RaftMessage): void {
    this.messages.push(m);
  }
  reads: ReadState[] = [];
  failedReads: number[] = [];
  dropped: number[] = [];
}

/** Applies one input; returns what the shell must persist, send and apply, in that order. */
export function step(r: RaftState, input: RaftInput): Ready {
  const fx = new Effects();
  switch (input.type) {
    case 'tick':
      tick(r, fx);
      break;
    case 'propose':
      propose(r, fx, input.id, { data: input.data });
      break;
    case 'propose-config':
      if (r.pendingConfigIndex > r.log.applied || !oneAtATime(r.membership, input.membership)) fx.dropped.push(input.id);
      else propose(r, fx, input.id, { config: input.membership });
      break;
    case 'message':
      receive(r, fx, input.message);
      break;
    case 'read':
      read(r, fx, input.id);
      break;
    case 'transfer-leadership':
      transfer(r, fx, input.to);
      break;
    case 'campaign':
      campaign(r, fx, false);
      break;
    case 'persisted':
      if (r.log.term(input.index) === input.term && input.index > r.stable) {
        r.stable = Math.min(input.index, r.log.lastIndex());
        if (r.role === 'leader') maybeCommit(r, fx);
      }
      break;
    case 'compact': {
      const index = input.snapshot.index;
      if (index > r.log.snapIndex && index <= r.log.applied) {
        // The term and membership at the index come from the log: a follower restores both from it.
        const membership = membershipAt(r, index);
        r.snapshot = { index, term: r.log.term(index)!, membership, data: input.snapshot.data };
        r.log.compact(r.snapshot);
        r.baseMembership = membership;
      }
      break;
    }
  }
  return ready(r, fx);
}

function ready(r: RaftState, fx: Effects): Ready {
  // Applying a change can commit more (a smaller quorum) and send messages (a leader stepping
  // down), so it comes before what is reported.
  const committed: Entry[] = [];
  for (let batch = r.log.nextCommitted(); batch.length > 0; batch = r.log.nextCommitted()) {
    committed.push(...batch);
    for (const e of batch) if (e.config) applyMembership(r, fx, e.config);
  }
  const hs: HardState = { term: r.term, vote: r.vote, commit: r.log.committed };
  const changed = hs.term !== r.lastHardState.term || hs.vote !== r.lastHardState.vote || hs.commit !== r.lastHardState.commit;
  if (changed) r.lastHardState = hs;
  const snapshot = r.log.pendingSnapshot;
  r.log.pendingSnapshot = undefined;
  // Entries rewritten since the last Ready are not on disk until the shell says so again.
  if (r.log.dirtyFrom !== Infinity) r.stable = Math.min(r.stable, r.log.dirtyFrom - 1);
  if (snapshot) r.stable = Math.max(r.stable, snapshot.index);
  return {
    ...(changed ? { hardState: hs } : {}),
    ...(snapshot ? { snapshot } : {}),
    entries: r.log.takeDirty(),
    messages: fx.messages,
    committed,
    reads: fx.reads,
    failedReads: fx.failedReads,
    dropped: fx.dropped,
  };
}

// ---- helpers ---------------------------------------------------------------------------------

const voters = (r: RaftState) => r.membership.voters;
const quorum = (r: RaftState) => Math.floor(voters(r).length / 2) + 1;
const peers = (r: RaftState) => [...r.membership.voters, ...r.membership.learners].filter((p) => p !== r.config.id);
const isVoter = (r: RaftState, id: NodeId) => r.membership.voters.includes(id);

function resetTimeout(r: RaftState): void {
  r.electionElapsed = 0;
  r.randomizedTimeout = r.config.electionTicks + r.rng.int(r.config.electionTicks);
}

function becomeFollower(r: RaftState, fx: Effects, term: number, leader: NodeId | null): void {
  if (r.role === 'leader') failReads(r, fx);
  if (term !== r.term) {
    r.term = term;
    r.vote = null;
  }
  r.role = 'follower';
  r.leader = leader;
  r.transferee = null;
  r.heartbeatElapsed = 0;
  resetTimeout(r);
}

function failReads(r: RaftState, fx: Effects): void {
  for (const rd of r.reads) fx.failedReads.push(rd.id);
  r.reads = [];
}

function becomeLeader(r: RaftState, fx: Effects): void {
  r.role = 'leader';
  r.leader = r.config.id;
  r.transferee = null;
  r.heartbeatElapsed = 0;
  resetTimeout(r);
  r.progress = new Map();
  for (const p of peers(r)) r.progress.set(p, { match: 0, next: r.log.lastIndex() + 1, state: 'probe', inflight: 0, recentActive: true, pendingSnapshot: 0, snapshotWait: 0 });
  // An unapplied membership change in the log blocks the next one.
  for (let i = r.log.committed + 1; i <= r.log.lastIndex(); i++) if (r.log.slice(i, i)[0]?.config) r.pendingConfigIndex = i;
  // §5.4.2: a leader commits entries of earlier terms only by committing one of its own.
  appendOwn(r, [{}]);
  broadcastAppend(r, fx);
  maybeCommit(r, fx);
}

function appendOwn(r: RaftState, items: { data?: unknown; config?: Membership }[]): Entry[] {
  let index = r.log.lastIndex();
  const entries = items.map((it) => ({ term: r.term, index: ++index, ...it }));
  r.log.append(entries);
  return entries;
}

// ---- time ------------------------------------------------------------------------------------

function tick(r: RaftState, fx: Effects): void {
  r.electionElapsed++;
  if (r.role !== 'leader') {
    if (r.electionElapsed >= r.randomizedTimeout && isVoter(r, r.config.id)) campaign(r, fx, false);
    return;
  }
  if (r.electionElapsed >= r.config.electionTicks) {
    r.electionElapsed = 0;
    if (r.config.checkQuorum) {
      // CheckQuorum: a leader that has not heard from a quorum in an election timeout steps down.
      let active = 1;
      for (const [id, p] of r.progress) {
        if (p.recentActive && isVoter(r, id)) active++;
        p.recentActive = false;
      }
      if (active < quorum(r)) {
        becomeFollower(r, fx, r.term, null);
        return;
      }
    }
    if (r.transferee !== null) r.transferee = null; // the transfer timed out
  }
  if (++r.heartbeatElapsed >= r.config.heartbeatTicks) {
    r.heartbeatElapsed = 0;
    for (const p of peers(r)) fx.send({ type: 'MsgHeartbeat', from: r.config.id, to: p, term: r.term, commit: Math.min(r.progress.get(p)!.match, r.log.committed) });
  }
}

// ---- elections -------------------------------------------------------------------------------

function campaign(r: RaftState, fx: Effects, transfer: boolean): void {
  if (!isVoter(r, r.config.id)) return;
  const pre = r.config.preVote && !transfer;
  if (pre) {
    // PreVote: ask whether we could win before disturbing anyone with a higher term.
    r.role = 'pre-candidate';
    r.leader = null;
    resetTimeout(r);
  } else {
    becomeFollower(r, fx, r.term + 1, null);
    r.role = 'candidate';
    r.vote = r.config.id;
  }
  r.votes = new Map([[r.config.id, true]]);
  if (tally(r) === 'won') return win(r, fx, pre);
  const type = pre ? 'MsgPreVote' : 'MsgVote';
  const term = pre ? r.term + 1 : r.term;
  for (const p of voters(r))
    if (p !== r.config.id)
      fx.send({ type, from: r.config.id, to: p, term, lastIndex: r.log.lastIndex(), lastTerm: r.log.lastTerm(), ...(transfer ? { transfer: true } : {}) });
}

function tally(r: RaftState): 'won' | 'lost' | 'pending' {
  let yes = 0;
  let no = 0;
  for (const p of voters(r)) {
    const v = r.votes.get(p);
    if (v === true) yes++;
    else if (v === false) no++;
  }
  if (yes >= quorum(r)) return 'won';
  if (no >= quorum(r)) return 'lost';
  return 'pending';
}

function win(r: RaftState, fx: Effects, pre: boolean): void {
  if (pre) campaign(r, fx, true);
  else becomeLeader(r, fx);
}

function handleVote(r: RaftState, fx: Effects, m: RaftMessage & { type: 'MsgVote' | 'MsgPreVote' }): void {
  const pre = m.type === 'MsgPreVote';
  // A vote we already gave, no vote yet with no leader known, or (PreVote) a future term.
  const canVote = r.vote === m.from || (r.vote === null && r.leader === null) || (pre && m.term > r.term);
  const grant = canVote && r.log.isUpToDate(m.lastIndex, m.lastTerm);
  fx.send({ type: pre ? 'MsgPreVoteResp' : 'MsgVoteResp', from: r.config.id, to: m.from, term: grant || !pre ? m.term : r.term, reject: !grant });
  if (grant && !pre) {
    r.vote = m.from;
    resetTimeout(r);
  }
}

// ---- messages --------------------------------------------------------------------------------

function receive(r: RaftState, fx: Effects, m: RaftMessage): void {
  if (m.to !== r.config.id) return;
  if (m.term > r.term) {
    if (m.type === 'MsgVote' || m.type === 'MsgPreVote') {
      // CheckQuorum's lease: while we hear from a leader, ignore those who would depose it.
      const inLease = r.config.checkQuorum && r.leader !== null && r.electionElapsed < r.config.electionTicks;
      if (inLease && !m.transfer) return;
    }
    if (m.type === 'MsgPreVote') {
      // A pre-vote never changes our term.
    } else if (m.type === 'MsgPreVoteResp' && !m.reject) {
      // Granted pre-votes carry the term we would campaign at; ours moves only when we do.
    } else {
      const leader = m.type === 'MsgApp' || m.type === 'MsgHeartbeat' || m.type === 'MsgSnap' ? m.from : null;
      becomeFollower(r, fx, m.term, leader);
    }
  } else if (m.term < r.term) {
    if ((m.type === 'MsgApp' || m.type === 'MsgHeartbeat') && (r.config.checkQuorum || r.config.preVote)) {
      // A stale leader: tell it our term so it steps down (without this it could go on, §9.6).
      fx.send({ type: 'MsgAppResp', from: r.config.id, to: m.from, term: r.term, index: 0, reject: true, hint: 0 });
    } else if (m.type === 'MsgPreVote') {
      fx.send({ type: 'MsgPreVoteResp', from: r.config.id, to: m.from, term: r.term, reject: true });
    }
    return;
  }

  switch (m.type) {
    case 'MsgVote':
    case 'MsgPreVote':
      handleVote(r, fx, m);
      return;
    case 'MsgVoteResp':
    case 'MsgPreVoteResp': {
      const pre = m.type === 'MsgPreVoteResp';
      if ((pre && r.role !== 'pre-candidate') || (!pre && r.role !== 'candidate')) return;
      r.votes.set(m.from, !m.reject);
      const outcome = tally(r);
      if (outcome === 'won') win(r, fx, pre);
      else if (outcome === 'lost') becomeFollower(r, fx, r.term, null);
      return;
    }
  }

  if (r.role === 'leader') leaderReceive(r, fx, m);
  else followerReceive(r, fx, m);
}

function followerReceive(r: RaftState, fx: Effects, m: RaftMessage): void {
  switch (m.type) {
    case 'MsgApp': {
      if (r.role !== 'follower') becomeFollower(r, fx, m.term, m.from);
      r.leader = m.from;
      r.electionElapsed = 0;
      if (m.prevIndex < r.log.committed) {
        fx.send({ type: 'MsgAppResp', from: r.config.id, to: m.from, term: r.term, index: r.log.committed, reject: false, hint: 0 });
        return;
      }
      if (!r.log.matches(m.prevIndex, m.prevTerm)) {
        // §5.3: reject, with a hint of where our log could agree.
        fx.send({ type: 'MsgAppResp', from: r.config.id, to: m.from, term: r.term, index: m.prevIndex, reject: true, hint: Math.min(m.prevIndex - 1, r.log.lastIndex()) });
        return;
      }
      const last = r.log.maybeAppend(m.prevIndex, m.entries);
      r.log.committed = Math.max(r.log.committed, Math.min(m.commit, last));
      fx.send({ type: 'MsgAppResp', from: r.config.id, to: m.from, term: r.term, index: last, reject: false, hint: 0 });
      return;
    }
    case 'MsgHeartbeat':
      if (r.role !== 'follower') becomeFollower(r, fx, m.term, m.from);
      r.leader = m.from;
      r.electionElapsed = 0;
      r.log.committed = Math.max(r.log.committed, Math.min(m.commit, r.log.lastIndex()));
      fx.send({ type: 'MsgHeartbeatResp', from: r.config.id, to: m.from, term: r.term, ...(m.context !== undefined ? { context: m.context } : {}) });
      return;
    case 'MsgSnap': {
      if (r.role !== 'follower') becomeFollower(r, fx, m.term, m.from);
      r.leader = m.from;
      r.electionElapsed = 0;
      const s = m.snapshot;
      if (s.index > r.log.committed) {
        if (r.log.matches(s.index, s.term)) r.log.committed = s.index;
        else {
          r.log.restore(s);
          r.membership = s.membership;
          r.baseMembership = s.membership;
          // Kept to send on, should this node lead one day.
          r.snapshot = s;
        }
      }
      // Not the last index: a tail beyond the commit may be an old term's, not the leader's.
      fx.send({ type: 'MsgAppResp', from: r.config.id, to: m.from, term: r.term, index: r.log.committed, reject: false, hint: 0 });
      return;
    }
    case 'MsgTimeoutNow':
      // The leader hands over: campaign now, past PreVote and any lease.
      if (isVoter(r, r.config.id)) campaign(r, fx, true);
      return;
  }
}

function leaderReceive(r: RaftState, fx: Effects, m: RaftMessage): void {
  const p = r.progress.get(m.from);
  if (!p) return;
  p.recentActive = true;
  switch (m.type) {
    case 'MsgAppResp': {
      p.inflight = Math.max(0, p.inflight - 1);
      if (m.reject) {
        // Back off to where the follower could agree, then probe from there; a rejection of
        // something already superseded is stale and ignored.
        if (p.state === 'replicate') {
          if (m.index <= p.match) return;
          p.next = p.match + 1;
        } else {
          if (m.index !== p.next - 1) return;
          p.next = Math.max(p.match + 1, Math.min(m.index, m.hint + 1));
        }
        p.state = 'probe';
        p.inflight = 0;
        sendAppend(r, fx, m.from);
        return;
      }
      if (m.index > p.match) {
        p.match = m.index;
        p.next = Math.max(p.next, m.index + 1);
        if (p.state === 'probe' || p.state === 'snapshot') {
          p.state = 'replicate';
          p.inflight = 0;
        }
        maybeCommit(r, fx);
        if (r.transferee === m.from && p.match === r.log.lastIndex())
          fx.send({ type: 'MsgTimeoutNow', from: r.config.id, to: m.from, term: r.term });
      }
      while (p.next <= r.log.lastIndex() && p.inflight < r.config.maxInflight && sendAppend(r, fx, m.from));
      return;
    }
    case 'MsgHeartbeatResp': {
      // The follower is alive: a probe may go again, and a full window frees a place, so that
      // appends lost on the way (to a crashed host, say) do not stall it forever.
      if (p.state === 'snapshot') {
        // No answer to the snapshot for an election timeout: it was lost on the way, so probe
        // again (which sends it again if still needed).
        if (++p.snapshotWait * r.config.heartbeatTicks < r.config.electionTicks) return;
        p.state = 'probe';
        p.next = p.match + 1;
        p.inflight = 0;
      } else if (p.state === 'probe') p.inflight = 0;
      else if (p.inflight >= r.config.maxInflight) p.inflight--;
      if (p.match < r.log.lastIndex() && p.inflight < r.config.maxInflight) sendAppend(r, fx, m.from);
      if (m.context !== undefined && isVoter(r, m.from)) ackRead(r, fx, m.context, m.from);
      return;
    }
  }
}

// ---- replication -----------------------------------------------------------------------------

/** Sends the next MsgApp (or a snapshot) to a peer; false when nothing more can go now. */
function sendAppend(r: RaftState, fx: Effects, to: NodeId): boolean {
  const p = r.progress.get(to)!;
  if (p.state === 'snapshot') return false;
  const prevIndex = p.next - 1;
  const prevTerm = r.log.term(prevIndex);
  if (prevTerm === undefined) {
    // The entries it needs are compacted away: send the snapshot instead.
    const snapshot = r.snapshot;
    if (!snapshot) return false;
    fx.send({ type: 'MsgSnap', from: r.config.id, to, term: r.term, snapshot });
    p.state = 'snapshot';
    p.pendingSnapshot = snapshot.index;
    p.snapshotWait = 0;
    return false;
  }
  const entries = r.log.slice(p.next, r.log.lastIndex(), r.config.maxEntriesPerMsg);
  fx.send({ type: 'MsgApp', from: r.config.id, to, term: r.term, prevIndex, prevTerm, entries, commit: r.log.committed });
  p.inflight++;
  if (p.state === 'replicate' && entries.length > 0) p.next = entries[entries.length - 1]!.index + 1;
  return p.state === 'replicate' && entries.length > 0;
}

function broadcastAppend(r: RaftState, fx: Effects): void {
  for (const p of peers(r)) sendAppend(r, fx, p);
}

/** §5.4.2: commit the highest index a quorum has, but only if it is of the current term. */
function maybeCommit(r: RaftState, fx: Effects): void {
  const matches = voters(r).map((v) => (v === r.config.id ? r.stable : (r.progress.get(v)?.match ?? 0)));
  matches.sort((a, b) => b - a);
  const n = matches[quorum(r) - 1] ?? 0;
  if (n > r.log.committed && (r.log.term(n) === r.term || r.config.plantCommitByCounting === true)) {
    r.log.committed = n;
    // Reads waiting for a commit of this term can go now.
    releaseReads(r, fx);
  }
}

function propose(r: RaftState, fx: Effects, id: number, item: { data?: unknown; config?: Membership }): void {
  if (r.role !== 'leader' || r.transferee !== null) {
    fx.dropped.push(id);
    return;
  }
  const [e] = appendOwn(r, [item]);
  if (item.config) r.pendingConfigIndex = e!.index;
  for (const p of peers(r)) {
    const pr = r.progress.get(p)!;
    if (pr.inflight < r.config.maxInflight) sendAppend(r, fx, p);
  }
  maybeCommit(r, fx);
}

/** At most one voter added or removed (a learner promoted or demoted counts as one). */
function oneAtATime(from: Membership, to: Membership): boolean {
  const v = new Set(to.voters);
  const l = new Set(to.learners);
  if (v.size === 0 || v.size !== to.voters.length || l.size !== to.learners.length || to.learners.some((x) => v.has(x))) return false;
  const changed = from.voters.filter((x) => !v.has(x)).length + to.voters.filter((x) => !from.voters.includes(x)).length;
  return changed <= 1;
}

/** The membership in force once the entries up to `index` are applied. */
function membershipAt(r: RaftState, index: number): Membership {
  let m = r.baseMembership;
  for (const e of r.log.slice(r.log.firstIndex(), index)) if (e.config) m = e.config;
  return m;
}

function applyMembership(r: RaftState, fx: Effects, m: Membership): void {
  r.membership = m;
  if (r.transferee !== null && !isVoter(r, r.transferee)) r.transferee = null;
  if (r.role === 'pre-candidate' || r.role === 'candidate') {
    if (!isVoter(r, r.config.id)) becomeFollower(r, fx, r.term, null);
    return;
  }
  if (r.role !== 'leader') return;
  for (const p of peers(r))
    if (!r.progress.has(p)) r.progress.set(p, { match: 0, next: r.log.lastIndex() + 1, state: 'probe', inflight: 0, recentActive: true, pendingSnapshot: 0, snapshotWait: 0 });
  for (const id of [...r.progress.keys()])
    if (!peers(r).includes(id)) {
      // A last append tells a removed node that its removal committed, so it stops campaigning.
      sendAppend(r, fx, id);
      r.progress.delete(id);
    }
  if (!isVoter(r, r.config.id)) return stepDownRemoved(r, fx);
  // A smaller quorum may already hold more, and may already have confirmed waiting reads.
  maybeCommit(r, fx);
  releaseReads(r, fx);
}

function stepDownRemoved(r: RaftState, fx: Effects): void {
  // The commit index goes out first, so the remaining voters put the change in force too.
  broadcastAppend(r, fx);
  let best: NodeId | null = null;
  for (const v of voters(r)) if (r.progress.get(v)?.match === r.log.lastIndex()) best ??= v;
  if (best !== null) fx.send({ type: 'MsgTimeoutNow', from: r.config.id, to: best, term: r.term });
  becomeFollower(r, fx, r.term, null);
}

// ---- reads and transfer ----------------------------------------------------------------------

/**
 * ReadIndex (§6.4): note the commit index, confirm leadership with a round of heartbeats, and
 * serve the read once the state machine has applied that index.
 */
function read(r: RaftState, fx: Effects, id: number): void {
  if (r.role !== 'leader') {
    fx.failedReads.push(id);
    return;
  }
  if (r.config.plantLocalReads === true) {
    fx.reads.push({ id, index: r.log.committed });
    return;
  }
  const context = r.nextReadContext++;
  r.reads.push({ id, index: r.log.committed, context, acks: new Set([r.config.id]) });
  if (quorum(r) === 1) {
    releaseReads(r, fx);
    return;
  }
  for (const p of peers(r)) fx.send({ type: 'MsgHeartbeat', from: r.config.id, to: p, term: r.term, commit: Math.min(r.progress.get(p)!.match, r.log.committed), context });
}

function ackRead(r: RaftState, fx: Effects, context: number, from: NodeId): void {
  for (const rd of r.reads) if (rd.context <= context) rd.acks.add(from);
  releaseReads(r, fx);
}

/** Reads confirmed by a quorum, once this leader has committed an entry of its own term. */
function releaseReads(r: RaftState, fx: Effects): void {
  if (r.log.term(r.log.committed) !== r.term) return;
  while (r.reads.length > 0 && r.reads[0]!.acks.size >= quorum(r)) {
    const rd = r.reads.shift()!;
    // Not below the commit of this leader's own first entry: that is when its commit index is known.
    fx.reads.push({ id: rd.id, index: Math.max(rd.index, r.log.committed) });
  }
}

function transfer(r: RaftState, fx: Effects, to: NodeId): void {
  if (r.role !== 'leader' || to === r.config.id || !isVoter(r, to)) return;
  r.transferee = to;
  r.electionElapsed = 0;
  const p = r.progress.get(to)!;
  if (p.match === r.log.lastIndex()) fx.send({ type: 'MsgTimeoutNow', from: r.config.id, to, term: r.term });
  else sendAppend(r, fx, to);
}
