// The Raft invariants, checked after every step of a run: the checker is fed one observation of
// the cluster at a time, or of the one member a step changed, and keeps what it needs from earlier
// ones (the other members as last observed among them). Each step it looks only at what changed
// (new or rewritten entries, moved commit and applied indexes), so checking every step of a long
// run costs little more than running it.
//
// What Raft guarantees, and so what is checked (Ongaro's thesis, Figure 3.2 and §3.6):
// - election safety: at most one leader per term, over the whole run;
// - log matching: an entry (index, term) is the same entry everywhere it is ever seen, in memory
//   or on disk, and follows the same term (which by induction makes the logs equal up to it);
// - leader completeness: a leader holds every entry committed in an earlier term;
// - committed prefixes never conflict: every member's log agrees with the committed entries up
//   to its commit index, and so does its synced log up to its synced commit index (a restart
//   would apply those);
// - committed entries are in the synced log (or snapshot) of a quorum of the voters under which
//   they were committed, so no crash of a minority can take one back;
// - a term never decreases, even across restarts (it is in the hard state); the commit index is
//   volatile and may drop at a restart, so it never decreases within one incarnation, and the
//   synced one never decreases;
// - a member votes at most once per term, as its synced hard states show;
// - members at the same applied index have equal store hashes.

import { type CommittedEntry, CommittedLog } from './committed.ts';
import { LogTracker } from './log-tracker.ts';
import type { ClusterObservation, InvariantName, LiveMember, MemberObservation, ObservedEntry, Violation } from './types.ts';

export interface CheckerOptions {
  /** A string equal for equal entries; by default the JSON of their data and configuration. */
  readonly identify?: (entry: ObservedEntry) => string;
}

const defaultIdentify = (e: ObservedEntry) => (e.data === undefined && e.config === undefined ? '' : JSON.stringify([e.data ?? null, e.config ?? null]));

interface History {
  /** How messages name its two logs. */
  readonly logName: string;
  readonly diskName: string;
  /** Volatile state as last seen, within `incarnation`. */
  incarnation: number | undefined;
  term: number;
  vote: string | null;
  commit: number;
  applied: number;
  leading: boolean;
  /** The synced hard state as last seen. */
  durableTerm: number;
  durableCommit: number;
  readonly live: LogTracker;
  readonly disk: LogTracker;
  /** The synced log agrees with the committed entries up to here. */
  durablePrefix: number;
  /** The vote each synced hard state gave, by term. */
  readonly votes: Map<number, string>;
  /** This step: where each log changed (Infinity: not at all), and what held before it. */
  dLive: number;
  dDisk: number;
  restarted: boolean;
  commitBefore: number;
  ledBefore: boolean;
}

/** Where an entry (index, term) was first seen, and what it was. */
interface Seen {
  readonly id: string;
  readonly prev: number;
  readonly where: string;
}

const quorum = (n: number) => Math.floor(n / 2) + 1;
const short = (id: string) => (id === '' ? 'an empty entry' : id.length > 80 ? `${id.slice(0, 77)}...` : id);

export class RaftInvariants {
  private readonly identify: (e: ObservedEntry) => string;
  private readonly ids = new WeakMap<ObservedEntry, string>();
  private readonly members = new Map<string, History>();
  /** Each member as last observed, in the order first observed. */
  private readonly last = new Map<string, MemberObservation>();
  private readonly leaders = new Map<number, string>();
  private readonly seen = new Map<number, Map<number, Seen>>();
  private readonly committed = new CommittedLog();
  private readonly hashes = new Map<number, { hash: string; member: string }>();
  private violation: Violation | null = null;
  private at: number | undefined;
  /** Observations checked so far. */
  steps = 0;

  constructor(options: CheckerOptions = {}) {
    this.identify = options.identify ?? defaultIdentify;
  }

  /**
   * Checks the cluster after one step; returns the first violation found in the run, if any. A
   * member left out of `obs` is taken to be as last observed.
   */
  observe(obs: ClusterObservation): Violation | null {
    if (this.violation !== null) return this.violation; // what follows a broken invariant proves nothing
    this.at = obs.at;
    this.steps++;
    for (const m of obs.members) this.last.set(m.id, m);
    this.check(obs.members);
    return this.violation;
  }

  /**
   * Checks the cluster after a step that changed member `m` only (one message it handled, its
   * host crashing or an fsync of its disk): the others are as last observed. What it checks is
   * what `observe` would with the others unchanged, at the cost of looking at `m` alone.
   */
  observeMember(m: MemberObservation, at?: number): Violation | null {
    if (this.violation !== null) return this.violation;
    this.at = at;
    this.steps++;
    this.last.set(m.id, m);
    this.check([m]);
    return this.violation;
  }

