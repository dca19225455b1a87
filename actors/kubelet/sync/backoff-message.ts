// The wording of a start refused for back-off: the container's waiting state shows
// CrashLoopBackOff with "back-off 20s restarting failed container=nginx pod=web_default(uid)".

import type { Pod } from '../../../protocols/kube/objects.ts';

/** A duration as Go's time.Duration prints whole seconds: 10s, 1m20s, 5m0s, 1h0m0s. */
export function goDuration(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/** The kubelet's format.Pod: name_namespace(uid). */
export const formatPod = (pod: Pod): string => `${pod.metadata?.name ?? ''}_${pod.metadata?.namespace ?? ''}(${pod.metadata?.uid ?? ''})`;

export function crashLoopBackOff(pod: Pod, containerName: string, delayMs: number): { reason: 'CrashLoopBackOff'; message: string } {
  return { reason: 'CrashLoopBackOff', message: `back-off ${goDuration(delayMs)} restarting failed container=${containerName} pod=${formatPod(pod)}` };
}

/** The Warning event the kubelet records for it (reason BackOff). */
export const backOffEventMessage = (pod: Pod, containerName: string): string =>
  `Back-off restarting failed container ${containerName} in pod ${formatPod(pod)}`;
