// The NoExecute taint manager (taint-eviction-controller): a pod on a node with NoExecute
// taints it does not tolerate is deleted at once; one that tolerates them all, some for a
// limited time, is deleted when the shortest tolerationSeconds has passed, counted from when the
// taint went on (its timeAdded, and never from before the pod existed) — so the count survives a
// restart of this controller; a toleration with no tolerationSeconds keeps the pod for good.
// Before deleting, the pod gets the DisruptionTarget condition saying why.

import type { PodCondition, Taint, Toleration } from 'kubernetes-types/core/v1.d.ts';
import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { Node, Pod } from '../../../protocols/kube/objects.ts';
import { parseRfc3339, rfc3339 } from '../../../protocols/kube/time.ts';
import { deleteCall, type Listers, patchCall, type ReconcileResult } from '../../client/index.ts';
import { podRef } from './pods.ts';
import { matchingTolerations } from './taints.ts';

/** A pod's deletion in waiting: when its clock started and when it fires (virtual ms). */
export type ScheduledEviction = { createdAt: number; fireAt: number };
export type TaintEvictionMemory = { scheduled: Record<string, ScheduledEviction> };
export const taintEvictionMemory = (): TaintEvictionMemory => ({ scheduled: {} });

export const noExecuteTaints = (node: Node | undefined): Taint[] => (node?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');

/** getMinTolerationTime in ms: 0 for none used or any at or below zero, -1 when none is limited. */
export function minTolerationMs(used: readonly Toleration[]): number {
  if (used.length === 0) return 0;
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : min * 1000;
}

const virtual = (ts: string | undefined, epochMs: number): number | undefined => {
  const ms = ts === undefined ? undefined : parseRfc3339(ts);
  return ms === undefined ? undefined : ms - epochMs;
};

/** When the pod's toleration clock started: the earliest NoExecute taint's timeAdded, not before the pod was created, not after now. */
function clockStart(taints: readonly Taint[], pod: Pod, now: number, epochMs: number): number {
  const added = taints.map((t) => virtual(t.timeAdded, epochMs) ?? now);
  const created = virtual(pod.metadata?.creationTimestamp, epochMs) ?? -Infinity;
  return Math.min(now, Math.max(created, Math.min(...added)));
}

const ref = (key: string) => {
  const [namespace, name] = key.split('/') as [string, string];
  return { apiVersion: 'v1', kind: 'Pod', namespace, name };
};

function cancel(key: string, m: TaintEvictionMemory): ReconcileResult {
  if (m.scheduled[key] === undefined) return { writes: [] };
  delete m.scheduled[key];
  return { writes: [], events: [{ ref: ref(key), type: 'Normal', reason: 'TaintManagerEviction', message: `Cancelling deletion of Pod ${key}` }] };
}

function evict(key: string, pod: Pod, now: number, epochMs: number, m: TaintEvictionMemory): ReconcileResult {
  delete m.scheduled[key];
  if (pod.metadata?.deletionTimestamp) return { writes: [] };
  const writes: ApiCall[] = [];
  const conditions = pod.status?.conditions ?? [];
  const current = conditions.find((c) => c.type === 'DisruptionTarget');
  if (!(current?.status === 'True' && current.reason === 'DeletionByTaintManager')) {
    const target: PodCondition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: rfc3339(epochMs + now) };
    // A strategic merge patch: conditions merge by type, so the kubelet's own writes are kept.
    writes.push(patchCall('pods', pod.metadata!.name!, 'strategic', JSON.stringify({ status: { conditions: [target] } }), { namespace: pod.metadata!.namespace!, subresource: 'status' }));
  }
  writes.push(deleteCall('pods', pod.metadata!.name!, { namespace: pod.metadata!.namespace! }));
  return { writes, events: [{ ref: podRef(pod), type: 'Normal', reason: 'TaintManagerEviction', message: `Marking for deletion Pod ${key}` }] };
}

export function reconcileTaintEviction(key: string, listers: Listers, now: number, m: TaintEvictionMemory, epochMs: number): ReconcileResult {
  const pod = listers.pods!.get(key) as Pod | undefined;
  if (pod === undefined) return cancel(key, m);
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) return { writes: [] };
  const node = listers.nodes!.get(nodeName) as Node | undefined;
  const sched = m.scheduled[key];
  if (node === undefined) {
    // A deleted node's pods are the pod garbage collector's; a deletion already in waiting still fires.
    if (sched === undefined) return { writes: [] };
    return sched.fireAt <= now ? evict(key, pod, now, epochMs, m) : { writes: [], requeueAfter: sched.fireAt - now };
  }
  const taints = noExecuteTaints(node);
  if (taints.length === 0) return cancel(key, m);
  const { all, used } = matchingTolerations(taints, pod.spec?.tolerations ?? []);
  if (!all) return evict(key, pod, now, epochMs, m);
  const min = minTolerationMs(used);
  if (min < 0) return cancel(key, m);
  const fireAt = sched?.fireAt ?? clockStart(taints, pod, now, epochMs) + min;
  if (sched === undefined) m.scheduled[key] = { createdAt: fireAt - min, fireAt };
  return fireAt <= now ? evict(key, pod, now, epochMs, m) : { writes: [], requeueAfter: fireAt - now };
}
