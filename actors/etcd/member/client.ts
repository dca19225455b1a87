// The etcd client other components use. It finds the leader by following NotLeader hints and
// moves on to the next member when one does not answer in time. Requests go one at a time.
//
// Writes are exactly-once: each carries this client's session id and a sequence number, and a
// retry (after a timeout, on any member) carries the same pair; the members' state machine
// applies a pair at most once and answers a repeat with the first result (see sessions.ts).
// The session id names this client's boot (counted on its host's disk), so a restarted client
// never collides with its earlier self.
//
// Reads are linearizable (ReadIndex on the leader) unless asked serializable (any member, at
// once, possibly stale). Watches resume on another member from the revision after the last
// event delivered when their member dies, restarts, loses its leader or stops answering.

import { type ActorContext, type ActorRef, type AskResult, defineActor, stateKey, valueFile } from '../../../runtime/index.ts';
import type { ClientMsg, ClientResult, WatchCreated, WatchUpdate } from '../../../protocols/etcd/client.ts';
import type { StoreCommand } from '../../../protocols/etcd/kv.ts';
import { type ClientReply, etcdMemberService, type MemberMsg, type WatchReply } from '../../../protocols/etcd/member.ts';
import type { NodeId } from '../../../protocols/etcd/raft.ts';
import { type ClientWatch, onResponse, resumeRequest } from './client-watch.ts';

/** What the client tells itself, and what members send down its watch streams. */
type SelfMsg = { readonly type: 'Answer'; readonly result: AskResult<ClientReply> } | { readonly type: 'Retry' } | { readonly type: 'Probe' } | WatchReply;

const RETRY_MS = 50;
/** How often a watch's member is asked for progress; a stream silent for two rounds is resumed elsewhere. */
const PROBE_MS = 1000;

interface Op {
  readonly id: number;
  readonly command: StoreCommand;
  readonly serializable: boolean;
  readonly replyTo?: ActorRef<ClientResult>;
  /** Writes only: the sequence number every attempt carries. */
  readonly seq?: number;
}

interface Watch extends ClientWatch {
  readonly replyTo: ActorRef<WatchUpdate>;
  /** Who hears of the watch's creation, if anyone asked. */
  readonly createdTo?: ActorRef<WatchCreated>;
  member: number;
  stream: string;
  attempt: number;
  /** Heard from its stream since the last probe. */
  alive: boolean;
  /** Responses received on the current stream. */
  received: number;
}

/** The typed name checks and tools read a client's state by (system.stateOf). */
export const etcdClientStateKey = stateKey<EtcdClientState>('etcd-client');

export interface EtcdClientState {
  session: string;
  target: number;
  queue: Op[];
  inFlight: Op | null;
  nextSeq: number;
  nextAttempt: number;
  acked: { key: string; value: string; revision: number }[];
  attempts: number;
  watches: Record<number, Watch>;
}

type Ctx = ActorContext<ClientMsg | SelfMsg>;
/** Counts the client's boots: its session id names the boot, so a restarted client is a new session. */
const BOOT = valueFile<number>('client/boot');

