// MarkPodsNotReady: when a node stops being Ready, the pods on it stop being Ready too, so
// Services take them out of their endpoints before anything is evicted. Each pod's Ready
// condition goes False (its transition time now) through the status subresource, with a
// Warning NodeNotReady Event on the pod.

import type { PodCondition } from 'kubernetes-types/core/v1.d.ts';
import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { KubeObject, Pod } from '../../../protocols/kube/objects.ts';
import { rfc3339 } from '../../../protocols/kube/time.ts';
import { type Listers, type ReconcileResult, updateCall } from '../../client/index.ts';
import type { LifecycleConfig, LifecycleMemory } from './config.ts';

type Event = NonNullable<ReconcileResult['events']>[number];

export const podRef = (pod: Pod) => ({ apiVersion: 'v1', kind: 'Pod', name: pod.metadata!.name!, namespace: pod.metadata!.namespace!, ...(pod.metadata?.uid ? { uid: pod.metadata.uid } : {}) });

/** The status writes and Events that mark `pods` (those bound to `nodeName`) not Ready at `stamp`. */
export function markPodsNotReady(pods: readonly Pod[], nodeName: string, epochMs: number, now: number): { writes: ApiCall[]; events: Event[] } {
  const writes: ApiCall[] = [];
  const events: Event[] = [];
  for (const pod of pods) {
    if (pod.spec?.nodeName !== nodeName) continue;
    const conditions = pod.status?.conditions ?? [];
    const i = conditions.findIndex((c) => c.type === 'Ready');
    if (i < 0 || conditions[i]!.status === 'False') continue;
    const next: PodCondition[] = conditions.map((c, j) => (j === i ? { ...c, status: 'False', lastTransitionTime: rfc3339(epochMs + now) } : c));
    const body = { ...(pod as KubeObject), apiVersion: 'v1', kind: 'Pod', status: { ...pod.status, conditions: next } } as KubeObject;
    writes.push(updateCall(body, { subresource: 'status' }));
    events.push({ ref: podRef(pod), type: 'Warning', reason: 'NodeNotReady', message: 'Node is not ready' });
  }
  return { writes, events };
}

/** Pods by the node they are bound to. */
export function podsByNode(pods: readonly Pod[]): Map<string, Pod[]> {
  const out = new Map<string, Pod[]>();
  for (const p of pods) {
    const n = p.spec?.nodeName;
    if (!n) continue;
    const list = out.get(n);
    if (list) list.push(p);
    else out.set(n, [p]);
  }
  return out;
}

/** processPod: a pod newly bound to a node that is not Ready is marked not Ready too. */
export function processPod(key: string, listers: Listers, now: number, m: LifecycleMemory, cfg: LifecycleConfig): ReconcileResult {
  const pod = listers.pods!.get(key) as Pod | undefined;
  const nodeName = pod?.spec?.nodeName;
  if (pod === undefined || !nodeName) return { writes: [] };
  const ready = m.health[nodeName]?.ready;
  if (ready === undefined || listers.nodes!.get(nodeName) === undefined || ready.status === 'True') return { writes: [] };
  return markPodsNotReady([pod], nodeName, cfg.epochMs, now);
}
