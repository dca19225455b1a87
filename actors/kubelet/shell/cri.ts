// The kubelet's side of CRI: requests get ids, and each reply (or the lack of one) finds the
// continuation it was sent for by id. A continuation is a tag — plain data, so the kubelet's state
// stays inspectable and traceable — interpreted by whoever sent the request.
//
// Timeouts: Kubernetes gives the runtime 2 minutes (runtimeRequestTimeout) but a dead containerd
// refuses the socket at once. Our asks cannot see a dead actor, so a call waits for its own work
// (a stop's grace period, an exec's timeout, a pull) plus 10 s: that stands for the refusal.

import type { ActorContext, AskResult } from '../../../runtime/index.ts';
import { containerRuntimeService, type CriReply, type CriRequest } from '../../../protocols/kube/cri.ts';

/** A request as the kubelet writes it: the id and reply address are filled in here. */
export type CriCall = CriRequest extends infer R ? (R extends CriRequest ? Omit<R, 'reqId' | 'replyTo'> : never) : never;

/** What a reply continues: a pod worker's sync, a probe, or the kubelet's own node work. */
export type CriTag =
  | { readonly for: 'pod'; readonly uid: string; readonly run: number; readonly part?: string }
  | { readonly for: 'probe'; readonly uid: string; readonly key: string; readonly run: number }
  | { readonly for: 'node'; readonly what: string };

export interface CriClient {
  nextId: number;
  pending: Record<number, CriTag>;
}

export type CriAnswerMsg = { readonly type: 'CriAnswer'; readonly reqId: number; readonly result: AskResult<CriReply> };

export const criClient = (): CriClient => ({ nextId: 1, pending: {} });

const SLACK_MS = 10_000;
const PULL_MS = 5 * 60_000;

function timeoutOf(call: CriCall): number {
  if (call.type === 'StopContainer') return call.timeout * 1000 + SLACK_MS;
  if (call.type === 'ExecSync') return call.timeout * 1000 + SLACK_MS;
  if (call.type === 'PullImage') return PULL_MS;
  return SLACK_MS;
}

type Ctx = Pick<ActorContext<CriAnswerMsg>, 'ask'>;

export function criCall(c: CriClient, ctx: Ctx, node: string, call: CriCall, tag: CriTag): number {
  const reqId = c.nextId++;
  c.pending[reqId] = tag;
  ctx.ask<CriRequest, CriReply>(
    containerRuntimeService.on(node),
    (replyTo) => ({ ...call, reqId, replyTo }) as CriRequest,
    timeoutOf(call),
    (result) => ({ type: 'CriAnswer', reqId, result }),
  );
  return reqId;
}

/** A call's outcome: the reply's response, or an error (the runtime's, or no answer in time). */
export type CriOutcome = { readonly ok: true; readonly reply: CriReply & { readonly ok: true } } | { readonly ok: false; readonly code: string; readonly message: string };

/** The tag an answer continues and its outcome, once; undefined for an answer nobody waits for. */
export function criAnswered(c: CriClient, m: CriAnswerMsg): { readonly tag: CriTag; readonly outcome: CriOutcome } | undefined {
  const tag = c.pending[m.reqId];
  if (tag === undefined) return undefined;
  delete c.pending[m.reqId];
  if (!m.result.ok) return { tag, outcome: { ok: false, code: 'Unavailable', message: `rpc error: code = Unavailable desc = ${m.result.error}` } };
  const r = m.result.reply;
  if (!r.ok) return { tag, outcome: { ok: false, code: r.error.code, message: `rpc error: code = ${r.error.code} desc = ${r.error.message}` } };
  return { tag, outcome: { ok: true, reply: r } };
}
