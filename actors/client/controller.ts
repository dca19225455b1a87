// A controller as client-go's sample controller is written, made an actor: informers fill their
// caches and turn every change into work-queue keys; a worker takes a key, calls the pure
// `reconcile(key, listers, now)` and sends the writes it returns; when they have all answered the
// key is forgotten (all succeeded) or requeued rate-limited (one failed, a Conflict included, so
// the next reconcile sees fresher caches). Keys are only worked on once every informer has synced,
// and, with leader election configured, only while this replica leads. Events a reconcile
// returns go through the event recorder.
//
// A controller may ask for Kubernetes' status-write retry (the ReplicaSet and DaemonSet
// controllers' statusUpdateRetries): a status update answered 409 re-reads the object from the
// apiserver and writes the same status onto the fresh copy, before the key counts as failed.

import { defineActor, stateKey } from '../../runtime/index.ts';
import type { ApiCall, ApiResult } from '../../protocols/kube/api.ts';
import type { KubeObject } from '../../protocols/kube/objects.ts';
import type { ApiClientConfig } from './api-client.ts';
import type { ApiDone } from './api-client-shell.ts';
import { clientKit, type KitMsg, type KitState, type Listers } from './client-kit.ts';
import type { ClientCtx } from './ctx.ts';
import type { EventType, ObjectReference } from './event-correlator.ts';
import type { Notification } from './informer.ts';
import type { InformerSpec } from './informer-shell.ts';
import type { LeaderElectionConfig } from './leader-election.ts';
import { keyOf } from './store.ts';
import { add, addAfter, addRateLimited, done, forget, get, len, nextWakeAt, wake, type WorkQueue, workQueue } from './workqueue.ts';

export type { Listers } from './client-kit.ts';

export interface ReconcileResult {
  readonly writes: readonly ApiCall[];
  /** Look at the key again after this long (virtual ms), even if nothing changes. */
  readonly requeueAfter?: number;
  readonly events?: readonly { readonly ref: ObjectReference; readonly type: EventType; readonly reason: string; readonly message: string }[];
}

/**
 * What a controller keeps between reconciles besides its caches, such as the ReplicaSet
 * controller's expectations: plain data in the actor's state, so it is lost with the actor on a
 * restart, as a restarted controller's memory is.
 */
export type ControllerMemory = Record<string, unknown>;

export interface ControllerSpec<M extends ControllerMemory = ControllerMemory> {
  /** The actor's kind, as `kyb tree` shows it; default 'controller'. */
  readonly kind?: string;
  readonly client: ApiClientConfig;
  readonly informers: readonly InformerSpec[];
  /** Which keys a change enqueues; default: the changed object's own key, for every informer. */
  readonly keysFor?: (informer: string, n: Notification, listers: Listers, memory: M) => readonly string[];
  readonly reconcile: (key: string, listers: Listers, now: number, memory: M) => ReconcileResult;
  /** The memory a fresh incarnation starts with; `{}` when absent. */
  readonly memory?: () => M;
  /** Hears how each write of a reconcile of `key` ended (e.g. a failed create lowers expectations). */
  readonly written?: (key: string, call: ApiCall, result: ApiResult, memory: M) => void;
  /**
   * After a status update's 409 Conflict, read the object again (from the apiserver, not the
   * cache) and write the computed status onto it, up to this many times per reconcile; default 0.
   */
  readonly statusUpdateRetries?: number;
  /** Keys worked on at once; default 1. */
  readonly workers?: number;
  /** Work only while holding this Lease. */
  readonly leaderElection?: LeaderElectionConfig;
  /** The events' source.component; default: the kind. */
  readonly component?: string;
  readonly epochMs?: number;
}

export type ControllerMsg = KitMsg | { readonly type: 'ControllerStart' } | { readonly type: 'QueueWake' };

interface Working {
  remaining: number;
  failed: boolean;
  requeueAfter?: number;
  /** Status-write retries this reconcile may still make (statusUpdateRetries). */
  statusRetries: number;
  /** The statuses waiting for their object's re-read, by the re-read's tag. */
  rereads?: Record<string, unknown>;
  rereadCount?: number;
}

export interface ControllerState<M extends ControllerMemory = ControllerMemory> {
  kit: KitState;
  memory: M;
  queue: WorkQueue;
  working: Record<string, Working>;
  reconciles: number;
  failedWrites: number;
}

/** The typed name checks read a controller's state by, for a controller of `kind`. */
export const controllerStateKey = (kind = 'controller') => stateKey<ControllerState>(kind);

const TAG = 'reconcile/';
/** The re-read before a status retry: `reread/<n>/<key>`. */
const REREAD = 'reread/';
const MIN_REQUEUE_MS = 1;

const isStatusUpdate = (call: ApiCall): call is Extract<ApiCall, { verb: 'update' }> => call.verb === 'update' && call.target.subresource === 'status';

