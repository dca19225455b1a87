// An etcd client's protocol, for any actor to run: the etcd client actor (actors/etcd/member/
// client.ts) runs it alone, a kube-apiserver replica runs it inside itself, so its requests and
// its watch's events reach it without a hop through another actor. One core, two hosts for it.
//
// It finds the leader by following NotLeader hints and moves on to the next member when one does
// not answer in time. Up to `window` requests are in flight at once (clientv3 multiplexes its
// requests over one connection; the kube-apiserver's client has many out), each retried on its
// own; a window of 1 sends them one at a time, in order.
//
// Writes are exactly-once: each carries this client's session id and a sequence number, and a
// retry (after a timeout, on any member) carries the same pair; the members' state machine
// applies a pair at most once and answers a repeat with the first result (see sessions.ts). Each
// also carries the lowest sequence number still unanswered, below which the members forget.
// The session id names this client's boot (counted on its host's disk), so a restarted client
// never collides with its earlier self.
//
// Reads are linearizable (ReadIndex on the leader) unless asked serializable (any member, at
// once, possibly stale). Watches resume on another member from the revision after the last
// event delivered when their member dies, restarts, loses its leader or stops answering.

import { type ActorContext, type ActorRef, type AskResult, valueFile } from '../../runtime/index.ts';
import type { ClientMsg, WatchCreated, WatchUpdate } from '../../protocols/etcd/client.ts';
import type { StoreCommand, StoreResult } from '../../protocols/etcd/kv.ts';
import { type ClientReply, etcdMemberService, type MemberMsg, type WatchReply } from '../../protocols/etcd/member.ts';
import type { NodeId } from '../../protocols/etcd/raft.ts';
import { type ClientWatch, onResponse, resumeRequest } from './etcd-watch.ts';

/** What the client tells itself, and what members send down its watch streams. */
export type EtcdClientSelfMsg =
  /** The answer to attempt `attempt` of the request `op` (EtcdOp.key). */
  | { readonly type: 'Answer'; readonly op: number; readonly attempt: number; readonly result: AskResult<ClientReply> }
  | { readonly type: 'Retry'; readonly op: number }
  | { readonly type: 'Probe' }
  | WatchReply;

const RETRY_MS = 50;
/** How often a watch's member is asked for progress; a stream silent for two rounds is resumed elsewhere. */
const PROBE_MS = 1000;

export interface EtcdOp {
  readonly id: number;
  readonly command: StoreCommand;
  readonly serializable: boolean;
  readonly replyTo?: ActorRef<never>;
  /** Writes only: the sequence number every attempt carries. */
  readonly seq?: number;
}

/** A request sent and not yet answered. */
interface Flight {
  /** Names the request in its answers and retries. */
  readonly key: number;
  readonly op: EtcdOp;
  /** The current attempt's number (answers to earlier ones are stale) and the member it went to. */
  attempt: number;
  target: number;
}

export interface EtcdWatch extends ClientWatch {
  readonly replyTo: ActorRef<never>;
  /** Who hears of the watch's creation, if anyone asked. */
  readonly createdTo?: ActorRef<never>;
  member: number;
  stream: string;
  attempt: number;
  /** Heard from its stream since the last probe. */
  alive: boolean;
  /** Responses received on the current stream. */
  received: number;
}

export interface EtcdClientState {
  session: string;
  target: number;
  /** Requests waiting for room in the window, in order. */
  queue: EtcdOp[];
  /** Requests sent and unanswered, in the order they were sent first. */
  inFlight: Flight[];
  nextKey: number;
  nextSeq: number;
  nextAttempt: number;
  /** Puts acknowledged since the client booted (a count: their keys and values came and went in traced messages). */
  acked: number;
  /** The revision of the last acknowledged put (0 before the first). */
  lastAckedRevision: number;
  attempts: number;
  watches: Record<number, EtcdWatch>;
}

/** What of its host actor's context the client uses: any actor whose messages include the client's own. */
export type EtcdClientCtx = Pick<ActorContext<EtcdClientSelfMsg>, 'self' | 'path' | 'timers' | 'disk' | 'send' | 'ask'>;
type Ctx = EtcdClientCtx;

/** Where answers and watch updates go: the host actor decides (send them on, or handle them in place). */
export interface EtcdClientOutlet {
  result(op: EtcdOp, result: StoreResult, ctx: Ctx): void;
  watch(id: number, w: EtcdWatch, update: WatchUpdate | WatchCreated, ctx: Ctx): void;
}
/**
 * What a client's checkpoint hash covers: its counters and the lengths of its queues. Their
 * contents came in traced messages; hashing them whole every virtual second cost a client with
 * thousands of queued or acknowledged writes more than the writes themselves.
 */
