// A reconcile loop that talks to the cloud as well as to the apiserver: defineController's shape
// (informers, a work queue, a pure reconcile), with the reconcile also given the controller's view
// of the cloud and returning cloud calls beside its API writes. The shell asks the cloud provider
// actor, folds each answer into the view and looks at the key again, so the next reconcile acts on
// what the cloud said. A key is done when its writes and cloud calls have all answered; any
// failure requeues it rate-limited. Events tied to a call's outcome go out when it answers.

import { type ActorRef, type AskResult, defineActor, stateKey } from '../../runtime/index.ts';
import type { ApiClientConfig, ClientCtx, EventType, InformerSpec, KitMsg, KitState, Listers, Notification, ObjectReference, ReconcileResult } from '../client/index.ts';
import { clientKit, keyOf, workqueue } from '../client/index.ts';
import type { CloudCall, CloudReply, CloudRequest } from '../../protocols/kube/cloud.ts';
import { absorb, type CloudView, emptyView, forgetOnFailure } from './view.ts';

const MIN_REQUEUE_MS = 1;

export interface CoreEvent {
  readonly type: EventType;
  readonly reason: string;
  readonly message: string;
}

export interface CloudAction {
  readonly call: CloudCall;
  /** The object the outcome's events are about. */
  readonly ref?: ObjectReference;
  readonly onSuccess?: readonly CoreEvent[];
  /** On failure: this event, its message followed by the cloud's error. */
  readonly onFailure?: CoreEvent;
}

export interface CloudReconcileResult extends ReconcileResult {
  readonly cloud?: readonly CloudAction[];
}

export interface CloudLoopSpec {
  readonly kind?: string;
  readonly client: ApiClientConfig;
  readonly informers: readonly InformerSpec[];
  readonly keysFor?: (informer: string, n: Notification, listers: Listers) => readonly string[];
  readonly reconcile: (key: string, listers: Listers, view: CloudView, now: number) => CloudReconcileResult;
  readonly cloud: ActorRef<CloudRequest>;
  readonly cloudTimeoutMs?: number;
  readonly component: string;
  readonly epochMs?: number;
}

export type CloudLoopMsg =
  | KitMsg
  | { readonly type: 'LoopStart' }
  | { readonly type: 'QueueWake' }
  | { readonly type: 'CloudAnswer'; readonly key: string; readonly index: number; readonly result: AskResult<CloudReply> };

interface Working {
  remaining: number;
  failed: boolean;
  askedCloud: boolean;
  actions: readonly CloudAction[];
  requeueAfter?: number;
}

export interface CloudLoopState {
  kit: KitState;
  view: CloudView;
  queue: workqueue.WorkQueue;
  working: Record<string, Working>;
  reconciles: number;
  cloudCalls: number;
  failures: number;
}

export const cloudLoopStateKey = (kind = 'controller') => stateKey<CloudLoopState>(kind);

const TAG = 'reconcile/';

