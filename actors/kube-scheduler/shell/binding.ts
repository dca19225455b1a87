// The end of a binding cycle: when every call it sent has answered, the pod is scheduled (the
// Event "Scheduled" as Kubernetes words it) or, if one failed, its assumption is forgotten, its
// Reserve undone, and it goes back to the queue to back off.

import type { ApiDone } from '../../client/index.ts';
import { referenceTo } from '../../client/index.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { forget } from '../cache.ts';
import { done } from '../framework/queue.ts';
import type { ReservePlugin } from '../framework/types.ts';
import { advanceBinding, BIND_TAG, remember, schedulingFailed } from './cycle.ts';
import type { Binding, Ctx, Runtime, SchedulerState } from './state.ts';

export function onBindingDone(s: SchedulerState, rt: Runtime, ctx: Ctx, d: ApiDone): void {
  if (!d.tag.startsWith(BIND_TAG)) return;
  const key = d.tag.slice(BIND_TAG.length);
  const b = s.binding[key];
  if (b === undefined) return;
  if (!d.result.ok && b.failed === undefined) b.failed = (d.result.body as { message?: string }).message ?? `code ${d.result.code}`;
  if (--b.remaining > 0) return;
  if (b.failed === undefined && b.phase !== 'bind') {
    b.failed = advanceBinding(s, rt, ctx, key, b);
    if (b.failed === undefined) return;
  }
  finishBinding(s, rt, ctx, key, b);
}

/** Bindings waiting on their PreBind plugins are asked again after every message. */
export function recheckWaiting(s: SchedulerState, rt: Runtime, ctx: Ctx): void {
  for (const [key, b] of Object.entries(s.binding)) {
    if (b.phase !== 'waiting') continue;
    const failed = advanceBinding(s, rt, ctx, key, b);
    if (failed !== undefined) {
      b.failed = failed;
      finishBinding(s, rt, ctx, key, b);
    }
  }
}

function finishBinding(s: SchedulerState, rt: Runtime, ctx: Ctx, key: string, b: Binding): void {
  delete s.binding[key];
  const pod = b.queued.pod;
  if (b.failed === undefined) {
    s.counts.scheduled++;
    s.queue = done(s.queue, key);
    const ref = referenceTo({ ...(pod as KubeObject), apiVersion: 'v1', kind: 'Pod' });
    rt.kit.event(s.kit, ctx, ref, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata?.namespace}/${pod.metadata?.name} to ${b.node}`);
    return;
  }
  s.counts.bindFailures++;
  forget(s.cache, key);
  const profile = rt.profiles.get(b.profile);
  for (const pl of (profile?.points.reserve ?? []) as readonly ReservePlugin[]) pl.unreserve(b.state, pod, b.node);
  const message = `Binding rejected: ${b.failed}`;
  remember(s, key, { at: ctx.now(), result: 'bindFailed', node: b.node, message });
  schedulingFailed(s, rt, ctx, b.queued, 'SchedulerError', message, []);
}
