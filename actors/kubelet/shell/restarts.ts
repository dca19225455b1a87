// Back-off around the pod worker: a container that exited is held back while its restart backs
// off (CrashLoopBackOff), and an image whose pull failed is not pulled again until its back-off
// ran out (ImagePullBackOff). Either way the pod syncs again when the back-off ends.

import type { Container } from '../../../protocols/kube/objects.ts';
import { backoffGet, containerBackOff, containerBackoffKey, containerHash, imageBackoffKey, imagePullBackOff, imagePullFailed, imagePullSucceeded } from '../backoff.ts';
import type { PodWorker } from './pod-worker.ts';
import { latestContainer } from '../sync/runtime-view.ts';
import type { KubeletShell } from './types.ts';

const podRef = (w: PodWorker) => ({ name: w.pod.metadata.name!, namespace: w.pod.metadata.namespace!, uid: w.uid });

/**
 * The sync core's question "is this container's restart backing off?", answered as the kubelet's
 * doBackOff: a container let through moves its back-off window on; one held back waits in
 * CrashLoopBackOff, and the pod is synced again when the window ends.
 */
export function restartBackOff(k: KubeletShell, w: PodWorker): (name: string) => boolean {
  const p = k.parts;
  return (name) => {
    const c = [...(w.pod.spec?.containers ?? []), ...(w.pod.spec?.initContainers ?? [])].find((x) => x.name === name);
    const last = latestContainer(w.runtime, name);
    if (c === undefined) return false;
    const finishedAt = last?.state === 'CONTAINER_EXITED' ? last.finishedAt : undefined;
    const key = containerBackoffKey(podRef(w), name, containerHash(c));
    const d = containerBackOff(p.s.backoff, podRef(w), name, key, finishedAt, k.now());
    p.s.backoff = d.state;
    if (!d.inBackOff) return false;
    w.waiting[name] = { reason: d.reason, message: d.message };
    k.event(w.pod, d.event.type, d.event.reason, d.event.message, name);
    k.resyncAfter(w, finishedAt! + backoffGet(p.s.backoff, key) - k.now());
    return true;
  };
}

/** When an image's pull back-off ends, if it is running now. */
export function pullBackOffUntil(k: KubeletShell, w: PodWorker, c: Container): { readonly until: number; readonly message: string; readonly event: string } | undefined {
  const p = k.parts;
  const d = imagePullBackOff(p.s.pullBackoff, w.uid, c.image!, k.now());
  if (!d.inBackOff) return undefined;
  const entry = p.s.pullBackoff.backoff[imageBackoffKey(w.uid, c.image!)]!;
  return { until: entry.lastUpdateMs + entry.backoffMs, message: d.message, event: d.event.message };
}

/** A failed pull: the window moves on; returns when the next attempt may come. */
export function pullFailed(k: KubeletShell, w: PodWorker, c: Container, message: string): number {
  const p = k.parts;
  const now = k.now();
  p.s.pullBackoff = imagePullFailed(p.s.pullBackoff, w.uid, c.image!, now, { reason: 'ErrImagePull', message });
  return now + backoffGet(p.s.pullBackoff.backoff, imageBackoffKey(w.uid, c.image!));
}

export function pullSucceeded(k: KubeletShell, w: PodWorker, c: Container): void {
  k.parts.s.pullBackoff = imagePullSucceeded(k.parts.s.pullBackoff, w.uid, c.image!, k.now());
}