export function etcdClientDigest(s: EtcdClientState): unknown {
  return { session: s.session, seq: s.nextSeq, attempts: s.attempts, target: s.target, queued: s.queue.length, inFlight: s.inFlight.length, acked: s.acked, lastAcked: s.lastAckedRevision, watches: Object.keys(s.watches).length };
}

/** A member's Request for `op`: its fields in the order the wire and the trace have always had them. */
function request(id: number, op: EtcdOp, session: object | undefined, replyTo: ActorRef<ClientReply>): MemberMsg {
  const { command } = op;
  if (session === undefined) return op.serializable ? { type: 'Request', id, command, serializable: true, replyTo } : { type: 'Request', id, command, replyTo };
  return (op.serializable ? { type: 'Request', id, command, serializable: true, session, replyTo } : { type: 'Request', id, command, session, replyTo }) as MemberMsg;
}

/** The watch id a stream name `<session>/watch-<id>/<attempt>` carries (NaN when it carries none). */
export function watchIdOf(stream: string): number {
  const at = stream.lastIndexOf('/watch-');
  const end = stream.lastIndexOf('/');
  return at < 0 || end <= at + 7 ? NaN : Number(stream.slice(at + 7, end));
}

/** Counts the client's boots: its session id names the boot, so a restarted client is a new session. */
const BOOT = valueFile<number>('client/boot');

/**
 * `members`: the ids of the members to try, which are the names of their hosts. `window`: how
 * many requests may be in flight at once (default 1: one at a time).
 */