  get firstViolation(): Violation | null {
    return this.violation;
  }

  private fail(invariant: InvariantName, message: string): true {
    const when = this.at === undefined ? '' : ` (at ${this.at}ms)`;
    this.violation = { invariant, at: this.at, message: `${invariant}: ${message}${when}` };
    return true;
  }

  private id(e: ObservedEntry): string {
    let id = this.ids.get(e);
    if (id === undefined) this.ids.set(e, (id = this.identify(e)));
    return id;
  }

  private agrees(e: ObservedEntry | undefined, c: CommittedEntry): boolean {
    return e !== undefined && e.term === c.term && (c.id === undefined || this.id(e) === c.id);
  }

  private readonly same = (a: ObservedEntry, b: ObservedEntry) => a.term === b.term && this.id(a) === this.id(b);

  private history(id: string): History {
    let h = this.members.get(id);
    if (h === undefined) {
      h = {
        logName: `${id}'s log`,
        diskName: `${id}'s synced log`,
        incarnation: undefined,
        term: 0,
        vote: null,
        commit: 0,
        applied: -1,
        leading: false,
        durableTerm: 0,
        durableCommit: 0,
        live: new LogTracker(),
        disk: new LogTracker(),
        durablePrefix: 0,
        votes: new Map(),
        dLive: Infinity,
        dDisk: Infinity,
        restarted: false,
        commitBefore: 0,
        ledBefore: false,
      };
      this.members.set(id, h);
    }
    return h;
  }

  /** `changed`: the members whose observation is new this step. */
  private check(changed: readonly MemberObservation[]): void {
    const before = this.committed.last;
    for (const m of changed) {
      const h = this.history(m.id);
      h.restarted = m.alive && m.incarnation !== h.incarnation;
      h.commitBefore = h.restarted ? 0 : h.commit;
      h.ledBefore = !h.restarted && h.leading;
      h.dLive = Infinity;
      if (this.checkDurableState(m, h) || (m.alive && this.checkVolatile(m, h, h.restarted))) return;
    }
    for (const m of changed) {
      const h = this.history(m.id);
      h.dDisk = h.disk.update(m.durable.log, this.same);
      if (this.checkMatching(h.diskName, h.disk, h.dDisk)) return;
      if (m.alive) {
        h.dLive = h.live.update(m.log, this.same);
        if (this.checkMatching(h.logName, h.live, h.dLive)) return;
      }
    }
    this.extendCommitted();
    for (const m of changed) {
      const h = this.history(m.id);
      const hs = m.durable.hardState;
      if (hs && this.checkCommitted(h.diskName, 'its synced commit index', h.disk, Math.min(h.dDisk, h.durableCommit + 1), hs.commit, false)) return;
      h.durableCommit = hs?.commit ?? h.durableCommit;
      if (!m.alive) continue;
      if (this.checkCommitted(h.logName, 'its commit index', h.live, Math.min(h.dLive, h.commitBefore + 1), m.commit, true)) return;
      h.commit = m.commit;
      if (m.role === 'leader') {
        const from = h.ledBefore && h.term === m.term ? Math.min(h.dLive, before + 1) : 1;
        if (this.checkCompleteness(m, h.live, from)) return;
      }
      h.leading = m.role === 'leader';
      h.term = m.term;
    }
    // Another member's step can commit what a leader that did not move must already hold.
    if (this.committed.last !== before)
      for (const m of this.last.values())
        if (m.alive && m.role === 'leader' && !changed.includes(m) && this.checkCompleteness(m, this.history(m.id).live, before + 1)) return;
    if (this.checkDurableQuorum(changed, before)) return;
    for (const m of changed) {
      const h = this.history(m.id);
      h.dLive = Infinity;
      h.dDisk = Infinity;
    }
    for (const m of changed) {
      if (!m.alive) continue;
      const h = this.history(m.id);
      if (!h.restarted && h.applied === m.applied) continue;
      h.applied = m.applied;
      const hash = typeof m.storeHash === 'function' ? m.storeHash() : m.storeHash;
      const other = this.hashes.get(m.applied);
      if (other === undefined) this.hashes.set(m.applied, { hash, member: m.id });
      else if (other.hash !== hash)
        return void this.fail('store-hash', `${m.id} and ${other.member} both applied up to ${m.applied} but their stores differ (${hash.slice(0, 12)} vs ${other.hash.slice(0, 12)})`);
    }
  }

