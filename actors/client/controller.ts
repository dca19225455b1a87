// A controller as client-go's sample controller is written, made an actor: informers fill their
// caches and turn every change into work-queue keys; a worker takes a key, calls the pure
// `reconcile(key, listers, now)` and sends the writes it returns; when they have all answered the
// key is forgotten (all succeeded) or requeued rate-limited (one failed, a Conflict included, so
// the next reconcile sees fresher caches). Keys are only worked on once every informer has synced,
// and, with leader election configured, only while this replica leads. Events a reconcile
// returns go through the event recorder.

import { defineActor, stateKey } from '../../runtime/index.ts';
import type { ApiCall } from '../../protocols/kube/api.ts';
import { type ApiClientConfig, apiClientState, type ApiClientState } from './api-client.ts';
import { type ApiClientMsg, type ApiDone, callApi, isApiClientMsg, onApiClientMsg } from './api-client-shell.ts';
import type { ClientCtx } from './ctx.ts';
import type { EventType, ObjectReference } from './event-correlator.ts';
import { onEventApiDone, recordEvent, recorderState, type RecorderState } from './event-recorder-shell.ts';
import { electorState, type ElectorState, isLeader, type LeaderElectionConfig } from './leader-election.ts';
import { isLeaderMsg, type LeaderMsg, onLeaderApiDone, onLeaderMsg, startElection } from './leader-election-shell.ts';
import type { InformerState, Notification } from './informer.ts';
import { informerSet, type InformerMsg, type InformerSpec, isInformerMsg } from './informer-shell.ts';
import type { Lister } from './listers.ts';
import { keyOf } from './store.ts';
import { add, addAfter, addRateLimited, done, forget, get, len, nextWakeAt, wake, type WorkQueue, workQueue } from './workqueue.ts';

export interface ReconcileResult {
  readonly writes: readonly ApiCall[];
  /** Look at the key again after this long (virtual ms), even if nothing changes. */
  readonly requeueAfter?: number;
  readonly events?: readonly { readonly ref: ObjectReference; readonly type: EventType; readonly reason: string; readonly message: string }[];
}

export type Listers = Readonly<Record<string, Lister>>;

export interface ControllerSpec {
  /** The actor's kind, as `kyb tree` shows it. */
  readonly kind: string;
  readonly client: ApiClientConfig;
  readonly informers: readonly InformerSpec[];
  /** Which keys a change enqueues; default: the changed object's own key, for every informer. */
  readonly keysFor?: (informer: string, n: Notification, listers: Listers) => readonly string[];
  readonly reconcile: (key: string, listers: Listers, now: number) => ReconcileResult;
  /** Keys worked on at once; default 1. */
  readonly workers?: number;
  /** Work only while holding this Lease. */
  readonly leaderElection?: LeaderElectionConfig;
  /** The events' source.component; default: the kind. */
  readonly component?: string;
}

export type ControllerMsg = ApiClientMsg | InformerMsg | LeaderMsg | { readonly type: 'ControllerStart' } | { readonly type: 'QueueWake' };

interface Working {
  remaining: number;
  failed: boolean;
  requeueAfter?: number;
}

export interface ControllerState {
  api: ApiClientState;
  informers: Record<string, InformerState>;
  queue: WorkQueue;
  working: Record<string, Working>;
  elector: ElectorState | null;
  recorder: RecorderState;
  reconciles: number;
  failedWrites: number;
}

/** The typed name checks read a controller's state by, for a controller of `kind`. */
export const controllerStateKey = (kind = 'controller') => stateKey<ControllerState>(kind);

const TAG = 'reconcile/';

