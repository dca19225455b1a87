// The etcd member actor: a thin shell around the Raft core. It persists what each step asks for
// (fsync before sending anything that depends on it), sends to its peers, applies committed
// entries to its state machine, and answers its clients.
//
// The state machine is the MVCC store (actors/etcd/mvcc): writes are applied in log order on
// every member, and each member's store answers reads once they are safe.

import { type ActorContext, type ActorRef, defineActor } from '../../../runtime/index.ts';
import type { StoreCommand } from '../../../protocols/etcd/kv.ts';
import { type ClientReply, etcdMemberService, type MemberMsg, type WatchReply } from '../../../protocols/etcd/member.ts';
import type { Entry, Membership, NodeId, RaftMessage } from '../../../protocols/etcd/raft.ts';
import { createRaft, type RaftState, step } from '../raft/raft.ts';
import { defaultRaftConfig, type RaftConfig, type RaftInput, type Ready } from '../raft/types.ts';
import { applyCommand, MvccStore, type StoreOptions } from '../mvcc/index.ts';
import { applyProposal, type Proposal, remembered, type Sessions } from './sessions.ts';
import { install, stateOf, takeSnapshot } from './snapshots.ts';
import { BOOT, LOG, readDurable, SNAPSHOT } from './wal.ts';

export interface MemberOptions {
  /** The member's id: the name of the host it runs on, so its peers find it there. */
  readonly id: NodeId;
  readonly peers: readonly NodeId[];
  /** Learners of the configuration it starts with (a member that joins as a learner names itself). */
  readonly learners?: readonly NodeId[];
  /** etcd's heartbeat interval: 100ms; its election timeout, 1000ms, is 10 ticks. */
  readonly tickMs?: number;
  readonly raft?: Partial<Omit<RaftConfig, 'id'>>;
  /**
   * A bug planted on purpose, for the tests that must catch it: everything is sent (and the
   * leader counts its own entries) before the fsync of what it depends on completes.
   */
  readonly plantAckBeforeFsync?: boolean;
  /**
   * A member added to a running cluster (etcd's --initial-cluster-state=existing): the log it
   * receives starts with configurations from before it joined, which do not make it removed.
   */
  readonly join?: boolean;
  /** How often watches that asked for progress notifications get one when quiet (etcd: 10 minutes). */
  readonly progressNotifyMs?: number;
  /** Applied entries between snapshots (etcd's --snapshot-count, 100,000 there); the log is compacted at each. */
  readonly snapshotEvery?: number;
  /** The MVCC store's options, for every store this member builds (at boot and from a snapshot). */
  readonly store?: StoreOptions;
}

type Pending = { readonly client: number; readonly replyTo: ActorRef<ClientReply> };
type PendingRead = { readonly client: number; readonly command: StoreCommand; readonly replyTo: ActorRef<ClientReply> };

export interface MemberState {
  /** This member's boot, counted on its disk: proposals of an earlier boot are not this one's. */
  proposer: string;
  raft: RaftState;
  store: MvccStore;
  /** Exactly-once writes: the last write applied per client session, and its result. */
  sessions: Sessions;
  /** Open watch streams on this member, and where their responses go. */
  streams: Record<string, { readonly to: ActorRef<WatchReply>; sent: number; heard: number }>;
  /** A membership change waiting to be applied, and who asked for it. */
  changing: { readonly id: number; readonly membership: Membership; readonly replyTo: ActorRef<ClientReply> } | null;
  /** Applied a configuration without this member: it takes no further part, as etcd's removed member exits. */
  removed: boolean;
  /** Members removed by a configuration this member applied: told so when they speak (etcd answers 410 Gone). */
  gone: NodeId[];
  /** In an applied configuration yet (always, for a member the cluster started with). */
  joined: boolean;
  /** The configuration last applied, to see whom a new one removes. */
  members: NodeId[];
  /** Messages waiting for the fsync of the batch they depend on, and the log that batch makes durable. */
  outbox: Record<number, { messages: RaftMessage[]; last?: { index: number; term: number } }>;
  batch: number;
  /** The batch whose fsync is the latest asked for; nothing sent may overtake it. */
  syncing: number;
  /** The term and vote last written: a leader's appends may go out before its writes are durable. */
  written: { term: number; vote: NodeId | null };
  /** The last log index written to disk, to know when an append rewrites the tail. */
  persistedLast: number;
  nextProposal: number;
  writes: Record<number, Pending>;
  reads: Record<number, PendingRead>;
  /** Reads confirmed by ReadIndex, waiting for the state machine to reach their index. */
  readyReads: { index: number; read: PendingRead }[];
  /** Leases count down on the leader only, as in etcd: promoted when it leads, demoted after. */
  leading: boolean;
  /** Expired leases whose revoke is on its way through the log. */
  revoking: Record<number, true>;
}