export function defineController<M extends ControllerMemory = ControllerMemory>(spec: ControllerSpec<M>) {
  const kind = spec.kind ?? 'controller';
  const kit = clientKit({
    client: spec.client,
    informers: spec.informers,
    source: { component: spec.component ?? kind },
    ...(spec.leaderElection ? { leaderElection: spec.leaderElection } : {}),
    ...(spec.epochMs === undefined ? {} : { epochMs: spec.epochMs }),
  });
  const workers = spec.workers ?? 1;
  type Ctx = ClientCtx<ControllerMsg>;

  const deliver = (s: ControllerState<M>) => (informer: string, n: Notification) => {
    const keys = spec.keysFor ? spec.keysFor(informer, n, kit.listers(s.kit), s.memory) : [keyOf(n.obj)];
    for (const k of keys) add(s.queue, k);
  };

  const finish = (s: ControllerState<M>, ctx: Ctx, key: string, w: Working) => {
    delete s.working[key];
    if (w.failed) addRateLimited(s.queue, key, ctx.now());
    else forget(s.queue, key);
    done(s.queue, key);
    // A period's remainder computed from fractional virtual times can come out a hair above zero,
    // which is this instant again, for ever: a key is never looked at again sooner than 1 ms.
    if (w.requeueAfter !== undefined) addAfter(s.queue, key, Math.max(MIN_REQUEUE_MS, w.requeueAfter), ctx.now());
  };

  const pump = (s: ControllerState<M>, ctx: Ctx) => {
    while (kit.hasSynced(s.kit) && kit.leading(s.kit, ctx.now()) && Object.keys(s.working).length < workers && len(s.queue) > 0) {
      const next = get(s.queue);
      if (next === undefined || !('item' in next)) break;
      const key = next.item;
      s.reconciles++;
      const r = spec.reconcile(key, kit.listers(s.kit), ctx.now(), s.memory);
      for (const e of r.events ?? []) kit.event(s.kit, ctx, e.ref, e.type, e.reason, e.message);
      const w: Working = { remaining: r.writes.length, failed: false, statusRetries: spec.statusUpdateRetries ?? 0, ...(r.requeueAfter === undefined ? {} : { requeueAfter: r.requeueAfter }) };
      s.working[key] = w;
      if (r.writes.length === 0) finish(s, ctx, key, w);
      else for (const call of r.writes) kit.call(s.kit, ctx, call, TAG + key);
    }
    const at = nextWakeAt(s.queue);
    if (at !== undefined) ctx.timers.once('workqueue', Math.max(0, at - ctx.now()), { type: 'QueueWake' });
  };

  /** A conflicting status write: re-read the object, with the write still counted as remaining. */
  const retryStatus = (s: ControllerState<M>, ctx: Ctx, key: string, w: Working, call: Extract<ApiCall, { verb: 'update' }>): boolean => {
    if (w.statusRetries <= 0) return false;
    w.statusRetries--;
    w.rereadCount = (w.rereadCount ?? 0) + 1;
    const tag = `${REREAD}${w.rereadCount}/${key}`;
    (w.rereads ??= {})[tag] = (call.body as { status?: unknown }).status;
    const { subresource: _status, ...target } = call.target;
    kit.call(s.kit, ctx, { verb: 'get', target }, tag);
    return true;
  };

  /** The object re-read: the status written onto it, as the reconcile's own write again. */
  const onReread = (s: ControllerState<M>, ctx: Ctx, d: ApiDone) => {
    const key = d.tag.slice(d.tag.indexOf('/', REREAD.length) + 1);
    const w = s.working[key];
    if (w?.rereads === undefined || !(d.tag in w.rereads)) return;
    const status = w.rereads[d.tag];
    delete w.rereads[d.tag];
    if (!d.result.ok) {
      w.failed = true;
      s.failedWrites++;
      if (--w.remaining === 0) finish(s, ctx, key, w);
      return;
    }
    const fresh = { ...(d.result.body as KubeObject), status } as KubeObject;
    kit.call(s.kit, ctx, { verb: 'update', target: { ...d.call.target, subresource: 'status' }, body: fresh }, TAG + key);
  };

  const onDone = (s: ControllerState<M>, ctx: Ctx, d: ApiDone) => {
    if (d.tag.startsWith(REREAD)) return onReread(s, ctx, d);
    if (!d.tag.startsWith(TAG)) return;
    const key = d.tag.slice(TAG.length);
    spec.written?.(key, d.call, d.result, s.memory);
    const w = s.working[key];
    if (w === undefined) return;
    if (!d.result.ok && d.result.code === 409 && isStatusUpdate(d.call) && retryStatus(s, ctx, key, w, d.call)) return;
    if (!d.result.ok) {
      w.failed = true;
      s.failedWrites++;
    }
    if (--w.remaining === 0) finish(s, ctx, key, w);
  };

  return defineActor<ControllerMsg, ControllerState<M>>({
    kind,
    init: (ctx) => {
      ctx.send(ctx.self, { type: 'ControllerStart' });
      return { kit: kit.init(ctx.now()), memory: spec.memory ? spec.memory() : ({} as M), queue: workQueue(), working: {}, reconciles: 0, failedWrites: 0 };
    },
    receive: (s, m, ctx) => {
      if (m.type === 'ControllerStart') kit.start(s.kit, ctx, deliver(s));
      else if (m.type === 'QueueWake') wake(s.queue, ctx.now());
      else for (const d of kit.receive(s.kit, ctx, m, deliver(s)).done) onDone(s, ctx, d);
      pump(s, ctx);
      return s;
    },
    digest: (s) => ({ kit: kit.digest(s.kit), reconciles: s.reconciles, failedWrites: s.failedWrites, queued: len(s.queue), working: Object.keys(s.working).length }),
    describe: (s) => ({
      synced: kit.hasSynced(s.kit),
      leading: s.kit.elector === null ? null : s.kit.elector.leading,
      queued: len(s.queue),
      working: Object.keys(s.working),
      reconciles: s.reconciles,
      failedWrites: s.failedWrites,
      informers: Object.fromEntries(Object.entries(s.kit.informers).map(([n, i]) => [n, { objects: Object.keys(i.store.items).length, relists: i.reflector.relists, rewatches: i.reflector.rewatches }])),
    }),
  });
}
