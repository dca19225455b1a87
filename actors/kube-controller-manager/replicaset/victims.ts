// Which pods a ReplicaSet deletes when it has too many: ActivePodsWithRanks as Kubernetes 1.32
// orders them (LogarithmicScaleDown on), the pods to delete first at the front:
//   1. unassigned before assigned;  2. Pending before Unknown before Running;
//   3. not ready before ready;  4. lower controller.kubernetes.io/pod-deletion-cost first;
//   5. more related pods on the same node first (doubled up);
//   6. both ready: ready for less time first, compared on a log2 scale (equal buckets: lower uid);
//   7. more container restarts first;
//   8. newer first, on the same log2 scale (equal buckets: lower uid).
// A pod with no time (ready time, creation time) sorts before one with a time.

import type { Pod } from '../../../protocols/kube/objects.ts';
import { isPodActive, isPodReady, readySinceMs, timeMs } from './pod-conditions.ts';

export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };
const phaseOrdinal = (p: Pod) => PHASE_ORDINAL[p.status?.phase ?? ''] ?? 0;

/** The pod's deletion cost: an int32 written without '+' or leading zeros; 0 when absent or invalid. */
export function deletionCost(pod: Pod): number {
  const v = pod.metadata?.annotations?.[POD_DELETION_COST];
  if (v === undefined || !/^(0|-[0-9]+|[1-9][0-9]*)$/.test(v)) return 0;
  const n = Number(v);
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

const maxRestarts = (p: Pod) => Math.max(0, ...(p.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));

/** floor(log2(age in ns)), -1 for a time not in the past. */
function logBucket(t: number, nowMs: number): number {
  const ns = (nowMs - t) * 1e6;
  return ns > 0 ? Math.floor(Math.log2(ns)) : -1;
}

/** Negative when `a` (a time of pod i) should go before `b` (of pod j); undefined when equal. */
function byTime(a: number | undefined, b: number | undefined, nowMs: number, uidI: string, uidJ: string): number | undefined {
  if (a === b) return undefined;
  if (a === undefined || b === undefined) return a === undefined ? -1 : 1;
  const diff = logBucket(a, nowMs) - logBucket(b, nowMs);
  if (diff === 0) return uidI < uidJ ? -1 : uidI > uidJ ? 1 : 0;
  return diff;
}

export interface Ranked {
  readonly pod: Pod;
  /** How many active related pods share its node. */
  readonly rank: number;
}

/** Negative when `i` is to be deleted before `j`. */
export function compareForDeletion(i: Ranked, j: Ranked, nowMs: number): number {
  const [pi, pj] = [i.pod, j.pod];
  const [ni, nj] = [pi.spec?.nodeName ?? '', pj.spec?.nodeName ?? ''];
  if (ni !== nj && (ni === '' || nj === '')) return ni === '' ? -1 : 1;
  if (phaseOrdinal(pi) !== phaseOrdinal(pj)) return phaseOrdinal(pi) - phaseOrdinal(pj);
  const [ri, rj] = [isPodReady(pi), isPodReady(pj)];
  if (ri !== rj) return ri ? 1 : -1;
  if (deletionCost(pi) !== deletionCost(pj)) return deletionCost(pi) - deletionCost(pj);
  if (i.rank !== j.rank) return j.rank - i.rank;
  const [ui, uj] = [pi.metadata?.uid ?? '', pj.metadata?.uid ?? ''];
  if (ri && rj) {
    const c = byTime(readySinceMs(pi), readySinceMs(pj), nowMs, ui, uj);
    if (c !== undefined && c !== 0) return c;
  }
  if (maxRestarts(pi) !== maxRestarts(pj)) return maxRestarts(pj) - maxRestarts(pi);
  const c = byTime(timeMs(pi.metadata?.creationTimestamp), timeMs(pj.metadata?.creationTimestamp), nowMs, ui, uj);
  return c ?? 0;
}

/** getPodsRankedByRelatedPodsOnSameNode: each pod's rank is the number of active related pods on its node. */
export function rankByNode(pods: readonly Pod[], related: readonly Pod[]): Ranked[] {
  const onNode = new Map<string, number>();
  for (const p of related) if (isPodActive(p)) onNode.set(p.spec?.nodeName ?? '', (onNode.get(p.spec?.nodeName ?? '') ?? 0) + 1);
  return pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
}

/** getPodsToDelete: the first `diff` pods in deletion order (no sort when all go). */
export function podsToDelete(pods: readonly Pod[], related: readonly Pod[], diff: number, nowMs: number): Pod[] {
  if (diff >= pods.length) return pods.slice(0, diff);
  return rankByNode(pods, related)
    .sort((a, b) => compareForDeletion(a, b, nowMs))
    .slice(0, diff)
    .map((r) => r.pod);
}
