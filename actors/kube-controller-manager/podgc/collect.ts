// PodGC's choices, from the pods and nodes in its caches (pkg/controller/podgc):
//  - terminated pods (Succeeded, Failed, or any phase other than Pending, Running, Unknown) beyond
//    --terminated-pod-gc-threshold (12500), evicted ones first, then oldest first, then by name;
//  - terminating pods on a node that is not ready and carries node.kubernetes.io/out-of-service;
//  - pods bound to a node that has been missing for the 40 s quarantine (orphaned): these get the
//    DisruptionTarget condition, reason DeletionByPodGC, "PodGC: node no longer exists";
//  - terminating pods never scheduled to a node.
// Each is force-deleted; one not yet terminal is first marked Failed.

import type { Node, Pod } from '../../../protocols/kube/objects.ts';
import { parseRfc3339 } from '../../../protocols/kube/time.ts';

export const TERMINATED_POD_GC_THRESHOLD = 12500;
export const GC_CHECK_PERIOD_MS = 20_000;
export const QUARANTINE_MS = 40_000;
export const OUT_OF_SERVICE_TAINT = 'node.kubernetes.io/out-of-service';

export interface Verdict {
  readonly pod: Pod;
  /** Set for orphans: the condition their status gets with phase Failed. */
  readonly orphaned: boolean;
}

/** isPodTerminated: PodGC counts every phase but Pending, Running and Unknown as terminated. */
export function isTerminated(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Pending' && phase !== 'Running' && phase !== 'Unknown';
}

const isEvicted = (p: Pod) => p.status?.phase === 'Failed' && p.status?.reason === 'Evicted';
const created = (p: Pod) => parseRfc3339(p.metadata?.creationTimestamp ?? '') ?? 0;

/** byEvictionAndCreationTimestamp. */
export function byEvictionAndAge(a: Pod, b: Pod): number {
  if (isEvicted(a) !== isEvicted(b)) return isEvicted(a) ? -1 : 1;
  if (created(a) !== created(b)) return created(a) - created(b);
  const [na, nb] = [a.metadata?.name ?? '', b.metadata?.name ?? ''];
  return na < nb ? -1 : na > nb ? 1 : 0;
}

const nodeReady = (n: Node) => (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/**
 * The nodes found missing: each enters quarantine (the first time it is seen missing, until `now`
 * plus 40 s); a node whose quarantine is over and that is still missing is deleted. `quarantine`
 * (node → virtual ms when due) is updated in place.
 */
export function deletedNodes(pods: readonly Pod[], existing: ReadonlySet<string>, quarantine: Record<string, number>, now: number): Set<string> {
  for (const p of pods) {
    const node = p.spec?.nodeName ?? '';
    if (node !== '' && !existing.has(node)) quarantine[node] ??= now + QUARANTINE_MS;
  }
  const gone = new Set<string>();
  for (const [node, due] of Object.entries(quarantine)) {
    if (due > now) continue;
    delete quarantine[node];
    if (!existing.has(node)) gone.add(node);
  }
  return gone;
}

/** Every pod PodGC deletes in one pass, each once, in the order the passes find them. */
export function collect(pods: readonly Pod[], nodes: readonly Node[], quarantine: Record<string, number>, now: number, threshold = TERMINATED_POD_GC_THRESHOLD): Verdict[] {
  const out = new Map<string, Verdict>();
  const add = (pod: Pod, orphaned: boolean) => {
    const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
    if (!out.has(key)) out.set(key, { pod, orphaned });
  };
  if (threshold > 0) {
    const terminated = pods.filter(isTerminated);
    const excess = terminated.length - threshold;
    if (excess > 0) for (const p of [...terminated].sort(byEvictionAndAge).slice(0, excess)) add(p, false);
  }
  const byName = new Map(nodes.map((n) => [n.metadata!.name!, n] as const));
  const outOfService = pods.filter((p) => {
    const node = byName.get(p.spec?.nodeName ?? '');
    return p.metadata?.deletionTimestamp !== undefined && node !== undefined && !nodeReady(node) && (node.spec?.taints ?? []).some((t) => t.key === OUT_OF_SERVICE_TAINT);
  });
  for (const p of outOfService.sort(byEvictionAndAge)) add(p, false);
  const gone = deletedNodes(pods, new Set(byName.keys()), quarantine, now);
  for (const p of pods) if (gone.has(p.spec?.nodeName ?? '')) add(p, true);
  for (const p of pods) if (p.metadata?.deletionTimestamp !== undefined && !p.spec?.nodeName) add(p, false);
  return [...out.values()];
}
