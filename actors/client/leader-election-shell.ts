// The LeaderElector run by its owner actor: a tick every retry period (client-go jitters the
// acquire loop by up to 1.2 periods; here every candidate ticks at its own fixed phase), the
// Lease calls through the owner's ApiClient (tag `lease/<attempt>`), a timer at the leader's
// deadline so it steps down on time even while its calls hang. The owner hears
// 'startedLeading' and 'stoppedLeading' as return values and acts on them (kube-controller-
// manager starts its controllers on the first and exits on the second).

import type { ApiClientState } from './api-client.ts';
import { type ApiClientMsg, type ApiDone, callApi } from './api-client-shell.ts';
import type { ClientCtx } from './ctx.ts';
import { answered, deadlinePassed, type ElectorOutput, type ElectorState, type LeaderElectionConfig, leaderElectionDefaults, tick } from './leader-election.ts';

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

/** Starts campaigning: a first tick now, then every retry period. */
export function startElection(s: ElectorState, c: LeaderElectionConfig, api: ApiClientState, ctx: Ctx): LeaderEvent[] {
  ctx.timers.every('leader-election/tick', leaderElectionDefaults(c).retry, { type: 'LeaderTick' });
  return perform(api, ctx, tick(s, c, ctx.now()));
}

export function onLeaderMsg(s: ElectorState, c: LeaderElectionConfig, api: ApiClientState, ctx: Ctx, m: LeaderMsg): LeaderEvent[] {
  return perform(api, ctx, m.type === 'LeaderTick' ? tick(s, c, ctx.now()) : deadlinePassed(s, ctx.now()));
}

/** A finished ApiClient call: the elector's events if it was a Lease call, undefined if not. */
export function onLeaderApiDone(s: ElectorState, c: LeaderElectionConfig, api: ApiClientState, ctx: Ctx, d: ApiDone): LeaderEvent[] | undefined {
  if (!d.tag.startsWith(TAG)) return undefined;
  return perform(api, ctx, answered(s, c, ctx.now(), Number(d.tag.slice(TAG.length)), d.result));
}

export const isLeaderMsg = (m: { readonly type: string }): m is LeaderMsg => m.type === 'LeaderTick' || m.type === 'LeaderDeadline';
