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

export interface MemberOptions {
  readonly id: NodeId;
  readonly peers: readonly NodeId[];
  /** Where each member runs: an address, so it outlives crashes. */
  readonly pathOf: (id: NodeId) => string;
  /** etcd's heartbeat interval: 100ms; its election timeout, 1000ms, is 10 ticks. */
  readonly tickMs?: number;
  readonly raft?: Partial<Omit<RaftConfig, 'id'>>;
}

type Pending = { readonly client: number; readonly replyTo: ActorRef<ClientReply> };
type PendingRead = { readonly client: number; readonly command: StoreCommand; readonly replyTo: ActorRef<ClientReply> };

interface MemberState {
  /** This member's boot, counted on its disk: proposals of an earlier boot are not this one's. */
  proposer: string;
  raft: RaftState;
  store: MvccStore;
  /** Messages waiting for the fsync of the batch they depend on. */
  outbox: Record<number, RaftMessage[]>;
  batch: number;
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

const LOG = 'raft/log';
const HARD_STATE = 'raft/hardstate';
const BOOT = 'member/boot';

/** What the log file holds: entries, and a marker where a follower's tail was replaced. */
type LogRecord = { readonly entry: Entry } | { readonly truncateFrom: number };

function restore(records: unknown[]): Entry[] {
  const entries: Entry[] = [];
  for (const r of records as LogRecord[]) {
    if ('truncateFrom' in r) entries.length = Math.max(0, r.truncateFrom - 1 - (entries[0] ? entries[0].index - 1 : 0));
    else entries.push(r.entry);
  }
  return entries;
}

type Ctx = ActorContext<MemberMsg>;

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

  /** Persist, then send (after fsync when anything was written), then apply. */
  const handle = (s: MemberState, ctx: Ctx, ready: Ready) => {
    const durable = ready.hardState !== undefined || ready.entries.length > 0;
    if (ready.hardState) ctx.disk.put(HARD_STATE, ready.hardState);
    if (ready.entries.length > 0) {
      const first = ready.entries[0]!.index;
      if (first <= s.persistedLast) ctx.disk.append(LOG, { truncateFrom: first });
      for (const entry of ready.entries) ctx.disk.append(LOG, { entry });
      s.persistedLast = ready.entries[ready.entries.length - 1]!.index;
    }
    if (durable) {
      const batch = ++s.batch;
      s.outbox[batch] = [...ready.messages];
      ctx.disk.fsync({ type: 'Synced', batch });
    } else send(ctx, ready.messages);
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
      const hardState = ctx.disk.get(HARD_STATE) as HardState | undefined;
      const entries = restore(ctx.disk.records(LOG));
      const seed = Math.floor(ctx.random() * 2 ** 32);
      const raft = createRaft(config, { voters: options.peers, learners: [] }, seed, { hardState, entries });
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
        persistedLast: entries.length > 0 ? entries[entries.length - 1]!.index : 0,
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
          if (out) send(ctx, out);
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
