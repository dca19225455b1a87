// The LeaderElector run by its owner actor: ticks a retry period apart (a candidate's jittered,
// see nextTickMs), the Lease calls through the owner's ApiClient (tag `lease/<attempt>`), a timer at the leader's
// deadline so it steps down on time even while its calls hang. The owner hears
// 'startedLeading' and 'stoppedLeading' as return values and acts on them (kube-controller-
// manager starts its controllers on the first and exits on the second).

import type { ApiClientState } from './api-client.ts';
import { type ApiClientMsg, type ApiDone, callApi } from './api-client-shell.ts';
import type { ClientCtx } from './ctx.ts';
import { answered, deadlinePassed, type ElectorOutput, type ElectorState, type LeaderElectionConfig, nextTickMs, tick } from './leader-election.ts';

export type LeaderMsg = { readonly type: 'LeaderTick' } | { readonly type: 'LeaderDeadline' };
export type LeaderEvent = 'startedLeading' | 'stoppedLeading';
type Ctx = ClientCtx<LeaderMsg | ApiClientMsg>;

const TAG = 'lease/';

function perform(api: ApiClientState, ctx: Ctx, outs: readonly ElectorOutput[]): LeaderEvent[] {
  const events: LeaderEvent[] = [];
  for (const o of outs) {
    if (o.type === 'call') callApi(api, ctx, o.call, `${TAG}${o.attempt}`);
    else if (o.type === 'deadline') ctx.timers.once('leader-election/deadline', Math.max(0, o.at - ctx.now()), { type: 'LeaderDeadline' });
    else events.push(o.type);
  }
  return events;
}

const pick = (ctx: Ctx) => (n: number) => Math.floor(ctx.random() * n);

function ticked(s: ElectorState, c: LeaderElectionConfig, api: ApiClientState, ctx: Ctx): LeaderEvent[] {
  const events = perform(api, ctx, tick(s, c, ctx.now()));
  ctx.timers.once('leader-election/tick', nextTickMs(s, c, pick(ctx)), { type: 'LeaderTick' });
  return events;
}

/** Starts campaigning: a first tick now. */
export function startElection(s: ElectorState, c: LeaderElectionConfig, api: ApiClientState, ctx: Ctx): LeaderEvent[] {
  return ticked(s, c, api, ctx);
}

export function onLeaderMsg(s: ElectorState, c: LeaderElectionConfig, api: ApiClientState, ctx: Ctx, m: LeaderMsg): LeaderEvent[] {
  return m.type === 'LeaderTick' ? ticked(s, c, api, ctx) : perform(api, ctx, deadlinePassed(s, ctx.now()));
}

/** A finished ApiClient call: the elector's events if it was a Lease call, undefined if not. */
export function onLeaderApiDone(s: ElectorState, c: LeaderElectionConfig, api: ApiClientState, ctx: Ctx, d: ApiDone): LeaderEvent[] | undefined {
  if (!d.tag.startsWith(TAG)) return undefined;
  return perform(api, ctx, answered(s, c, ctx.now(), Number(d.tag.slice(TAG.length)), d.result));
}

export const isLeaderMsg = (m: { readonly type: string }): m is LeaderMsg => m.type === 'LeaderTick' || m.type === 'LeaderDeadline';
