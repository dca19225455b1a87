// One scheduling cycle (schedule_one.go): pop the next pod, run the profile's plugins over the
// cache's snapshot, and then either assume the pod on the chosen node and start its binding
// cycle (Reserve, PreBind, Bind: the calls go through the client; binding.ts hears them end), or
// record why it fits nowhere (a FailedScheduling Event with Kubernetes' wording, the pod's
// PodScheduled condition) and hand it back to the queue.

import type { KubeObject, Pod } from '../../../protocols/kube/objects.ts';
import type { ApiCall } from '../../../protocols/kube/api.ts';
import { rfc3339 } from '../../../protocols/kube/time.ts';
import { patchCall, referenceTo } from '../../client/index.ts';
import { assume, snapshot } from '../cache.ts';
import { fitErrorMessage, resultAnnotations } from '../framework/explain.ts';
import { lowerPriorityNominatedPods, preemptionCondition, terminatingByPreemption } from '../plugins/defaultpreemption/eligibility.ts';
import { PREEMPTION_PICK_KEY, PREEMPTION_PROFILE_KEY } from '../plugins/defaultpreemption/plugin.ts';
import type { BuiltProfile } from '../framework/profile.ts';
import { addUnschedulable, done, pop, type QueuedPod } from '../framework/queue.ts';
import { scheduleOne } from '../framework/runner.ts';
import { type BindPlugin, CLUSTER_STATE_KEY, type CycleState, type PostFilterPlugin, type PreBindPlugin, type ReservePlugin } from '../framework/types.ts';
import { BINDING_ANNOTATIONS_KEY } from '../plugins/defaultbinder.ts';
import { clusterObjects } from './cluster-objects.ts';
import type { AttemptSummary, Binding, Ctx, Runtime, SchedulerState } from './state.ts';

export const BIND_TAG = 'bind/';
export const STATUS_TAG = 'status/';
/** Result annotations larger than this are left off the Binding (annotations may total 256 KiB). */
const MAX_RESULT_ANNOTATIONS_BYTES = 64 * 1024;
const KEPT_ATTEMPTS = 500;

const podRef = (p: Pod) => referenceTo({ ...(p as KubeObject), apiVersion: 'v1', kind: 'Pod' });
const keyOf = (p: Pod): string => `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`;

export function remember(s: SchedulerState, key: string, summary: AttemptSummary): void {
  delete s.attempts[key];
  s.attempts[key] = summary;
  const keys = Object.keys(s.attempts);
  if (keys.length > KEPT_ATTEMPTS) delete s.attempts[keys[0]!];
}

/** Whether this replica may schedule now: it leads (if electing) and its informers have synced. */
export const ready = (s: SchedulerState, rt: Runtime, now: number): boolean => rt.kit.hasSynced(s.kit) && (!rt.elect || rt.kit.leading(s.kit, now));

/** The pod's PodScheduled=False condition and nominatedNodeName, patched only when they change. */
function markUnschedulable(s: SchedulerState, rt: Runtime, ctx: Ctx, pod: Pod, reason: string, message: string, nominatedNodeName?: string): void {
  const current = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  const sameCondition = current?.status === 'False' && current.reason === reason && current.message === message;
  const sameNomination = nominatedNodeName === undefined || (pod.status?.nominatedNodeName ?? '') === nominatedNodeName;
  if (sameCondition && sameNomination) return;
  const condition = { type: 'PodScheduled', status: 'False', reason, message, lastProbeTime: null, lastTransitionTime: sameCondition ? current!.lastTransitionTime : rfc3339(rt.epochMs + ctx.now()) };
  const nomination = nominatedNodeName === undefined || sameNomination ? {} : { nominatedNodeName: nominatedNodeName === '' ? null : nominatedNodeName };
  const patch = { status: { conditions: [condition], ...nomination } };
  const { namespace, name } = pod.metadata!;
  rt.kit.call(s.kit, ctx, patchCall('pods', name!, 'strategic', JSON.stringify(patch), { namespace: namespace!, subresource: 'status' }), STATUS_TAG + keyOf(pod));
}

/** handleSchedulingFailure: the Event, the condition, and the pod back to the queue. */
export function schedulingFailed(s: SchedulerState, rt: Runtime, ctx: Ctx, qp: QueuedPod, reason: 'Unschedulable' | 'SchedulerError', message: string, plugins: readonly string[], nominatedNodeName?: string): void {
  const pod = qp.pod;
  rt.kit.event(s.kit, ctx, podRef(pod), 'Warning', 'FailedScheduling', message);
  markUnschedulable(s, rt, ctx, pod, reason, message, nominatedNodeName);
  s.queue = addUnschedulable(s.queue, qp, plugins, ctx.now(), rt.queueConfig);
}

type PostFilterResult = ReturnType<PostFilterPlugin['postFilter']>;

