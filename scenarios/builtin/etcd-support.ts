// What the etcd scenarios share: a three-member cluster on three hosts, views of its members,
// and a requester that sends store commands and keeps every answer.

import { type AskResult, defineActor, type Disk, host } from '../../runtime/index.ts';
import { etcdMember, type MemberOptions, type MemberState } from '../../actors/etcd/member/member.ts';
import { etcdMemberService, type ClientReply, type MemberMsg } from '../../protocols/etcd/member.ts';
import { LOG, type LogRecord, replayRecord, SNAPSHOT } from '../../actors/etcd/member/wal.ts';
import type { Entry, HardState, Snapshot } from '../../protocols/etcd/raft.ts';
import { type DurableView, type LogView, type MemberObservation, RaftInvariants, type Violation } from '../checks/raft-invariants/index.ts';
import type { StoreCommand } from '../../protocols/etcd/kv.ts';
import type { Membership } from '../../protocols/etcd/raft.ts';
import type { ScenarioContext } from '../scenario.ts';

export const MEMBERS = ['etcd-1', 'etcd-2', 'etcd-3'];
export const pathOf = (id: string) => etcdMemberService.pathOn(id);

export type MemberView = { role: string; term: number; leader: string | null; applied: number; commit: number; revision: number; keys: number; hash: string };

/** Member options beyond where the members are (planted bugs, timing). */
export type ClusterOptions = Omit<MemberOptions, 'id' | 'peers' | 'pathOf'>;

export function spawnCluster(s: ScenarioContext, options: ClusterOptions = {}): void {
  for (const id of MEMBERS)
    s.spawn(host({ children: [{ id: 'etcd-member', actor: etcdMember({ ...options, id, peers: MEMBERS }) }] }), { name: id, restart: 'permanent' });
}

/**
 * Follows a member's files as far as they are synced, as wal.ts's readDurable reads them back
 * (and as the member's restart uses them: the entries that follow on from the snapshot). Synced
 * writes are never taken back, so each is read once.
 */
class DurableFollower {
  private logAt = 0;
  private snapAt = 0;
  /** The log file replayed as replayLog does it (a marker past the end leaves holes). */
  private records: Entry[] = [];
  /** No holes, and each entry follows the one before: the usable part is a plain slice. */
  private plain = true;
  private hardState: HardState | undefined;
  private snap: { index: number; term: number } | undefined;
  private view: DurableView = { hardState: undefined, log: { snapIndex: 0, snapTerm: 0, entries: [] } };

  read(disk: Disk | undefined): DurableView {
    if (disk === undefined) return this.view;
    const log = disk.synced(LOG) > this.logAt;
    const snap = disk.synced(SNAPSHOT) > this.snapAt;
    if (!log && !snap) return this.view;
    for (const w of disk.durableWrites(LOG, this.logAt)) {
      if (w.kind === 'put') {
        this.records = [];
        this.plain = true;
        continue;
      }
      const r = w.record as LogRecord;
      if ('hardState' in r) {
        this.hardState = r.hardState;
        continue;
      }
      const before = this.records.length;
      const last = this.records[before - 1];
      replayRecord(this.records, r);
      if ('truncateFrom' in r ? this.records.length > before : last !== undefined && r.entry.index !== last.index + 1) this.plain = false;
    }
    this.logAt = disk.synced(LOG);
    for (const w of disk.durableWrites(SNAPSHOT, this.snapAt))
      if (w.kind === 'put') {
        const sn = w.value as Snapshot;
        this.snap = { index: sn.index, term: sn.term };
      }
    this.snapAt = disk.synced(SNAPSHOT);
    this.view = { hardState: this.hardState, log: this.usable() };
    return this.view;
  }

  /** What a restart would take: the entries after the snapshot that follow on from it (readDurable, then createRaft). */
  private usable(): LogView {
    const base = this.snap?.index ?? 0;
    const at = { snapIndex: base, snapTerm: this.snap?.term ?? 0 };
    if (this.plain) {
      const first = this.records[0]?.index ?? base + 1;
      return { ...at, entries: first > base + 1 ? [] : first === base + 1 ? this.records : this.records.slice(base + 1 - first) };
    }
    const entries: Entry[] = [];
    for (const e of this.records.filter((x) => x.index > base)) if (e.index === base + entries.length + 1) entries.push(e);
    return { ...at, entries };
  }
}

export interface InvariantWatch {
  /** The first Raft invariant broken in the run, if any. */
  readonly violation: Violation | null;
  /** Steps observed so far. */
  readonly steps: number;
  /** The member's disk as the checker last read it: what a crash could not take. */
  durable(id: string): DurableView;
}

/**
 * Checks the Raft invariants after every step of the run (actors/etcd/invariants): each message a
 * member handles, each start and end of its incarnations, each fsync and crash of its host's
 * disk. A step changes one member only (what it sends arrives later), so only that member is read
 * again, its state and its host's synced disk; stops at the first violation and keeps it.
 */