/** What a member tells itself: its clock, its progress-notify timer, and fsyncs done. */
type SelfMsg = { readonly type: 'Tick' } | { readonly type: 'ProgressNotify' } | { readonly type: 'Synced'; readonly batch: number };

type Ctx = ActorContext<MemberMsg | SelfMsg>;

/** Clients ask every watch stream for progress each second (client.ts): five missed means gone. */
const SILENT_STREAM_MS = 5000;

const everyoneIn = (m: Membership) => [...m.voters, ...m.learners];

const sameMembers = (a: Membership, b: Membership) =>
  [...a.voters].sort().join() === [...b.voters].sort().join() && [...a.learners].sort().join() === [...b.learners].sort().join();

/**
 * A store's digest by applied index: the replicated state changes only by applying entries or
 * installing a snapshot, both of which move the index, and scenarios describe members often.
 */
const digests = new WeakMap<MvccStore, { readonly applied: number; readonly hash: string }>();
function digest(s: MemberState): string {
  const applied = s.raft.log.applied;
  const known = digests.get(s.store);
  if (known?.applied === applied) return known.hash;
  const hash = s.store.hash();
  digests.set(s.store, { applied, hash });
  return hash;
}

/** A leader's own traffic, which says nothing about what it has on disk. */
const sendsBeforeSync = (m: RaftMessage) => m.type === 'MsgApp' || m.type === 'MsgHeartbeat' || m.type === 'MsgSnap' || m.type === 'MsgTimeoutNow';