export function defineController(spec: ControllerSpec) {
  const inf = informerSet(spec.informers);
  const workers = spec.workers ?? 1;
  type Ctx = ClientCtx<ControllerMsg>;
  const listersOf = (s: ControllerState): Listers => Object.fromEntries(inf.names.map((n) => [n, inf.lister(s.informers, n)]));

  const deliver = (s: ControllerState) => (informer: string, n: Notification) => {
    const keys = spec.keysFor ? spec.keysFor(informer, n, listersOf(s)) : [keyOf(n.obj)];
    for (const k of keys) add(s.queue, k);
  };

  const finish = (s: ControllerState, ctx: Ctx, key: string, w: Working) => {
    delete s.working[key];
    if (w.failed) addRateLimited(s.queue, key, ctx.now());
    else forget(s.queue, key);
    done(s.queue, key);
    if (w.requeueAfter !== undefined) addAfter(s.queue, key, w.requeueAfter, ctx.now());
  };

  const leading = (s: ControllerState, ctx: Ctx) => s.elector === null || isLeader(s.elector, ctx.now());

  const pump = (s: ControllerState, ctx: Ctx) => {
    while (inf.hasSynced(s.informers) && leading(s, ctx) && Object.keys(s.working).length < workers && len(s.queue) > 0) {
      const next = get(s.queue);
      if (next === undefined || !('item' in next)) break;
      const key = next.item;
      s.reconciles++;
      const r = spec.reconcile(key, listersOf(s), ctx.now());
      for (const e of r.events ?? []) recordEvent(s.recorder, s.api, ctx, { component: spec.component ?? spec.kind }, e.ref, e.type, e.reason, e.message);
      const w: Working = { remaining: r.writes.length, failed: false, ...(r.requeueAfter === undefined ? {} : { requeueAfter: r.requeueAfter }) };
      s.working[key] = w;
      if (r.writes.length === 0) finish(s, ctx, key, w);
      else for (const call of r.writes) callApi(s.api, ctx, call, TAG + key);
    }
    const at = nextWakeAt(s.queue);
    if (at !== undefined) ctx.timers.once('workqueue', Math.max(0, at - ctx.now()), { type: 'QueueWake' });
  };

  const onDone = (s: ControllerState, ctx: Ctx, d: ApiDone) => {
    if (inf.onApiDone(s.informers, s.api, ctx, d, deliver(s)) || onEventApiDone(s.recorder, s.api, ctx, d)) return;
    if (s.elector !== null && spec.leaderElection && onLeaderApiDone(s.elector, spec.leaderElection, s.api, ctx, d) !== undefined) return;
    if (!d.tag.startsWith(TAG)) return;
    const key = d.tag.slice(TAG.length);
    const w = s.working[key];
    if (w === undefined) return;
    if (!d.result.ok) {
      w.failed = true;
      s.failedWrites++;
    }
    if (--w.remaining === 0) finish(s, ctx, key, w);
  };

  return defineActor<ControllerMsg, ControllerState>({
    kind: spec.kind,
    init: (ctx) => {
      ctx.send(ctx.self, { type: 'ControllerStart' });
      return {
        api: apiClientState(spec.client, ctx.now()),
        informers: inf.init(),
        queue: workQueue(),
        working: {},
        elector: spec.leaderElection ? electorState() : null,
        recorder: recorderState(),
        reconciles: 0,
        failedWrites: 0,
      };
    },
    receive: (s, m, ctx) => {
      if (m.type === 'ControllerStart') {
        inf.start(s.informers, s.api, ctx, deliver(s));
        if (s.elector !== null && spec.leaderElection) startElection(s.elector, spec.leaderElection, s.api, ctx);
      } else if (isLeaderMsg(m)) {
        if (s.elector !== null && spec.leaderElection) onLeaderMsg(s.elector, spec.leaderElection, s.api, ctx, m);
      }
      else if (m.type === 'QueueWake') wake(s.queue, ctx.now());
      else if (isApiClientMsg(m)) for (const d of onApiClientMsg(s.api, ctx, m)) onDone(s, ctx, d);
      else if (isInformerMsg(m)) inf.onMsg(s.informers, s.api, ctx, m, deliver(s));
      pump(s, ctx);
      return s;
    },
    describe: (s) => ({
      synced: inf.hasSynced(s.informers),
      leading: s.elector === null ? null : s.elector.leading,
      queued: len(s.queue),
      working: Object.keys(s.working),
      reconciles: s.reconciles,
      failedWrites: s.failedWrites,
      informers: Object.fromEntries(Object.entries(s.informers).map(([n, i]) => [n, { objects: Object.keys(i.store.items).length, relists: i.reflector.relists, rewatches: i.reflector.rewatches }])),
    }),
  });
}