export function watchRaftInvariants(s: ScenarioContext, members: readonly string[] = MEMBERS): InvariantWatch {
  const checker = new RaftInvariants();
  const disks = new Map(members.map((id) => [id, new DurableFollower()]));
  // A new Raft state is a new start from disk: that is what an incarnation is here.
  const starts = new Map<string, { raft: unknown; n: number }>();
  const observe = (id: string): MemberObservation => {
    const durable = disks.get(id)!.read(s.sim.diskOf(id));
    const cell = s.system.cellAt(pathOf(id));
    const state = cell?.alive ? (cell.state as MemberState | undefined) : undefined;
    if (state?.raft === undefined) return { id, alive: false, durable };
    const r = state.raft;
    let start = starts.get(id);
    if (start?.raft !== r) starts.set(id, (start = { raft: r, n: (start?.n ?? 0) + 1 }));
    return {
      id,
      alive: true,
      incarnation: start.n,
      term: r.term,
      vote: r.vote,
      role: r.role,
      commit: r.log.committed,
      applied: r.log.applied,
      log: { snapIndex: r.log.snapIndex, snapTerm: r.log.snapTerm, entries: r.log.entries },
      voters: r.membership.voters,
      storeHash: () => state.store.hash(),
      durable,
    };
  };
  // Which member a step's path belongs to: its host's name is the path's first segment. Most
  // steps are other actors', so the answer is kept per path.
  const owners = new Map<string, string | null>();
  const ownerOf = (path: string): string | null => {
    let id = owners.get(path);
    if (id === undefined) {
      const end = path.indexOf('/', 1);
      const host = end < 0 ? path.slice(1) : path.slice(1, end);
      owners.set(path, (id = disks.has(host) ? host : null));
    }
    return id;
  };
  if (checker.observe({ at: s.now(), members: members.map(observe) }) === null)
    s.sim.observeSteps((path) => {
      const id = ownerOf(path);
      if (id !== null && checker.observeMember(observe(id), s.now()) !== null) s.sim.observeSteps(null);
    });
  return {
    get violation() {
      return checker.firstViolation;
    },
    get steps() {
      return checker.steps;
    },
    durable: (id) => disks.get(id)!.read(s.sim.diskOf(id)),
  };
}

export function memberViews(s: ScenarioContext): Record<string, MemberView | undefined> {
  const out: Record<string, MemberView | undefined> = {};
  for (const h of s.inspect().children) if (MEMBERS.includes(h.name)) out[h.name] = h.children[0]?.description as MemberView | undefined;
  return out;
}

export function leaderOf(s: ScenarioContext, not?: string): string | undefined {
  return Object.entries(memberViews(s)).find(([id, m]) => m?.role === 'leader' && id !== not)?.[0];
}

export type Answer = { readonly kind: 'response'; readonly reply: ClientReply } | { readonly kind: 'timeout' };
export type RequesterMsg =
  | { readonly type: 'Send'; readonly id: number; readonly member: string; readonly command: StoreCommand; readonly serializable?: boolean }
  /** A membership change, asked of the member named (it must lead). */
  | { readonly type: 'Change'; readonly id: number; readonly member: string; readonly membership: Membership }
  | { readonly type: 'Answer'; readonly id: number; readonly result: AskResult<ClientReply> };

/** Sends each request once (no retries) and records what came back, or that nothing did. */
export const requester = (timeoutMs = 2000) =>
  defineActor<RequesterMsg, Record<number, Answer>>({
    kind: 'etcd-requester',
    init: () => ({}),
    receive: (answers, m, ctx) => {
      if (m.type === 'Send') {
        const { id, command, serializable } = m;
        ctx.ask<MemberMsg, ClientReply>(
          etcdMemberService.on(m.member),
          (replyTo) => ({ type: 'Request', id, command, ...(serializable ? { serializable } : {}), replyTo }),
          timeoutMs,
          (result) => ({ type: 'Answer', id, result }),
        );
        return answers;
      }
      if (m.type === 'Change') {
        const { id, membership } = m;
        ctx.ask<MemberMsg, ClientReply>(etcdMemberService.on(m.member), (replyTo) => ({ type: 'ChangeMembership', id, membership, replyTo }), timeoutMs, (result) => ({ type: 'Answer', id, result }));
        return answers;
      }
      return { ...answers, [m.id]: m.result.ok ? { kind: 'response', reply: m.result.reply } : { kind: 'timeout' } };
    },
    describe: (answers) => answers,
  });

export function answersOf(s: ScenarioContext, hostName: string): Record<number, Answer> {
  return (s.inspect().children.find((h) => h.name === hostName)?.children[0]?.description as Record<number, Answer> | undefined) ?? {};
}

/** The revision of a successful answer, or undefined. */
export function revisionOf(a: Answer | undefined): number | undefined {
  return a?.kind === 'response' && a.reply.type === 'Response' && a.reply.result.ok ? a.reply.result.response.header.revision : undefined;
}

/** The value a range answer found for its key (null: absent), or undefined when it is no such answer. */
export function valueOf(a: Answer | undefined): string | null | undefined {
  if (a?.kind !== 'response' || a.reply.type !== 'Response' || !a.reply.result.ok) return undefined;
  const kvs = (a.reply.result.response as { kvs?: { value: string }[] }).kvs;
  return kvs === undefined ? undefined : (kvs[0]?.value ?? null);
}

export function describeAnswer(a: Answer | undefined): string {
  if (a === undefined) return 'no answer yet';
  if (a.kind === 'timeout') return 'timed out';
  if (a.reply.type === 'NotLeader') return `not the leader (leader: ${a.reply.leader ?? 'unknown'})`;
  if (a.reply.type === 'KeptAlive') return `lease ${a.reply.lease} kept alive for ${a.reply.ttl}s`;
  if (a.reply.type === 'MembershipChanged') return `members now ${a.reply.membership.voters.join(', ')}`;
  return a.reply.result.ok ? `ok at revision ${a.reply.result.response.header.revision}` : a.reply.result.error.message;
}