export function etcdMember(options: MemberOptions) {
  const tickMs = options.tickMs ?? 100;
  const snapshotEvery = options.snapshotEvery ?? 10_000;
  const config: RaftConfig = { ...defaultRaftConfig, ...options.raft, id: options.id };

  const send = (ctx: Ctx, messages: readonly RaftMessage[]) => {
    for (const m of messages) ctx.send(etcdMemberService.on(m.to), { type: 'Raft', message: m });
  };

  const reply = (ctx: Ctx, to: ActorRef<ClientReply>, msg: ClientReply) => ctx.send(to, msg);

  const apply = (s: MemberState, ctx: Ctx, entries: readonly Entry[]) => {
    for (const e of entries) {
      if (e.config) applied(s, ctx, e.config);
      const d = e.data as Proposal | undefined;
      if (d === undefined) continue;
      const result = applyProposal(s.store, s.sessions, d);
      if (d.command.type === 'leaseRevoke') delete s.revoking[d.command.id];
      if (d.proposer === s.proposer) {
        const w = s.writes[d.pid];
        if (w) {
          delete s.writes[d.pid];
          reply(ctx, w.replyTo, { type: 'Response', id: w.client, result });
        }
      }
    }
  };

  const applied = (s: MemberState, ctx: Ctx, membership: Membership) => {
    const c = s.changing;
    if (c && sameMembers(c.membership, membership)) {
      s.changing = null;
      reply(ctx, c.replyTo, { type: 'MembershipChanged', id: c.id, membership });
    }
    const before = s.members;
    adopt(s, membership);
    s.gone = s.gone.filter((id) => !s.members.includes(id));
    for (const id of before) if (!s.members.includes(id) && !s.gone.includes(id)) s.gone.push(id);
    if (s.joined && !s.members.includes(options.id)) remove(s, ctx);
  };

  /** Takes `membership` as the one applied; a member in it has joined. */
  const adopt = (s: MemberState, membership: Membership) => {
    s.members = everyoneIn(membership);
    if (s.members.includes(options.id)) s.joined = true;
  };

  const remove = (s: MemberState, ctx: Ctx) => {
    s.removed = true;
    ctx.timers.cancel('tick');
    ctx.timers.cancel('progress');
    closeStreams(s, ctx, 'etcdserver: the member has been permanently removed from the cluster');
  };

  /** Every watch response the store queued, down its stream. */
  const flushWatches = (s: MemberState, ctx: Ctx) => {
    for (const d of s.store.takeWatchResponses()) {
      const st = s.streams[d.stream];
      if (st) ctx.send(st.to, { type: 'WatchResponse', stream: d.stream, seq: ++st.sent, response: d.response });
    }
  };

  /** etcd's require-leader: without a leader a member cannot promise its watchers new writes. */
  const closeStreams = (s: MemberState, ctx: Ctx, reason: string) => {
    for (const [stream, { to }] of Object.entries(s.streams)) {
      s.store.closeWatchStream(stream);
      ctx.send(to, { type: 'WatchClosed', stream, reason });
    }
    s.streams = {};
  };

  /**
   * A stream whose client has not been heard from in a while is gone (it moved to another member
   * and its cancel was lost): drop it, as a gRPC server does when keepalives stop.
   */
  const dropSilentStreams = (s: MemberState, now: number) => {
    for (const [stream, st] of Object.entries(s.streams))
      if (now - st.heard > SILENT_STREAM_MS) {
        s.store.closeWatchStream(stream);
        delete s.streams[stream];
      }
  };

  const maybeSnapshot = (s: MemberState, ctx: Ctx) => {
    const log = s.raft.log;
    if (log.applied - log.snapIndex < snapshotEvery) return;
    const snap = takeSnapshot(log.applied, log.term(log.applied)!, s.raft.membership, s.store, s.sessions);
    ctx.disk.put(SNAPSHOT, snap);
    step(s.raft, { type: 'compact', snapshot: snap });
  };

  const serveReads = (s: MemberState, ctx: Ctx) => {
    const applied = s.raft.log.applied;
    s.readyReads = s.readyReads.filter(({ index, read }) => {
      if (index > applied) return true;
      reply(ctx, read.replyTo, { type: 'Response', id: read.client, result: applyCommand(s.store, read.command) });
      return false;
    });
  };

  /**
   * Persist, then send what depends on the write once it is durable, then apply. A leader whose
   * term and vote are already written sends its appends at once (Raft thesis §10.2.1) and counts
   * its own copy when the fsync completes; everything else waits for the fsync, in order.
   */
  const handle = (s: MemberState, ctx: Ctx, ready: Ready) => {
    const durable = ready.hardState !== undefined || ready.entries.length > 0 || ready.snapshot !== undefined;
    if (ready.snapshot) {
      // A leader's snapshot replaces the state machine, and the log up to it.
      ctx.disk.put(SNAPSHOT, ready.snapshot);
      if (s.raft.log.lastIndex() === ready.snapshot.index) {
        ctx.disk.append(LOG, { truncateFrom: ready.snapshot.index + 1 });
        s.persistedLast = ready.snapshot.index;
      }
      s.sessions = install(ready.snapshot, s.store);
      adopt(s, ready.snapshot.membership);
    }
    const termOrVote = ready.hardState !== undefined && (ready.hardState.term !== s.written.term || ready.hardState.vote !== s.written.vote);
    const last = ready.entries[ready.entries.length - 1] ?? (ready.snapshot && { index: ready.snapshot.index, term: ready.snapshot.term });
    if (ready.entries.length > 0) {
      const first = ready.entries[0]!.index;
      if (first <= s.persistedLast) ctx.disk.append(LOG, { truncateFrom: first });
      for (const entry of ready.entries) ctx.disk.append(LOG, { entry });
      s.persistedLast = last!.index;
    }
    // After the entries it may name (see wal.ts).
    if (ready.hardState) {
      ctx.disk.append(LOG, { hardState: ready.hardState });
      s.written = { term: ready.hardState.term, vote: ready.hardState.vote };
    }
    if (options.plantAckBeforeFsync) {
      send(ctx, ready.messages);
      if (durable) ctx.disk.fsync();
    } else {
      const early = s.raft.role === 'leader' && !termOrVote;
      const now = early ? ready.messages.filter(sendsBeforeSync) : [];
      const later = early ? ready.messages.filter((m) => !sendsBeforeSync(m)) : ready.messages;
      send(ctx, now);
      if (durable) {
        const batch = ++s.batch;
        s.outbox[batch] = { messages: [...later], ...(last ? { last: { index: last.index, term: last.term } } : {}) };
        s.syncing = batch;
        ctx.disk.fsync({ type: 'Synced', batch });
      } else if (s.outbox[s.syncing]) s.outbox[s.syncing]!.messages.push(...later);
      else send(ctx, later);
    }
    apply(s, ctx, ready.committed);
    flushWatches(s, ctx);
    if (ready.committed.length > 0) maybeSnapshot(s, ctx);
    for (const id of ready.dropped) {
      const w = s.writes[id];
      if (w) {
        delete s.writes[id];
        reply(ctx, w.replyTo, { type: 'NotLeader', id: w.client, leader: s.raft.leader });
      }
    }
    for (const rs of ready.reads) {
      const read = s.reads[rs.id];
      if (read) {
        delete s.reads[rs.id];
        s.readyReads.push({ index: rs.index, read });
      }
    }
    for (const id of ready.failedReads) {
      const read = s.reads[id];
      if (read) {
        delete s.reads[id];
        reply(ctx, read.replyTo, { type: 'NotLeader', id: read.client, leader: s.raft.leader });
      }
    }
    serveReads(s, ctx);
    const leading = s.raft.role === 'leader';
    if (leading && !s.leading) s.store.promote(ctx.now());
    if (!leading && s.leading) s.store.demote();
    s.leading = leading;
  };

  /** The leader revokes what has expired, through the log, so every member deletes the same keys. */
  const expireLeases = (s: MemberState, ctx: Ctx) => {
    if (!s.leading) return;
    for (const id of s.store.expire(ctx.now())) {
      if (s.revoking[id]) continue;
      s.revoking[id] = true;
      const pid = s.nextProposal++;
      stepAndHandle(s, ctx, { type: 'propose', id: pid, data: { proposer: s.proposer, pid, command: { type: 'leaseRevoke', id } } });
    }
  };

  const stepAndHandle = (s: MemberState, ctx: Ctx, input: RaftInput) => {
    if (!s.removed) handle(s, ctx, step(s.raft, input));
  };

  return defineActor<MemberMsg | SelfMsg, MemberState>({
    kind: 'etcd-member',
    init: (ctx) => {
      const { hardState, entries, snapshot } = readDurable(ctx.disk);
      const seed = Math.floor(ctx.random() * 2 ** 32);
      const raft = createRaft(config, { voters: options.peers, learners: options.learners ?? [] }, seed, { ...(hardState ? { hardState } : {}), entries, ...(snapshot ? { snapshot } : {}) });
      const { store, sessions } = snapshot ? stateOf(snapshot, options.store) : { store: new MvccStore(options.store), sessions: {} };
      ctx.timers.every('tick', tickMs, { type: 'Tick' });
      ctx.timers.every('progress', options.progressNotifyMs ?? 600_000, { type: 'ProgressNotify' });
      const boot = (ctx.disk.get(BOOT) ?? 0) + 1;
      ctx.disk.put(BOOT, boot);
      ctx.disk.fsync();
      const state: MemberState = {
        proposer: `${options.id}/${boot}`,
        raft,
        store,
        sessions,
        streams: {},
        changing: null,
        removed: false,
        gone: [],
        joined: options.join !== true,
        members: [...options.peers, ...(options.learners ?? [])],
        outbox: {},
        batch: 0,
        syncing: 0,
        written: { term: hardState?.term ?? 0, vote: hardState?.vote ?? null },
        persistedLast: raft.log.lastIndex(),
        nextProposal: 1,
        writes: {},
        reads: {},
        readyReads: [],
        leading: false,
        revoking: {},
      };
      // The configuration applied so far: the log after the snapshot is applied again, in order
      // (raft.membership may already be a later one, appended but not yet committed).
      if (snapshot) adopt(state, snapshot.membership);
      return state;
    },
    receive: (s, m, ctx) => {
      switch (m.type) {
        case 'Tick':
          stepAndHandle(s, ctx, { type: 'tick' });
          expireLeases(s, ctx);
          if (s.raft.leader === null && Object.keys(s.streams).length > 0) closeStreams(s, ctx, 'etcdserver: no leader');
          dropSilentStreams(s, ctx.now());
          break;
        case 'Raft':
          if (s.gone.includes(m.message.from)) ctx.send(etcdMemberService.on(m.message.from), { type: 'Removed' });
          else stepAndHandle(s, ctx, { type: 'message', message: m.message });
          break;
        case 'ProgressNotify':
          s.store.progressTick();
          flushWatches(s, ctx);
          break;
        case 'Removed':
          if (!s.removed) remove(s, ctx);
          break;
        case 'Synced': {
          const out = s.outbox[m.batch];
          delete s.outbox[m.batch];
          if (!out) break;
          send(ctx, out.messages);
          if (out.last) stepAndHandle(s, ctx, { type: 'persisted', ...out.last });
          break;
        }
        case 'Request': {
          if (m.command.type === 'range') {
            if (m.serializable) {
              reply(ctx, m.replyTo, { type: 'Response', id: m.id, result: applyCommand(s.store, m.command) });
              break;
            }
            const rid = s.nextProposal++;
            s.reads[rid] = { client: m.id, command: m.command, replyTo: m.replyTo };
            stepAndHandle(s, ctx, { type: 'read', id: rid });
            break;
          }
          if (s.raft.role !== 'leader') {
            reply(ctx, m.replyTo, { type: 'NotLeader', id: m.id, leader: s.raft.leader });
            break;
          }
          const again = remembered(s.sessions, m.session);
          if (again !== undefined) {
            reply(ctx, m.replyTo, { type: 'Response', id: m.id, result: again });
            break;
          }
          const pid = s.nextProposal++;
          s.writes[pid] = { client: m.id, replyTo: m.replyTo };
          // A lease starts counting on the leader's clock, carried in the entry for every member.
          const command = m.command.type === 'leaseGrant' ? { ...m.command, now: ctx.now() } : m.command;
          const proposal: Proposal = { proposer: s.proposer, pid, command, ...(m.session ? { session: m.session } : {}) };
          stepAndHandle(s, ctx, { type: 'propose', id: pid, data: proposal });
          break;
        }
        case 'ChangeMembership': {
          if (s.raft.role !== 'leader' || s.changing !== null) {
            reply(ctx, m.replyTo, { type: 'NotLeader', id: m.id, leader: s.raft.role === 'leader' ? null : s.raft.leader });
            break;
          }
          const ready = step(s.raft, { type: 'propose-config', id: s.nextProposal++, membership: m.membership });
          // Refused while an earlier change is still being applied: the asker tries again later.
          if (ready.dropped.length > 0) reply(ctx, m.replyTo, { type: 'NotLeader', id: m.id, leader: null });
          else s.changing = { id: m.id, membership: m.membership, replyTo: m.replyTo };
          handle(s, ctx, ready);
          break;
        }
        case 'Watch':
          if (s.removed) break;
          s.streams[m.stream] ??= { to: m.replyTo, sent: 0, heard: ctx.now() };
          s.streams[m.stream]!.heard = ctx.now();
          s.store.watch(m.request, m.stream);
          flushWatches(s, ctx);
          break;
        case 'WatchCancel':
          if (m.watchId >= 0) s.store.cancelWatch(m.watchId, m.stream);
          else {
            s.store.closeWatchStream(m.stream);
            delete s.streams[m.stream];
          }
          flushWatches(s, ctx);
          break;
        case 'WatchProgress':
          if (s.streams[m.stream] === undefined) ctx.send(m.replyTo, { type: 'WatchClosed', stream: m.stream, reason: 'no such watch stream' });
          else {
            s.streams[m.stream]!.heard = ctx.now();
            s.store.requestProgress(m.stream);
            flushWatches(s, ctx);
          }
          break;
        case 'LeaseKeepAlive':
          if (!s.leading) reply(ctx, m.replyTo, { type: 'NotLeader', id: m.id, leader: s.raft.leader });
          else reply(ctx, m.replyTo, { type: 'KeptAlive', id: m.id, lease: m.lease, ttl: s.store.keepAlive(m.lease, ctx.now()).ttl });
          break;
        case 'TransferLeadership':
          stepAndHandle(s, ctx, { type: 'transfer-leadership', to: m.to });
          break;
      }
      return s;
    },
    describe: (s) => ({
      role: s.removed ? 'removed' : s.raft.role,
      term: s.raft.term,
      leader: s.raft.leader,
      commit: s.raft.log.committed,
      applied: s.raft.log.applied,
      lastIndex: s.raft.log.lastIndex(),
      revision: s.store.revision,
      keys: s.store.range('\0', '\0', { countOnly: true }).count,
      hash: digest(s).slice(0, 16),
      voters: s.raft.membership.voters.join(','),
      snapshot: s.raft.log.snapIndex,
      watchStreams: Object.keys(s.streams).length,
    }),
  });
}