export function etcdClientCore(options: { readonly members: readonly NodeId[]; readonly timeoutMs?: number; readonly window?: number }) {
  const timeout = options.timeoutMs ?? 500;
  const window = Math.max(1, options.window ?? 1);
  // Addresses are frozen values: one per member, not one per message.
  const addresses = options.members.map((m) => etcdMemberService.on(m));
  const memberAt = (i: number) => addresses[i % addresses.length]!;

  /**
   * The lowest sequence number not yet answered: every write below it has had its answer. The
   * queue holds only writes numbered after those in flight (it is first in, first out), so the
   * flights alone decide it.
   */
  const lowestUnanswered = (s: EtcdClientState): number => {
    let lowest = s.nextSeq;
    for (const f of s.inFlight) if (f.op.seq !== undefined && f.op.seq < lowest) lowest = f.op.seq;
    return lowest;
  };

  const send = (s: EtcdClientState, ctx: Ctx, f: Flight) => {
    const id = s.nextAttempt++;
    f.attempt = id;
    f.target = s.target;
    s.attempts++;
    const op = f.op;
    let session: { client: string; seq: number; lowest?: number } | undefined;
    if (op.seq !== undefined) {
      // `lowest` only when it says more than the tag itself does (a write below this one unanswered).
      const lowest = lowestUnanswered(s);
      session = lowest < op.seq ? { client: s.session, seq: op.seq, lowest } : { client: s.session, seq: op.seq };
    }
    const key = f.key;
    ctx.ask<MemberMsg, ClientReply>(memberAt(s.target), (replyTo) => request(id, op, session, replyTo), timeout, (result) => ({ type: 'Answer', op: key, attempt: id, result }));
  };

  /** Sends queued requests while the window has room. */
  const fill = (s: EtcdClientState, ctx: Ctx) => {
    while (s.inFlight.length < window && s.queue.length > 0) {
      const f: Flight = { key: s.nextKey++, op: s.queue.shift()!, attempt: 0, target: s.target };
      s.inFlight.push(f);
      send(s, ctx, f);
    }
  };

  const enqueue = (s: EtcdClientState, ctx: Ctx, id: number, command: StoreCommand, serializable: boolean, replyTo?: ActorRef<never>) => {
    // Fields in the order the op always had them (WriteAll's carry no replyTo).
    let op: EtcdOp;
    if (command.type === 'range') op = replyTo === undefined ? { id, command, serializable } : { id, command, serializable, replyTo };
    else op = replyTo === undefined ? { id, command, serializable, seq: s.nextSeq++ } : { id, command, serializable, replyTo, seq: s.nextSeq++ };
    s.queue.push(op);
    fill(s, ctx);
  };

  const flightOf = (s: EtcdClientState, key: number): Flight | undefined => s.inFlight.find((f) => f.key === key);

  const answered = (s: EtcdClientState, ctx: Ctx, out: EtcdClientOutlet, m: EtcdClientSelfMsg & { type: 'Answer' }) => {
    const f = flightOf(s, m.op);
    if (f === undefined || f.attempt !== m.attempt) return;
    const r = m.result;
    const op = f.op;
    if (r.ok && r.reply.type === 'Response') {
      const res = r.reply.result;
      if (op.command.type === 'put' && res.ok) {
        s.acked++;
        s.lastAckedRevision = res.response.header.revision;
      }
      s.inFlight.splice(s.inFlight.indexOf(f), 1);
      out.result(op, res, ctx);
      // The outlet may have handled the answer in place and asked again already.
      fill(s, ctx);
    } else if (r.ok && r.reply.type === 'NotLeader' && r.reply.leader !== null && options.members.includes(r.reply.leader) && !op.serializable) {
      s.target = options.members.indexOf(r.reply.leader);
      send(s, ctx, f);
    } else {
      // No answer, or no leader this client knows of (an election is under way, or a member added
      // since it started leads): try the next member, later. Only the first request to give up
      // on a member moves the client on; the others follow it there.
      // A write goes again with the same sequence number, so it is applied once at most.
      if (f.target === s.target) s.target++;
      ctx.timers.once(`retry-${f.key}`, RETRY_MS, { type: 'Retry', op: f.key });
    }
  };

  const open = (s: EtcdClientState, ctx: Ctx, id: number, w: EtcdWatch) => {
    w.stream = `${s.session}/watch-${id}/${++w.attempt}`;
    w.alive = true;
    w.received = 0;
    ctx.send(memberAt(w.member), { type: 'Watch', stream: w.stream, request: resumeRequest(w), replyTo: ctx.self });
  };

  const resume = (s: EtcdClientState, ctx: Ctx, id: number, w: EtcdWatch) => {
    ctx.send(memberAt(w.member), { type: 'WatchCancel', stream: w.stream, watchId: -1 });
    w.member++;
    open(s, ctx, id, w);
  };

  const watchOf = (s: EtcdClientState, stream: string): [number, EtcdWatch] | undefined => {
    // A stream names its watch (see open): looked up by that id first, as every response on a
    // live stream is; a for-in over the watches, slow on their numeric keys, is left for the rest.
    const id = watchIdOf(stream);
    const named = s.watches[id];
    if (named !== undefined && named.stream === stream) return [id, named];
    for (const id in s.watches) if (s.watches[id]!.stream === stream) return [Number(id), s.watches[id]!];
    return undefined;
  };

  return {
    init(ctx: Ctx): EtcdClientState {
      const boot = (ctx.disk.get(BOOT) ?? 0) + 1;
      ctx.disk.put(BOOT, boot);
      ctx.disk.fsync();
      ctx.timers.every('probe', PROBE_MS, { type: 'Probe' });
      return { session: `${ctx.path}#${boot}`, target: 0, queue: [], inFlight: [], nextKey: 1, nextSeq: 1, nextAttempt: 1, acked: 0, lastAckedRevision: 0, attempts: 0, watches: {} };
    },

    /** A request of the client's user, or one of the client's own messages. */
    receive(s: EtcdClientState, m: ClientMsg | EtcdClientSelfMsg, ctx: Ctx, out: EtcdClientOutlet): void {
      switch (m.type) {
        case 'Request':
          enqueue(s, ctx, m.id, m.command, m.serializable === true, m.replyTo as ActorRef<never>);
          break;
        case 'WriteAll':
          for (const command of m.commands) enqueue(s, ctx, 0, command, false);
          break;
        case 'Answer':
          answered(s, ctx, out, m);
          break;
        case 'Retry': {
          const f = flightOf(s, m.op);
          if (f !== undefined) send(s, ctx, f);
          break;
        }
        case 'Watch': {
          const w: EtcdWatch = {
            request: m.request,
            replyTo: m.replyTo as ActorRef<never>,
            ...(m.createdNotify ? { createdTo: m.replyTo as ActorRef<never> } : {}),
            nextRevision: 0,
            createdAt: 0,
            member: s.target,
            stream: '',
            attempt: 0,
            alive: true,
            received: 0,
          };
          s.watches[m.id] = w;
          open(s, ctx, m.id, w);
          break;
        }
        case 'RequestProgress': {
          const w = s.watches[m.id];
          if (w !== undefined && w.stream !== '') ctx.send(memberAt(w.member), { type: 'WatchProgress', stream: w.stream, replyTo: ctx.self });
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
          if (w.createdTo && m.response.created && w.createdAt === 0) out.watch(id, w, { type: 'WatchCreated', id, revision: m.response.header.revision }, ctx);
          const o = onResponse(w, m.response);
          if (o.kind === 'events') out.watch(id, w, { type: 'WatchEvents', id, events: o.events, revision: o.revision }, ctx);
          else if (o.kind === 'canceled') {
            // Gone before the outlet hears of it, which may watch again under the same id.
            delete s.watches[id];
            out.watch(id, w, { type: 'WatchCanceled', id, reason: o.reason, compactRevision: o.compactRevision }, ctx);
            // Each watch has a stream of its own: close it, rather than leave the member to notice.
            ctx.send(memberAt(w.member), { type: 'WatchCancel', stream: w.stream, watchId: -1 });
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
    },
  };
}
