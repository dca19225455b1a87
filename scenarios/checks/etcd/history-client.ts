// A workload client that records its history for the linearizability checker: one operation at
// a time (get, put, compare-and-swap, delete on a few keys), each with its call and return time.
// A request that gets no answer in time has an unknown outcome: it may still take effect.

import { type AskResult, defineActor, stateKey } from '../../../runtime/index.ts';
import type { StoreCommand } from '../../../protocols/etcd/kv.ts';
import { type ClientReply, etcdMemberService, type MemberMsg } from '../../../protocols/etcd/member.ts';
import type { NodeId } from '../../../protocols/etcd/raft.ts';

// The checker's own vocabulary: get answers the value or null; put and delete 'ok'; cas 'ok' or 'failed'.
import type { KvInput, KvOutput } from '../linearizability/index.ts';
export type { KvInput, KvOutput };

/** A range over every workload key: checked by revision, not by the per-key linearizability model. */
export type RangeInput = { readonly op: 'range'; readonly key: string; readonly rangeEnd: string };

export interface Recorded {
  readonly client: number;
  readonly input: KvInput | RangeInput;
  /** Absent when the outcome is unknown. */
  readonly output?: KvOutput;
  readonly call: number;
  /** Absent when the outcome is unknown. */
  readonly return?: number;
  /** The store revision the answer reflects (header.revision), when there was one. */
  readonly revision?: number;
  /** A range's keys and values, in key order. */
  readonly kvs?: readonly (readonly [string, string])[];
}

export type HistoryClientMsg =
  /**
   * Start (or resume) the workload. `spread`: each operation goes first to the next of these
   * members in turn (a client balancing over its endpoints), and follows NotLeader hints from
   * there. `forMs`: pause again after so long.
   */
  | { readonly type: 'Start'; readonly spread?: readonly NodeId[]; readonly forMs?: number }
  | { readonly type: 'Answer'; readonly result: AskResult<ClientReply> }
  | { readonly type: 'Retry' }
  /** Finish the operation under way, then start no more until the next Start. */
  | { readonly type: 'Pause' };

export interface HistoryClientState {
  done: number;
  /** Answers in a row, for the operation under way, that named no leader. */
  misses: number;
  /** Started and not paused since: it starts new operations. */
  active: boolean;
  spread: readonly NodeId[] | null;
  target: number;
  inFlight: { input: KvInput | RangeInput; call: number } | null;
  history: Recorded[];
  nextId: number;
  lastSeen: string[];
}

function command(input: KvInput | RangeInput): StoreCommand {
  switch (input.op) {
    case 'range':
      return { type: 'range', key: input.key, rangeEnd: input.rangeEnd };
    case 'get':
      return { type: 'range', key: input.key };
    case 'put':
      return { type: 'put', key: input.key, value: input.value };
    case 'delete':
      return { type: 'deleteRange', key: input.key };
    case 'cas':
      return {
        type: 'txn',
        compare: [{ target: 'VALUE', result: 'EQUAL', key: input.key, value: input.expected ?? '' }],
        success: [{ type: 'put', key: input.key, value: input.value }],
        failure: [],
      };
  }
}

function output(input: KvInput | RangeInput, reply: ClientReply & { type: 'Response' }): KvOutput | undefined {
  if (!reply.result.ok) return undefined;
  if (input.op === 'range') return 'ok';
  const r = reply.result.response as { kvs?: { value: string }[]; succeeded?: boolean };
  if (input.op === 'get') return r.kvs?.[0]?.value ?? null;
  if (input.op === 'cas') return r.succeeded === true ? 'ok' : 'failed';
  return 'ok';
}

export const historyClientKey = stateKey<HistoryClientState>('etcd-history-client');