/** RunPostFilterPlugins: the first that does not answer Unschedulable decides; otherwise the last one's answer stands. */
function postFilter(profile: BuiltProfile, state: CycleState, pod: Pod, nodes: Parameters<PostFilterPlugin['postFilter']>[2], filtered: Parameters<PostFilterPlugin['postFilter']>[3]): PostFilterResult | undefined {
  let last: PostFilterResult | undefined;
  for (const pl of profile.points.postFilter as readonly PostFilterPlugin[]) {
    last = pl.postFilter(state, pod, nodes, filtered);
    if (last.status.code !== 'Unschedulable') return last;
  }
  return last;
}

function reserve(profile: BuiltProfile, state: CycleState, pod: Pod, node: string): string | undefined {
  const plugins = profile.points.reserve as readonly ReservePlugin[];
  for (let i = 0; i < plugins.length; i++) {
    const st = plugins[i]!.reserve(state, pod, node);
    if (st.code !== 'Success') {
      for (let j = plugins.length - 1; j >= 0; j--) plugins[j]!.unreserve(state, pod, node);
      return `running Reserve plugin "${plugins[i]!.name}": ${st.reasons.join(', ')}`;
    }
  }
  return undefined;
}

/** PreBind's calls, and the first Bind plugin's that does not skip: what the binding cycle sends. */
function bindingCalls(profile: BuiltProfile, state: CycleState, pod: Pod, node: string): { preBind: ApiCall[]; bind: ApiCall[] } | { error: string } {
  const calls: ApiCall[] = [];
  for (const pl of profile.points.preBind as readonly PreBindPlugin[]) {
    const r = pl.preBind(state, pod, node);
    if (r.status.code !== 'Success' && r.status.code !== 'Skip') return { error: `running PreBind plugin "${pl.name}": ${r.status.reasons.join(', ')}` };
    calls.push(...r.calls);
  }
  for (const pl of profile.points.bind as readonly BindPlugin[]) {
    const r = pl.bind(state, pod, node);
    if (r.status.code === 'Skip') continue;
    if (r.status.code !== 'Success') return { error: `running Bind plugin "${pl.name}": ${r.status.reasons.join(', ')}` };
    return { preBind: calls, bind: [...r.calls] };
  }
  return { error: 'no bind plugin bound the pod' };
}

/** ScheduleOne for the head of activeQ. */
export function scheduleNext(s: SchedulerState, rt: Runtime, ctx: Ctx): void {
  const now = ctx.now();
  const popped = pop(s.queue);
  s.queue = popped.queue;
  const qp = popped.pod;
  if (qp === undefined) return;
  const key = qp.key;
  // The queue's copy may be older than the informer's; a pod bound or deleted meanwhile is done.
  const pod = (rt.kit.lister(s.kit, 'pods').get(key) as Pod | undefined) ?? undefined;
  const profile = pod && rt.profiles.get(pod.spec?.schedulerName ?? 'default-scheduler');
  if (pod === undefined || profile === undefined || (pod.spec?.nodeName ?? '') !== '' || pod.metadata?.deletionTimestamp !== undefined) {
    s.queue = done(s.queue, key);
    return;
  }
  const current: QueuedPod = { ...qp, pod };
  const nodes = snapshot(s.cache);
  rt.view.nodes = nodes;
  const state: CycleState = new Map();
  state.set(CLUSTER_STATE_KEY, clusterObjects(rt.kit.listers(s.kit)));
  s.counts.attempts++;
  const out = scheduleOne({ profile: profile.runner, pod, nodes, startIndex: s.startIndex, pick: (n) => Math.floor(ctx.random() * n), state });
  s.startIndex = out.nextStartIndex;
  if (out.kind === 'error') {
    s.counts.errors++;
    remember(s, key, { at: now, result: 'error', message: out.message });
    schedulingFailed(s, rt, ctx, current, 'SchedulerError', out.message, []);
    return;
  }
  if (out.kind === 'unschedulable') {
    s.counts.unschedulable++;
    state.set(PREEMPTION_PROFILE_KEY, profile.runner);
    state.set(PREEMPTION_PICK_KEY, (n: number) => Math.floor(ctx.random() * n));
    const preempted = postFilter(profile, state, pod, nodes, out.diagnosis.nodeToStatus);
    if (preempted?.status.code === 'Error') {
      const message = preempted.status.reasons.join(', ');
      s.counts.errors++;
      remember(s, key, { at: now, result: 'error', message });
      schedulingFailed(s, rt, ctx, current, 'SchedulerError', message, []);
      return;
    }
    // The PostFilter's own words follow the fit error ("preemption: ..."); none when it succeeded or there is none.
    const message = preempted?.status.code === 'Unschedulable' ? fitErrorMessage(out.diagnosis, preempted.status.reasons[0] ?? '') : fitErrorMessage(out.diagnosis);
    remember(s, key, { at: now, result: 'unschedulable', message });
    schedulingFailed(s, rt, ctx, current, 'Unschedulable', message, out.diagnosis.unschedulablePlugins, preempted?.nominatedNodeName);
    const node = preempted?.nominatedNodeName;
    if (node) {
      for (const v of preempted?.victims ?? []) preemptVictim(s, rt, ctx, v, pod, node);
      const pending = (rt.kit.lister(s.kit, 'pods').list() as Pod[]).filter((p) => (p.spec?.nodeName ?? '') === '' && keyOf(p) !== key);
      for (const p of lowerPriorityNominatedPods(pod, node, pending)) clearNomination(s, rt, ctx, p);
    }
    return;
  }
  const node = out.node;
  const failedReserve = reserve(profile, state, pod, node);
  if (failedReserve !== undefined) {
    s.counts.errors++;
    remember(s, key, { at: now, result: 'error', message: failedReserve });
    schedulingFailed(s, rt, ctx, current, 'SchedulerError', failedReserve, []);
    return;
  }
  const annotations = resultAnnotations(out.record, node);
  const size = Object.values(annotations).reduce((n, v) => n + v.length, 0);
  if (size <= MAX_RESULT_ANNOTATIONS_BYTES) state.set(BINDING_ANNOTATIONS_KEY, annotations);
  const planned = bindingCalls(profile, state, pod, node);
  if ('error' in planned) {
    for (const pl of profile.points.reserve as readonly ReservePlugin[]) pl.unreserve(state, pod, node);
    s.counts.errors++;
    remember(s, key, { at: now, result: 'error', message: planned.error });
    schedulingFailed(s, rt, ctx, current, 'SchedulerError', planned.error, []);
    return;
  }
  if (!rt.forgetAssumed) assume(s.cache, pod, node);
  const b: Binding = {
    queued: current, node, state, profile: pod.spec?.schedulerName ?? 'default-scheduler',
    phase: 'preBind', bindCalls: planned.bind, deadline: now + BIND_TIMEOUT_MS, remaining: planned.preBind.length,
  };
  s.binding[key] = b;
  remember(s, key, { at: now, result: 'scheduled', node });
  if (planned.preBind.length === 0) advanceBinding(s, rt, ctx, key, b);
  else for (const call of planned.preBind) rt.kit.call(s.kit, ctx, call, BIND_TAG + key);
}