  /** The synced hard state: term and commit never go back, one vote per term. */
  private checkDurableState(m: MemberObservation, h: History): boolean {
    const hs = m.durable.hardState;
    if (hs === undefined) return false;
    if (hs.term < h.durableTerm) return this.fail('monotonic', `${m.id}'s synced term went back from ${h.durableTerm} to ${hs.term}`);
    if (hs.commit < h.durableCommit)
      return this.fail('monotonic', `${m.id}'s synced commit index went back from ${h.durableCommit} to ${hs.commit} (term ${hs.term})`);
    h.durableTerm = hs.term;
    if (hs.vote !== null) {
      const earlier = h.votes.get(hs.term);
      if (earlier !== undefined && earlier !== hs.vote)
        return this.fail('one-vote-per-term', `${m.id} voted for ${earlier} and then for ${hs.vote} in term ${hs.term} (synced hard states)`);
      h.votes.set(hs.term, hs.vote);
    }
    return false;
  }

  /** A running member: term and commit never go back within an incarnation; one leader per term. */
  private checkVolatile(m: LiveMember, h: History, restarted: boolean): boolean {
    if (m.term < h.durableTerm) return this.fail('monotonic', `${m.id} is at term ${m.term}, behind the term ${h.durableTerm} of its own synced hard state`);
    if (!restarted) {
      if (m.term < h.term) return this.fail('monotonic', `${m.id}'s term went back from ${h.term} to ${m.term} without a restart`);
      if (m.commit < h.commit) return this.fail('monotonic', `${m.id}'s commit index went back from ${h.commit} to ${m.commit} without a restart (term ${m.term})`);
      if (m.term === h.term && h.vote !== null && m.vote !== h.vote)
        return this.fail('one-vote-per-term', `${m.id} voted for ${h.vote} and then for ${m.vote ?? 'nobody'} in term ${m.term}`);
    }
    const synced = m.vote === null ? undefined : h.votes.get(m.term);
    if (synced !== undefined && synced !== m.vote)
      return this.fail('one-vote-per-term', `${m.id} votes for ${m.vote} in term ${m.term}, but its synced hard state voted for ${synced}`);
    h.incarnation = m.incarnation;
    h.vote = m.vote;
    if (restarted) h.commit = m.commit;
    if (m.role === 'leader') {
      const other = this.leaders.get(m.term);
      if (other !== undefined && other !== m.id) return this.fail('election-safety', `${m.id} and ${other} were both leaders of term ${m.term}`);
      this.leaders.set(m.term, m.id);
    }
    return false;
  }

  /** Every entry from `from` on is the entry seen before at its (index, term), after the same term. */
  private checkMatching(where: string, log: LogTracker, from: number): boolean {
    for (let i = from; i <= log.lastIndex(); i++) {
      const e = log.entry(i)!;
      const id = this.id(e);
      const prev = log.term(i - 1)!;
      let byTerm = this.seen.get(i);
      if (byTerm === undefined) this.seen.set(i, (byTerm = new Map()));
      const s = byTerm.get(e.term);
      if (s === undefined) byTerm.set(e.term, { id, prev, where });
      else if (s.id !== id)
        return this.fail('log-matching', `entry ${i} of term ${e.term} is ${short(id)} in ${where} but was ${short(s.id)} in ${s.where}`);
      else if (s.prev !== prev)
        return this.fail('log-matching', `entry ${i} of term ${e.term} follows an entry of term ${prev} in ${where} but one of term ${s.prev} in ${s.where}`);
    }
    return false;
  }

  /** Takes in what became committed: each index once, with the term it was committed by. */
  private extendCommitted(): void {
    let top = 0;
    for (const m of this.last.values()) top = Math.max(top, m.alive ? m.commit : 0, m.durable.hardState?.commit ?? 0);
    if (top <= this.committed.last) return;
    type Source = { readonly member: string; readonly commit: number; readonly term: number; readonly log: LogTracker; readonly voters: readonly string[] | undefined };
    const sources: Source[] = [];
    const all = [...this.last.values()];
    const live = all.filter((m): m is LiveMember => m.alive);
    // A leader decides commits: its configuration is the one they were decided under.
    live.sort((a, b) => Number(b.role === 'leader') - Number(a.role === 'leader') || b.term - a.term);
    for (const m of live) sources.push({ member: m.id, commit: m.commit, term: m.term, log: this.history(m.id).live, voters: m.voters });
    for (const m of all)
      if (m.durable.hardState) sources.push({ member: `${m.id} (synced)`, commit: m.durable.hardState.commit, term: m.durable.hardState.term, log: this.history(m.id).disk, voters: undefined });
    for (let i = this.committed.last + 1; i <= top; i++) {
      let since = Infinity;
      let by = '';
      let term: number | undefined;
      let id: string | undefined;
      let voters: readonly string[] | undefined;
      for (const s of sources) {
        if (s.commit < i) continue;
        since = Math.min(since, s.term);
        if (by === '') by = s.member;
        voters ??= s.voters;
        if (term !== undefined) continue;
        const e = s.log.entry(i);
        if (e !== undefined) {
          term = e.term;
          id = this.id(e);
        } else if (i === s.log.snapIndex) term = s.log.snapTerm;
      }
      const last = this.committed.segments[this.committed.segments.length - 1];
      const entry: CommittedEntry = { term, id, since, by };
      this.committed.push(entry, voters ?? last?.voters ?? [...this.last.keys()]);
    }
  }

