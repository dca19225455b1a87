// The disruption controller's second duty: a pod marked DisruptionTarget=True (by an approved
// eviction, say) that is still not terminating two minutes later was never disrupted after all,
// so the condition is set back to False. Conditions the kubelet set (TerminationByKubelet) and
// pods in a terminal phase are left as they are.

import type { KubeObject, Pod } from '../../../protocols/kube/objects.ts';
import { parseRfc3339, rfc3339 } from '../../../protocols/kube/time.ts';
import { type Listers, type ReconcileResult, updateCall } from '../../client/index.ts';

export const STALE_POD_DISRUPTION_TIMEOUT_MS = 2 * 60_000;
/** Work-queue keys of pods start with this; PodDisruptionBudgets' keys are plain. */
export const POD_KEY_PREFIX = 'pod|';

type PodCondition = NonNullable<NonNullable<Pod['status']>['conditions']>[number];

/** Whether the pod holds a stale-able DisruptionTarget condition, and how long before it is stale (ms). */
export function staleDisruption(pod: KubeObject, wallMs: number): { readonly has: boolean; readonly waitMs: number } {
  const p = pod as unknown as Pod;
  if (pod.metadata.deletionTimestamp) return { has: false, waitMs: 0 };
  const cond = (p.status?.conditions ?? []).find((c) => c.type === 'DisruptionTarget');
  const phase = p.status?.phase;
  if (cond === undefined || cond.status !== 'True' || cond.reason === 'TerminationByKubelet' || phase === 'Succeeded' || phase === 'Failed') return { has: false, waitMs: 0 };
  const since = cond.lastTransitionTime ? (parseRfc3339(cond.lastTransitionTime) ?? wallMs) : wallMs;
  return { has: true, waitMs: Math.max(0, STALE_POD_DISRUPTION_TIMEOUT_MS - (wallMs - since)) };
}

export function reconcileStalePod(podKey: string, listers: Listers, now: number, epochMs: number): ReconcileResult {
  const pod = listers.pods!.get(podKey);
  if (pod === undefined) return { writes: [] };
  const wall = epochMs + now;
  const { has, waitMs } = staleDisruption(pod, wall);
  if (!has) return { writes: [] };
  if (waitMs > 0) return { writes: [], requeueAfter: waitMs };
  const p = pod as unknown as Pod;
  const reset: PodCondition = { type: 'DisruptionTarget', status: 'False', lastTransitionTime: rfc3339(wall) };
  const conditions = (p.status?.conditions ?? []).map((c) => (c.type === 'DisruptionTarget' ? reset : c));
  return { writes: [updateCall({ ...pod, status: { ...p.status, conditions } } as KubeObject, { subresource: 'status' })] };
}
