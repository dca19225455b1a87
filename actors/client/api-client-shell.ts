// The ApiClient's effects performed with an actor's context: an attempt is an ask to the replica
// (its timeout is the client's), waits are timers keyed by call, and finished calls are returned
// to the owner's receive, which dispatches them by tag. The owner's protocol includes
// ApiClientMsg; its receive passes those messages to `onApiClientMsg`.

import type { AskResult } from '../../runtime/index.ts';
import type { ClientCtx } from './ctx.ts';
import { type ApiCall, type ApiResponse, type ApiResult, type ApiserverMsg, kubeApiserverService } from '../../protocols/kube/api.ts';
import { type ApiClientOutput, type ApiClientState, answered, fire, submit } from './api-client.ts';

export type ApiClientMsg =
  | { readonly type: 'KubeApiAnswer'; readonly id: number; readonly attempt: number; readonly result: AskResult<ApiResponse> }
  | { readonly type: 'KubeApiFire'; readonly id: number; readonly attempt: number };

/** A finished call, handed to the owner. */
export interface ApiDone {
  readonly tag: string;
  readonly id: number;
  readonly call: ApiCall;
  readonly result: ApiResult;
}

export type ApiCtx = ClientCtx<ApiClientMsg>;

const timerKey = (id: number) => `kube-api/${id}`;

function perform(s: ApiClientState, ctx: ApiCtx, outs: readonly ApiClientOutput[]): ApiDone[] {
  const done: ApiDone[] = [];
  for (const o of outs) {
    if (o.type === 'done') {
      ctx.timers.cancel(timerKey(o.id));
      done.push({ tag: o.tag, id: o.id, call: o.call, result: o.result });
    } else if (o.type === 'wait') {
      ctx.timers.once(timerKey(o.id), o.delayMs, { type: 'KubeApiFire', id: o.id, attempt: o.attempt });
    } else {
      const { id, attempt, call } = o;
      const token = s.pending[id]?.tag.startsWith('informer/') && s.readToken !== undefined ? s.readToken : s.token;
      ctx.ask<ApiserverMsg, ApiResponse>(
        kubeApiserverService.on(o.host),
        (replyTo) => ({ type: 'Call', id, call, ...(token === undefined ? {} : { token }), replyTo }),
        s.timeoutMs,
        (result) => ({ type: 'KubeApiAnswer', id, attempt, result }),
      );
    }
  }
  return done;
}

/** Starts a call; its result comes back from a later `onApiClientMsg`, tagged `tag`. Returns the call's id. */
export function callApi(s: ApiClientState, ctx: ApiCtx, call: ApiCall, tag: string): number {
  const id = s.nextId;
  perform(s, ctx, submit(s, call, tag, ctx.now()));
  return id;
}

export function onApiClientMsg(s: ApiClientState, ctx: ApiCtx, m: ApiClientMsg): ApiDone[] {
  if (m.type === 'KubeApiFire') return perform(s, ctx, fire(s, m.id, m.attempt, ctx.now()));
  const answer = m.result.ok ? { ok: true as const, result: m.result.reply.result } : { ok: false as const, error: m.result.error };
  return perform(s, ctx, answered(s, m.id, m.attempt, answer));
}

export const isApiClientMsg = (m: { readonly type: string }): m is ApiClientMsg => m.type === 'KubeApiAnswer' || m.type === 'KubeApiFire';