export function historyClient(options: {
  readonly id: number;
  readonly members: readonly NodeId[];
  readonly keys: readonly string[];
  readonly operations: number;
  readonly timeoutMs?: number;
  /**
   * How long to wait before asking another member after one that names no leader: `retryMs`
   * (50ms by default), doubling with each such answer in a row for one operation, up to 50ms.
   */
  readonly retryMs?: number;
  /** A pause between operations, drawn from [0, thinkMs), so a workload spans the faults. */
  readonly thinkMs?: number;
  /** Some operations are ranges over [key, rangeEnd). */
  readonly ranges?: { readonly key: string; readonly rangeEnd: string };
  /**
   * Only linearizable reads (ranges, when `ranges` is set, else gets): a reader that faults set
   * reading while leaders change. A range is checked against every answer before it by revision,
   * whatever keys that answer was about, so a stale one is caught more surely than a stale get.
   */
  readonly readOnly?: boolean;
}) {
  const timeout = options.timeoutMs ?? 1000;
  type Ctx = Parameters<Parameters<typeof defineActor<HistoryClientMsg, HistoryClientState>>[0]['receive']>[2];

  const pick = (s: HistoryClientState, ctx: Ctx): KvInput | RangeInput => {
    const key = options.keys[Math.floor(ctx.random() * options.keys.length)]!;
    const r = ctx.random();
    const value = `c${options.id}-${s.done}`;
    if (options.readOnly) return options.ranges ? { op: 'range', ...options.ranges } : { op: 'get', key };
    if (options.ranges && r < 0.1) return { op: 'range', ...options.ranges };
    if (r < 0.4) return { op: 'get', key };
    if (r < 0.7) return { op: 'put', key, value };
    if (r < 0.9) return { op: 'cas', key, expected: s.lastSeen[Math.floor(ctx.random() * s.lastSeen.length)] ?? value, value };
    return { op: 'delete', key };
  };

  const issue = (s: HistoryClientState, ctx: Ctx) => {
    if (s.inFlight === null) {
      if (s.done >= options.operations || !s.active) return;
      s.inFlight = { input: pick(s, ctx), call: ctx.now() };
      if (s.spread !== null && s.spread.length > 0) s.target = Math.max(0, options.members.indexOf(s.spread[s.done % s.spread.length]!));
    }
    const id = s.nextId++;
    const cmd = command(s.inFlight.input);
    const to = etcdMemberService.on(options.members[s.target % options.members.length]!);
    ctx.ask<MemberMsg, ClientReply>(to, (replyTo) => ({ type: 'Request', id, command: cmd, replyTo }), timeout, (result) => ({ type: 'Answer', result }));
  };

  /** To the next member: of those it spreads over, if it does, else of all it knows. */
  const moveOn = (s: HistoryClientState) => {
    const among = s.spread;
    if (among === null || among.length === 0) s.target++;
    else s.target = Math.max(0, options.members.indexOf(among[(among.indexOf(options.members[s.target % options.members.length]!) + 1) % among.length]!));
  };

  const finish = (s: HistoryClientState, rec: Recorded) => {
    s.history.push(rec);
    if (rec.input.op === 'put' || rec.input.op === 'cas') s.lastSeen.push(rec.input.value);
    if (rec.input.op === 'get' && typeof rec.output === 'string') s.lastSeen.push(rec.output);
    if (s.lastSeen.length > 8) s.lastSeen.shift();
    s.inFlight = null;
    s.misses = 0;
    s.done++;
  };

  return defineActor<HistoryClientMsg, HistoryClientState>({
    kind: historyClientKey.kind,
    init: () => ({ done: 0, misses: 0, active: false, spread: null, target: options.id, inFlight: null, history: [], nextId: 1, lastSeen: [] }),
    receive: (s, m, ctx) => {
      if (m.type === 'Pause') {
        s.active = false;
        return s;
      }
      if (m.type === 'Start') {
        s.spread = m.spread ?? null;
        if (m.forMs !== undefined) ctx.timers.once('pause', m.forMs, { type: 'Pause' });
        else ctx.timers.cancel('pause');
        if (s.active) return s;
        s.active = true;
        // Already asking: its answer starts the next operation. Otherwise a pause between
        // operations may be pending, which would start a second one: this start replaces it.
        if (s.inFlight !== null) return s;
        ctx.timers.cancel('next');
        issue(s, ctx);
        return s;
      }
      if (m.type === 'Retry') {
        issue(s, ctx);
        return s;
      }
      const op = s.inFlight;
      if (op === null) return s;
      const r = m.result;
      if (r.ok && r.reply.type === 'NotLeader') {
        // A member that is not the leader did nothing: try the leader it names, or another, later.
        const known = r.reply.leader !== null && options.members.includes(r.reply.leader);
        if (known) s.target = options.members.indexOf(r.reply.leader!);
        else moveOn(s);
        const wait = known ? 0 : Math.min(50, (options.retryMs ?? 50) * 2 ** s.misses++);
        ctx.timers.once('retry', wait, { type: 'Retry' });
        return s;
      }
      if (r.ok && r.reply.type === 'Response') {
        const out = output(op.input, r.reply);
        // An error from the store (none is expected for these commands) took no effect.
        const res = r.reply.result;
        const seen = res.ok ? { revision: res.response.header.revision, ...(op.input.op === 'range' ? { kvs: ((res.response as { kvs?: { key: string; value: string }[] }).kvs ?? []).map((kv) => [kv.key, kv.value] as const) } : {}) } : {};
        if (out !== undefined) finish(s, { client: options.id, input: op.input, output: out, call: op.call, return: ctx.now(), ...seen });
        else {
          s.inFlight = null;
          s.misses = 0;
        }
      } else {
        // No answer in time: the outcome is unknown, and the next request goes elsewhere.
        finish(s, { client: options.id, input: op.input, call: op.call });
        moveOn(s);
      }
      if (options.thinkMs && s.inFlight === null) ctx.timers.once('next', Math.floor(ctx.random() * options.thinkMs), { type: 'Retry' });
      else issue(s, ctx);
      return s;
    },
    describe: (s) => ({ done: s.done, of: options.operations }),
  });
}