/** VolumeBinding's bindTimeoutSeconds default. */
const BIND_TIMEOUT_MS = 600_000;

/**
 * Moves a binding on once its phase's calls have answered: PreBind done → wait until every
 * PreBind plugin's waitFor answers Success (re-asked after each message, as claims get bound) →
 * Bind's calls. Returns a failure message when waiting failed or timed out.
 */
export function advanceBinding(s: SchedulerState, rt: Runtime, ctx: Ctx, key: string, b: Binding): string | undefined {
  if (b.phase === 'bind' || b.remaining > 0) return undefined;
  const profile = rt.profiles.get(b.profile);
  const cluster = clusterObjects(rt.kit.listers(s.kit));
  for (const pl of (profile?.points.preBind ?? []) as readonly PreBindPlugin[]) {
    if (pl.waitFor === undefined) continue;
    const st = pl.waitFor(b.state, b.queued.pod, b.node, cluster);
    if (st.code === 'Success' || st.code === 'Skip') continue;
    if (st.code === 'Error') return `running PreBind plugin "${pl.name}": ${st.reasons.join(', ')}`;
    if (ctx.now() >= b.deadline) return `running PreBind plugin "${pl.name}": binding volumes: context deadline exceeded`;
    b.phase = 'waiting';
    return undefined;
  }
  b.phase = 'bind';
  b.remaining = b.bindCalls.length;
  for (const call of b.bindCalls) rt.kit.call(s.kit, ctx, call, BIND_TAG + key);
  return undefined;
}

/** A lower-priority pod nominated to the node a preemptor now claims loses its nomination. */
function clearNomination(s: SchedulerState, rt: Runtime, ctx: Ctx, p: Pod): void {
  const { namespace, name } = p.metadata!;
  rt.kit.call(s.kit, ctx, patchCall('pods', name!, 'strategic', JSON.stringify({ status: { nominatedNodeName: null } }), { namespace: namespace!, subresource: 'status' }), `${STATUS_TAG}${namespace}/${name}`);
}

/** A victim of preemption: marked DisruptionTarget, then deleted gracefully, with the Event Kubernetes records on it. */
function preemptVictim(s: SchedulerState, rt: Runtime, ctx: Ctx, victim: Pod, preemptor: Pod, node: string): void {
  const { namespace, name } = victim.metadata!;
  if (victim.metadata?.deletionTimestamp !== undefined) return;
  if (!terminatingByPreemption(victim)) {
    const patch = { status: { conditions: [preemptionCondition(preemptor, rfc3339(rt.epochMs + ctx.now()))] } };
    rt.kit.call(s.kit, ctx, patchCall('pods', name!, 'strategic', JSON.stringify(patch), { namespace: namespace!, subresource: 'status' }), `${STATUS_TAG}${namespace}/${name}`);
  }
  rt.kit.event(s.kit, ctx, podRef(victim), 'Normal', 'Preempted', `Preempted by pod ${preemptor.metadata?.uid ?? ''} on node ${node}`);
  rt.kit.call(s.kit, ctx, { verb: 'delete', target: { group: '', version: 'v1', resource: 'pods', namespace: namespace!, name: name! }, options: { preconditions: { uid: victim.metadata!.uid! } } }, `preempt/${namespace}/${name}`);
}