export function defineCloudLoop(spec: CloudLoopSpec) {
  const kind = spec.kind ?? 'controller';
  const kit = clientKit({ client: spec.client, informers: spec.informers, source: { component: spec.component }, ...(spec.epochMs === undefined ? {} : { epochMs: spec.epochMs }) });
  const timeoutMs = spec.cloudTimeoutMs ?? 10_000;
  type Ctx = ClientCtx<CloudLoopMsg>;

  const deliver = (s: CloudLoopState) => (informer: string, n: Notification) => {
    const keys = spec.keysFor ? spec.keysFor(informer, n, kit.listers(s.kit)) : [keyOf(n.obj)];
    for (const k of keys) workqueue.add(s.queue, k);
  };

  const finish = (s: CloudLoopState, ctx: Ctx, key: string, w: Working) => {
    delete s.working[key];
    // A key is forgotten by the rate limiter only when a reconcile had nothing left to ask the
    // cloud: a lookup that succeeds between two failing calls must not reset the backoff.
    if (w.failed) workqueue.addRateLimited(s.queue, key, ctx.now());
    else if (!w.askedCloud) workqueue.forget(s.queue, key);
    workqueue.done(s.queue, key);
    // The cloud answered: look again with what it said.
    if (!w.failed && w.askedCloud) workqueue.add(s.queue, key);
    // A period's remainder computed from fractional virtual times can come out a hair above zero,
    // which is this instant again, for ever: a key is never looked at again sooner than 1 ms.
    if (w.requeueAfter !== undefined) workqueue.addAfter(s.queue, key, Math.max(MIN_REQUEUE_MS, w.requeueAfter), ctx.now());
  };

  const settle = (s: CloudLoopState, ctx: Ctx, key: string, ok: boolean) => {
    const w = s.working[key];
    if (w === undefined) return;
    if (!ok) {
      w.failed = true;
      s.failures++;
    }
    if (--w.remaining === 0) finish(s, ctx, key, w);
  };

  const pump = (s: CloudLoopState, ctx: Ctx) => {
    while (kit.hasSynced(s.kit) && Object.keys(s.working).length === 0 && workqueue.len(s.queue) > 0) {
      const next = workqueue.get(s.queue);
      if (next === undefined || !('item' in next)) break;
      const key = next.item;
      s.reconciles++;
      const r = spec.reconcile(key, kit.listers(s.kit), s.view, ctx.now());
      for (const e of r.events ?? []) kit.event(s.kit, ctx, e.ref, e.type, e.reason, e.message);
      const actions = r.cloud ?? [];
      const w: Working = { remaining: r.writes.length + actions.length, failed: false, askedCloud: actions.length > 0, actions, ...(r.requeueAfter === undefined ? {} : { requeueAfter: r.requeueAfter }) };
      s.working[key] = w;
      if (w.remaining === 0) finish(s, ctx, key, w);
      for (const call of r.writes) kit.call(s.kit, ctx, call, TAG + key);
      actions.forEach((a, index) => {
        s.cloudCalls++;
        ctx.ask<CloudRequest, CloudReply>(spec.cloud, (replyTo) => ({ ...a.call, replyTo }), timeoutMs, (result) => ({ type: 'CloudAnswer', key, index, result }));
      });
    }
    const at = workqueue.nextWakeAt(s.queue);
    if (at !== undefined) ctx.timers.once('workqueue', Math.max(0, at - ctx.now()), { type: 'QueueWake' });
  };

  const onCloud = (s: CloudLoopState, ctx: Ctx, m: Extract<CloudLoopMsg, { type: 'CloudAnswer' }>) => {
    const a = s.working[m.key]?.actions[m.index];
    if (a === undefined) return;
    const error = !m.result.ok ? m.result.error : m.result.reply.ok ? undefined : m.result.reply.error;
    if (m.result.ok && m.result.reply.ok) {
      absorb(s.view, a.call, m.result.reply.result, ctx.now());
      if (a.ref) for (const e of a.onSuccess ?? []) kit.event(s.kit, ctx, a.ref, e.type, e.reason, e.message);
    } else {
      forgetOnFailure(s.view, a.call);
      if (a.ref && a.onFailure) kit.event(s.kit, ctx, a.ref, a.onFailure.type, a.onFailure.reason, a.onFailure.message + error);
    }
    settle(s, ctx, m.key, error === undefined);
  };

  return defineActor<CloudLoopMsg, CloudLoopState>({
    kind,
    init: (ctx) => {
      ctx.send(ctx.self, { type: 'LoopStart' });
      return { kit: kit.init(ctx.now()), view: emptyView(), queue: workqueue.workQueue(), working: {}, reconciles: 0, cloudCalls: 0, failures: 0 };
    },
    receive: (s, m, ctx) => {
      if (m.type === 'LoopStart') kit.start(s.kit, ctx, deliver(s));
      else if (m.type === 'QueueWake') workqueue.wake(s.queue, ctx.now());
      else if (m.type === 'CloudAnswer') onCloud(s, ctx, m);
      else for (const d of kit.receive(s.kit, ctx, m, deliver(s)).done) if (d.tag.startsWith(TAG)) settle(s, ctx, d.tag.slice(TAG.length), d.result.ok);
      pump(s, ctx);
      return s;
    },
    describe: (s) => ({ synced: kit.hasSynced(s.kit), queued: workqueue.len(s.queue), working: Object.keys(s.working), reconciles: s.reconciles, cloudCalls: s.cloudCalls, failures: s.failures }),
    digest: (s) => ({ kit: kit.digest(s.kit), reconciles: s.reconciles, cloudCalls: s.cloudCalls, failures: s.failures, queued: workqueue.len(s.queue) }),
  });
}
