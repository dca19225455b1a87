// The etcd member actor: a thin shell around the Raft core. It persists what each step asks for
// (fsync before sending anything that depends on it), sends to its peers, applies committed
// entries to its state machine, and answers its clients.
//
// The state machine is the MVCC store (actors/etcd/mvcc): writes are applied in log order on
// every member, and each member's store answers reads once they are safe.

import { type ActorContext, type ActorRef, defineActor } from '../../../runtime/index.ts';
import { createRaft, type RaftState, step } from '../raft/raft.ts';
import { defaultRaftConfig, type Entry, type HardState, type NodeId, type RaftConfig, type RaftInput, type RaftMessage, type Ready } from '../raft/types.ts';
import { applyCommand, MvccStore, type StoreCommand } from '../mvcc/index.ts';
import type { ClientReply, MemberMsg } from './protocol.ts';
import { BOOT, HARD_STATE, LOG, readDurable } from './wal.ts';

export interface MemberOptions {
  readonly id: NodeId;
  readonly peers: readonly NodeId[];
  /** Where each member runs: an address, so it outlives crashes. */
  readonly pathOf: (id: NodeId) => string;
  /** etcd's heartbeat interval: 100ms; its election timeout, 1000ms, is 10 ticks. */
  readonly tickMs?: number;
  readonly raft?: Partial<Omit<RaftConfig, 'id'>>;
  /**
   * A bug planted on purpose, for the tests that must catch it: everything is sent (and the
   * leader counts its own entries) before the fsync of what it depends on completes.
   */
  readonly plantAckBeforeFsync?: boolean;
}

type Pending = { readonly client: number; readonly replyTo: ActorRef<ClientReply> };
type PendingRead = { readonly client: number; readonly command: StoreCommand; readonly replyTo: ActorRef<ClientReply> };

export interface MemberState {
  /** This member's boot, counted on its disk: proposals of an earlier boot are not this one's. */
  proposer: string;
  raft: RaftState;
  store: MvccStore;
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


type Ctx = ActorContext<MemberMsg>;

/** A leader's own traffic, which says nothing about what it has on disk. */
const sendsBeforeSync = (m: RaftMessage) => m.type === 'MsgApp' || m.type === 'MsgHeartbeat' || m.type === 'MsgSnap' || m.type === 'MsgTimeoutNow';

export function etcdMember(options: MemberOptions) {
  const tickMs = options.tickMs ?? 100;
  const config: RaftConfig = { ...defaultRaftConfig, ...options.raft, id: options.id };

  const send = (ctx: Ctx, messages: readonly RaftMessage[]) => {
    for (const m of messages) ctx.send(ctx.address<MemberMsg>(options.pathOf(m.to)), { type: 'Raft', message: m });
  };

  const reply = (ctx: Ctx, to: ActorRef<ClientReply>, msg: ClientReply) => ctx.send(to, msg);

  const apply = (s: MemberState, ctx: Ctx, entries: readonly Entry[]) => {
    for (const e of entries) {
      const d = e.data as { proposer: string; pid: number; command: StoreCommand } | undefined;
      if (d === undefined) continue;
      const result = applyCommand(s.store, d.command);
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
    const durable = ready.hardState !== undefined || ready.entries.length > 0;
    const termOrVote = ready.hardState !== undefined && (ready.hardState.term !== s.written.term || ready.hardState.vote !== s.written.vote);
    if (ready.hardState) {
      ctx.disk.put(HARD_STATE, ready.hardState);
      s.written = { term: ready.hardState.term, vote: ready.hardState.vote };
    }
    const last = ready.entries[ready.entries.length - 1];
    if (last) {
      const first = ready.entries[0]!.index;
      if (first <= s.persistedLast) ctx.disk.append(LOG, { truncateFrom: first });
      for (const entry of ready.entries) ctx.disk.append(LOG, { entry });
      s.persistedLast = last.index;
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

  const stepAndHandle = (s: MemberState, ctx: Ctx, input: RaftInput) => handle(s, ctx, step(s.raft, input));

  return defineActor<MemberMsg, MemberState>({
    kind: 'etcd-member',
    init: (ctx) => {
      const { hardState, entries, snapshot } = readDurable(ctx.disk);
      const seed = Math.floor(ctx.random() * 2 ** 32);
      const raft = createRaft(config, { voters: options.peers, learners: [] }, seed, { ...(hardState ? { hardState } : {}), entries, ...(snapshot ? { snapshot } : {}) });
      ctx.timers.every('tick', tickMs, { type: 'Tick' });
      const boot = ((ctx.disk.get(BOOT) as number | undefined) ?? 0) + 1;
      ctx.disk.put(BOOT, boot);
      ctx.disk.fsync();
      return {
        proposer: `${options.id}/${boot}`,
        raft,
        store: new MvccStore(),
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
    },
    receive: (s, m, ctx) => {
      switch (m.type) {
        case 'Tick':
          stepAndHandle(s, ctx, { type: 'tick' });
          expireLeases(s, ctx);
          break;
        case 'Raft':
          stepAndHandle(s, ctx, { type: 'message', message: m.message });
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
          const pid = s.nextProposal++;
          s.writes[pid] = { client: m.id, replyTo: m.replyTo };
          // A lease starts counting on the leader's clock, carried in the entry for every member.
          const command = m.command.type === 'leaseGrant' ? { ...m.command, now: ctx.now() } : m.command;
          stepAndHandle(s, ctx, { type: 'propose', id: pid, data: { proposer: s.proposer, pid, command } });
          break;
        }
        case 'LeaseKeepAlive':
          if (!s.leading) reply(ctx, m.replyTo, { type: 'NotLeader', id: m.id, leader: s.raft.leader });
          else reply(ctx, m.replyTo, { type: 'KeptAlive', id: m.id, lease: m.lease, ttl: s.store.keepAlive(m.lease, ctx.now()).ttl });
          break;
        case 'TransferLeadership':
          stepAndHandle(s, ctx, { type: 'transfer-leadership', to: m.to });
          break;
        case 'Terminated':
          break;
      }
      return s;
    },
    describe: (s) => ({
      role: s.raft.role,
      term: s.raft.term,
      leader: s.raft.leader,
      commit: s.raft.log.committed,
      applied: s.raft.log.applied,
      lastIndex: s.raft.log.lastIndex(),
      revision: s.store.revision,
      keys: s.store.range('\0', '\0', { countOnly: true }).count,
      hash: s.store.hash().slice(0, 16),
    }),
  });
}
