// The controller's memory between syncs, kept in its actor state and lost on a restart as the
// real controller's is. Two trackers, as k8s.io/endpointslice/util has them:
// - TriggerTimeTracker: the endpoints.kubernetes.io/last-change-trigger-time annotation is the
//   earliest change (a pod's Ready transition, the Service's creation) not yet seen by a sync; a
//   Service first seen since the start gets its creation time.
// - EndpointSliceTracker: the slices this controller wrote, so that a sync on a cache that has
//   not caught up with its own writes waits (else it would create a slice twice), and the echo of
//   its own write does not wake the Service again. The real one keys by uid and generation; here
//   by name and resourceVersion (etcd revisions, ordered), the registry keeping no generation.

import type { EndpointSlice, Pod, Service } from '../../../protocols/kube/objects.ts';
import { parseRfc3339 } from '../../../protocols/kube/time.ts';
import { podReadyTransition } from './pods.ts';

/** resourceVersion written, or DELETION_EXPECTED. */
export const DELETION_EXPECTED = -1;

export type TrackerMemory = {
  triggers: Record<string, { pods: Record<string, number>; service: number }>;
  slices: Record<string, Record<string, number>>;
};

export const trackerMemory = (): TrackerMemory => ({ triggers: {}, slices: {} });

const at = (ts: string | undefined): number | undefined => (ts === undefined ? undefined : parseRfc3339(ts));

/** ComputeEndpointLastChangeTriggerTime: Unix ms, or undefined (the annotation is then removed). */
export function lastChangeTriggerTime(m: TrackerMemory, key: string, svc: Service, pods: readonly Pod[]): number | undefined {
  const before = m.triggers[key];
  const next = { pods: {} as Record<string, number>, service: at(svc.metadata?.creationTimestamp) ?? 0 };
  let min: number | undefined;
  for (const pod of pods) {
    const t = at(podReadyTransition(pod));
    if (t === undefined) continue;
    next.pods[pod.metadata!.name!] = t;
    if (t > (before?.pods[pod.metadata!.name!] ?? -Infinity)) min = Math.min(min ?? Infinity, t);
  }
  if (next.service > (before?.service ?? -Infinity)) min = Math.min(min ?? Infinity, next.service);
  m.triggers[key] = next;
  if (before === undefined) return at(svc.metadata?.creationTimestamp);
  return min;
}

const rv = (s: EndpointSlice): number => Number(s.metadata?.resourceVersion ?? 0);

/** StaleSlices: a slice older than this controller's write of it, one it deleted still there, or one it wrote missing. */
export function staleSlices(m: TrackerMemory, key: string, slices: readonly EndpointSlice[]): boolean {
  const mine = m.slices[key];
  if (mine === undefined) return false;
  const seen = new Set<string>();
  for (const s of slices) {
    seen.add(s.metadata!.name!);
    const g = mine[s.metadata!.name!];
    if (g !== undefined && (g === DELETION_EXPECTED || g > rv(s))) return true;
  }
  return Object.entries(mine).some(([name, g]) => g !== DELETION_EXPECTED && !seen.has(name));
}

/** ShouldSync: a slice this controller did not write in this version. */
export function shouldSync(m: TrackerMemory, key: string, s: EndpointSlice): boolean {
  const g = m.slices[key]?.[s.metadata!.name!];
  return g === undefined || rv(s) > g;
}

export function trackWrite(m: TrackerMemory, key: string, name: string, version: number): void {
  (m.slices[key] ??= {})[name] = version;
}

/** A slice's deletion was seen: true when it was not this controller's doing (the Service is synced again). */
export function handleDeletion(m: TrackerMemory, key: string, s: EndpointSlice): boolean {
  const mine = m.slices[key];
  const g = mine?.[s.metadata!.name!];
  if (g === undefined) return false;
  delete mine![s.metadata!.name!];
  return g !== DELETION_EXPECTED;
}

export function forgetService(m: TrackerMemory, key: string): void {
  delete m.triggers[key];
  delete m.slices[key];
}