/** `members`: the ids of the members to try, which are the names of their hosts. */
export function etcdClient(options: { readonly members: readonly NodeId[]; readonly timeoutMs?: number }) {
  const timeout = options.timeoutMs ?? 500;
  const memberAt = (i: number) => etcdMemberService.on(options.members[i % options.members.length]!);

  const next = (s: EtcdClientState, ctx: Ctx) => {
    if (s.inFlight === null) s.inFlight = s.queue.shift() ?? null;
    const op = s.inFlight;
    if (op === null) return;
    const id = s.nextAttempt++;
    s.attempts++;
    const session = op.seq !== undefined ? { session: { client: s.session, seq: op.seq } } : {};
    ctx.ask<MemberMsg, ClientReply>(
      memberAt(s.target),
      (replyTo) => ({ type: 'Request', id, command: op.command, ...(op.serializable ? { serializable: true } : {}), ...session, replyTo }),
      timeout,
      (result) => ({ type: 'Answer', result }),
    );
  };

  const enqueue = (s: EtcdClientState, ctx: Ctx, op: Omit<Op, 'seq'>) => {
    s.queue.push(op.command.type === 'range' ? op : { ...op, seq: s.nextSeq++ });
    if (s.inFlight === null) next(s, ctx);
  };

  const answered = (s: EtcdClientState, ctx: Ctx, r: AskResult<ClientReply>) => {
    const op = s.inFlight;
    if (op === null) return;
    if (r.ok && r.reply.type === 'Response') {
      const res = r.reply.result;
      if (op.command.type === 'put' && res.ok) s.acked.push({ key: op.command.key, value: op.command.value ?? '', revision: res.response.header.revision });
      if (op.replyTo) ctx.send(op.replyTo, { type: 'Result', id: op.id, result: res });
      s.inFlight = null;
      next(s, ctx);
    } else if (r.ok && r.reply.type === 'NotLeader' && r.reply.leader !== null && options.members.includes(r.reply.leader) && !op.serializable) {
      s.target = options.members.indexOf(r.reply.leader);
      next(s, ctx);
    } else {
      // No answer, or no leader this client knows of (an election is under way, or a member added
      // since it started leads): try the next member, later.
      // A write goes again with the same sequence number, so it is applied once at most.
      s.target++;
      ctx.timers.once('retry', RETRY_MS, { type: 'Retry' });
    }
  };

  const open = (s: EtcdClientState, ctx: Ctx, id: number, w: Watch) => {
    w.stream = `${s.session}/watch-${id}/${++w.attempt}`;
    w.alive = true;
    w.received = 0;
    ctx.send(memberAt(w.member), { type: 'Watch', stream: w.stream, request: resumeRequest(w), replyTo: ctx.self });
  };

  const resume = (s: EtcdClientState, ctx: Ctx, id: number, w: Watch) => {
    ctx.send(memberAt(w.member), { type: 'WatchCancel', stream: w.stream, watchId: -1 });
    w.member++;
    open(s, ctx, id, w);
  };

  const watchOf = (s: EtcdClientState, stream: string): [number, Watch] | undefined => {
    for (const [id, w] of Object.entries(s.watches)) if (w.stream === stream) return [Number(id), w];
    return undefined;
  };

  return defineActor<ClientMsg | SelfMsg, EtcdClientState>({
    kind: etcdClientStateKey.kind,
    init: (ctx) => {
      const boot = (ctx.disk.get(BOOT) ?? 0) + 1;
      ctx.disk.put(BOOT, boot);
      ctx.disk.fsync();
      ctx.timers.every('probe', PROBE_MS, { type: 'Probe' });
      return { session: `${ctx.path}#${boot}`, target: 0, queue: [], inFlight: null, nextSeq: 1, nextAttempt: 1, acked: [], attempts: 0, watches: {} };
    },
    receive: (s, m, ctx) => {
      switch (m.type) {
        case 'Request':
          enqueue(s, ctx, { id: m.id, command: m.command, serializable: m.serializable === true, replyTo: m.replyTo });
          break;
        case 'WriteAll':
          for (const command of m.commands) enqueue(s, ctx, { id: 0, command, serializable: false });
          break;
        case 'Answer':
          answered(s, ctx, m.result);
          break;
        case 'Retry':
          next(s, ctx);
          break;
        case 'Watch': {
          const w: Watch = { request: m.request, replyTo: m.replyTo, ...(m.createdNotify ? { createdTo: m.replyTo } : {}), nextRevision: 0, createdAt: 0, member: s.target, stream: '', attempt: 0, alive: true, received: 0 };
          s.watches[m.id] = w;
          open(s, ctx, m.id, w);
          break;
        }
        case 'CancelWatch': {
          const w = s.watches[m.id];
          if (w) ctx.send(memberAt(w.member), { type: 'WatchCancel', stream: w.stream, watchId: -1 });
          delete s.watches[m.id];
          break;
        }
        case 'WatchResponse': {
          const found = watchOf(s, m.stream);
          if (!found) break;
          const [id, w] = found;
          w.alive = true;
          if (m.seq !== ++w.received) {
            // A response went missing: the stream is broken; resume after the last event delivered.
            resume(s, ctx, id, w);
            break;
          }
          // Resumed streams are created too, but the user was told of the watch's creation once.
          if (w.createdTo && m.response.created && w.createdAt === 0) ctx.send(w.createdTo, { type: 'WatchCreated', id, revision: m.response.header.revision });
          const out = onResponse(w, m.response);
          if (out.kind === 'events') ctx.send(w.replyTo, { type: 'WatchEvents', id, events: out.events, revision: out.revision });
          else if (out.kind === 'canceled') {
            ctx.send(w.replyTo, { type: 'WatchCanceled', id, reason: out.reason, compactRevision: out.compactRevision });
            // Each watch has a stream of its own: close it, rather than leave the member to notice.
            ctx.send(memberAt(w.member), { type: 'WatchCancel', stream: w.stream, watchId: -1 });
            delete s.watches[id];
          }
          break;
        }
        case 'WatchClosed': {
          const found = watchOf(s, m.stream);
          if (found) resume(s, ctx, found[0], found[1]);
          break;
        }
        case 'Probe':
          for (const [id, w] of Object.entries(s.watches)) {
            if (!w.alive) resume(s, ctx, Number(id), w);
            else {
              w.alive = false;
              ctx.send(memberAt(w.member), { type: 'WatchProgress', stream: w.stream, replyTo: ctx.self });
            }
          }
          break;
      }
      return s;
    },
    describe: (s) => ({ acked: s.acked.length, queued: s.queue.length + (s.inFlight ? 1 : 0), attempts: s.attempts, watches: Object.keys(s.watches).length }),
  });
}
