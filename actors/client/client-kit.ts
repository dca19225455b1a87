// Everything a component's actor needs from the client library, bundled: an ApiClient, shared
// informers, an optional leader elector and an event recorder, with one message type to route
// and one receive. The owner's own calls come back from `receive` as ApiDone values, tagged as
// the owner tagged them (tags starting 'informer/', 'lease/' or 'event/' are the kit's own);
// leadership changes come back as LeaderEvents. A component that is just a reconcile loop uses
// defineController (controller.ts), which is built on this.

import type { ApiCall } from '../../protocols/kube/api.ts';
import { type ApiClientConfig, apiClientState, type ApiClientState } from './api-client.ts';
import { type ApiClientMsg, type ApiDone, callApi, isApiClientMsg, onApiClientMsg } from './api-client-shell.ts';
import type { ClientCtx } from './ctx.ts';
import type { EventSource, EventType, ObjectReference } from './event-correlator.ts';
import { onEventApiDone, recordEvent, recorderState, type RecorderState } from './event-recorder-shell.ts';
import { hasSynced, type InformerState } from './informer.ts';
import { ADDED_INFORMER_BASE, type Deliver, informerSet, type InformerMsg, type InformerSpec, isInformerMsg } from './informer-shell.ts';
import { electorState, type ElectorState, isLeader, type LeaderElectionConfig } from './leader-election.ts';
import { isLeaderMsg, type LeaderEvent, type LeaderMsg, onLeaderApiDone, onLeaderMsg, startElection } from './leader-election-shell.ts';
import type { Lister } from './listers.ts';

export interface KitSpec {
  readonly client: ApiClientConfig;
  readonly informers?: readonly InformerSpec[];
  readonly leaderElection?: LeaderElectionConfig;
  /** Events' source. */
  readonly source: EventSource;
  /** Where virtual time 0 falls, for events' timestamps. */
  readonly epochMs?: number;
}

export type KitMsg = ApiClientMsg | InformerMsg | LeaderMsg;

export interface KitState {
  api: ApiClientState;
  informers: Record<string, InformerState>;
  /** How many informers the owner has added while running: the next one's watch ids follow. */
  added: number;
  elector: ElectorState | null;
  recorder: RecorderState;
}

export interface KitOutcome {
  /** The owner's own calls that finished. */
  readonly done: readonly ApiDone[];
  readonly leader: readonly LeaderEvent[];
}

export type Listers = Readonly<Record<string, Lister>>;
export type Kit = ReturnType<typeof clientKit>;

export function clientKit(spec: KitSpec) {
  const inf = informerSet(spec.informers ?? []);
  const le = spec.leaderElection;
  type Ctx = ClientCtx<KitMsg>;

  return {
    informerNames: inf.names,
    init: (now: number): KitState => ({ api: apiClientState(spec.client, now), informers: inf.init(), added: 0, elector: le ? electorState() : null, recorder: recorderState() }),
    /** Starts the informers and the election; call once, from a message (not from init). */
    start(s: KitState, ctx: Ctx, deliver: Deliver): LeaderEvent[] {
      inf.start(s.informers, s.api, ctx, deliver);
      return s.elector !== null && le ? startElection(s.elector, le, s.api, ctx) : [];
    },
    isMsg: (m: { readonly type: string }): m is KitMsg => isApiClientMsg(m) || isInformerMsg(m) || isLeaderMsg(m),
    receive(s: KitState, ctx: Ctx, m: KitMsg, deliver: Deliver): KitOutcome {
      const done: ApiDone[] = [];
      const leader: LeaderEvent[] = [];
      if (isLeaderMsg(m)) {
        if (s.elector !== null && le) leader.push(...onLeaderMsg(s.elector, le, s.api, ctx, m));
      } else if (isInformerMsg(m)) inf.onMsg(s.informers, s.api, ctx, m, deliver);
      else {
        const before = s.api.current;
        const finished = onApiClientMsg(s.api, ctx, m);
        // The ApiClient moved on from a replica: streams to it are taken for broken too.
        if (s.api.current !== before) inf.replicaDown(s.informers, s.api, ctx, before, deliver);
        for (const d of finished) {
          if (inf.onApiDone(s.informers, s.api, ctx, d, deliver) || onEventApiDone(s.recorder, s.api, ctx, d)) continue;
          const events = s.elector !== null && le ? onLeaderApiDone(s.elector, le, s.api, ctx, d) : undefined;
          if (events !== undefined) leader.push(...events);
          else done.push(d);
        }
      }
      return { done, leader };
    },
    /** Starts one of the owner's calls; it comes back in a later outcome's `done` with `tag`. */
    call: (s: KitState, ctx: Ctx, call: ApiCall, tag: string): number => callApi(s.api, ctx, call, tag),
    event(s: KitState, ctx: Ctx, ref: ObjectReference, type: EventType, reason: string, message: string): void {
      recordEvent(s.recorder, s.api, ctx, spec.source, ref, type, reason, message, spec.epochMs);
    },
    lister: (s: KitState, name: string): Lister => inf.lister(s.informers, name),
    /** Starts an informer while running (unless one of its name runs), e.g. on one object by a metadata.name field selector. */
    addInformer(s: KitState, ctx: Ctx, spec: InformerSpec, deliver: Deliver): void {
      if (s.informers[spec.name] !== undefined) return;
      inf.add(s.informers, s.api, ctx, spec, ADDED_INFORMER_BASE + s.added++ * 1_000_000, deliver);
    },
    /** Stops an informer addInformer started; its cache goes with it. */
    removeInformer: (s: KitState, ctx: Ctx, name: string): void => inf.remove(s.informers, s.api, ctx, name),
    /** An informer's cache and whether its first list is in; undefined for one not running. */
    informer(s: KitState, name: string): { readonly synced: boolean; readonly lister: Lister } | undefined {
      const st = s.informers[name];
      return st === undefined ? undefined : { synced: hasSynced(st), lister: inf.lister(s.informers, name) };
    },
    listers: (s: KitState): Listers => Object.fromEntries(inf.names.map((n) => [n, inf.lister(s.informers, n)])),
    hasSynced: (s: KitState): boolean => inf.hasSynced(s.informers),
    /**
     * What a checkpoint hashes of the kit (ActorDef.digest): calls made, each informer's resourceVersion,
     * event count and phase, and leadership; small, and changing whenever the caches do.
     */
    digest: (s: KitState): unknown => ({
      calls: s.api.nextId,
      informers: inf.names.map((n) => {
        const r = s.informers[n]!.reflector;
        return [r.lastSyncResourceVersion, r.watchEvents, r.phase];
      }),
      leading: s.elector?.leading ?? null,
    }),
    /** True without leader election; with it, whether this replica leads at `now`. */
    leading: (s: KitState, now: number): boolean => s.elector === null || isLeader(s.elector, now),
  };
}