  /** The log agrees with the committed entries over [lo, hi]; `whole`: it must hold them all. */
  private checkCommitted(where: string, limit: string, log: LogTracker, lo: number, hi: number, whole: boolean): boolean {
    for (let i = Math.max(lo, log.snapIndex); i <= hi; i++) {
      const c = this.committed.at(i);
      if (c === undefined || c.term === undefined) continue;
      if (i === log.snapIndex) {
        if (i > 0 && log.snapTerm !== c.term)
          return this.fail('committed-prefix', `${where} has a snapshot up to ${i} of term ${log.snapTerm}, but the entry committed at ${i} is of term ${c.term} (${c.by})`);
        continue;
      }
      const e = log.entry(i);
      if (e === undefined) {
        if (whole) return this.fail('committed-prefix', `${where} ends at ${log.lastIndex()}, below ${limit} ${hi}`);
        continue;
      }
      if (!this.agrees(e, c))
        return this.fail(
          'committed-prefix',
          `${where} has entry ${i} of term ${e.term} (${short(this.id(e))}) within ${limit} ${hi}, but the entry committed at ${i} is of term ${c.term} (${short(c.id ?? '?')}), first committed at ${c.by}`,
        );
    }
    return false;
  }

  /** A leader of term T holds every entry committed in a term before T. */
  private checkCompleteness(m: LiveMember, log: LogTracker, from: number): boolean {
    for (let i = Math.max(from, log.snapIndex); i <= this.committed.last; i++) {
      const c = this.committed.at(i)!;
      if (c.term === undefined || c.since >= m.term) continue;
      const held = i === log.snapIndex ? log.snapTerm === c.term : this.agrees(log.entry(i), c);
      if (!held) {
        const has = log.entry(i);
        return this.fail(
          'leader-completeness',
          `${m.id}, leader of term ${m.term}, ${has ? `has entry ${i} of term ${has.term}` : `lacks entry ${i}`}, but entry ${i} of term ${c.term} was committed by term ${c.since} (first at ${c.by})`,
        );
      }
    }
    return false;
  }

  /** How far a quorum of `voters` has the committed entries in its synced logs. */
  private reach(voters: readonly string[]): number {
    const prefixes = voters.map((v) => this.members.get(v)?.durablePrefix ?? 0).sort((a, b) => b - a);
    return prefixes[quorum(voters.length) - 1] ?? 0;
  }

  /** Every committed index is in the synced log of a quorum of the voters it was committed under. */
  private checkDurableQuorum(changed: readonly MemberObservation[], before: number): boolean {
    const g = this.committed.last;
    let moved = g !== before;
    // A synced log that did not change can only reach further once more is committed.
    for (const m of moved ? this.last.values() : changed) {
      const h = this.history(m.id);
      const log = h.disk;
      let p = Math.max(Math.min(h.durablePrefix, h.dDisk - 1), log.snapIndex);
      const lim = Math.min(g, log.lastIndex());
      while (p < lim) {
        const c = this.committed.at(p + 1)!;
        if (c.term !== undefined && !this.agrees(log.entry(p + 1), c)) break;
        p++;
      }
      if (p !== h.durablePrefix) moved = true;
      h.durablePrefix = p;
    }
    if (!moved) return false;
    let from = 1;
    let prev: readonly string[] | undefined;
    for (const seg of this.committed.segments) {
      // Entries are committed under the configuration in force, which the observation may show
      // one change later (applied in the same step): a quorum of the one before also does.
      const reach = Math.max(this.reach(seg.voters), prev === undefined ? 0 : this.reach(prev));
      prev = seg.voters;
      if (reach < seg.upTo) {
        const q = quorum(seg.voters.length);
        const i = Math.max(from, reach + 1);
        const c = this.committed.at(i)!;
        const detail = seg.voters.map((v) => `${v} to ${this.members.get(v)?.durablePrefix ?? 0}`).join(', ');
        return this.fail(
          'durable-quorum',
          `entry ${i}${c.term === undefined ? '' : ` of term ${c.term}`} is committed (first at ${c.by}) but in the synced log of fewer than ${q} of the ${seg.voters.length} voters (synced and agreeing: ${detail})`,
        );
      }
      from = seg.upTo + 1;
    }
    return false;
  }
}
