// The pod's phase from its container statuses (the kubelet's getPhase): init containers first
// (a failed one fails a restartPolicy Never pod; one not done keeps it Pending), sidecars (running
// but not started, or never run, keep it Pending until regular containers have run), then regular
// containers by the restart policy.

import type { Pod } from '../../../protocols/kube/objects.ts';
import type { ApiContainerStatus } from '../sync/pod-types.ts';
import { isSidecar, restartPolicyOf } from '../sync/restart.ts';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

/** A phase a pod never leaves. */
export const isTerminalPhase = (p: string | undefined): p is 'Succeeded' | 'Failed' => p === 'Succeeded' || p === 'Failed';

/**
 * `statuses` holds both init and regular container statuses. `podIsTerminal`: the kubelet has
 * stopped the pod for good, so stopped containers will not restart whatever the policy.
 * `podHasInitialized`: a regular container has run (its status is running or terminated), so a restarting sidecar
 * does not send the pod back to Pending.
 */
export function getPhase(pod: Pod, statuses: readonly ApiContainerStatus[], podIsTerminal: boolean, podHasInitialized: boolean): PodPhase {
  const find = (name: string) => statuses.find((s) => s.name === name);
  const inits = pod.spec?.initContainers ?? [];
  let pendingInit = 0;
  let pendingSidecar = 0;
  let failedInit = 0;
  for (const c of inits) {
    if (isSidecar(c)) continue;
    const st = find(c.name);
    if (!st) pendingInit++;
    else if (st.state?.running) pendingInit++;
    else if (st.state?.terminated) {
      if (st.state.terminated.exitCode !== 0) failedInit++;
    } else if (st.state?.waiting) {
      if (st.lastState?.terminated) {
        if (st.lastState.terminated.exitCode !== 0) failedInit++;
      } else pendingInit++;
    } else pendingInit++;
  }

  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of inits) {
    if (!isSidecar(c)) continue;
    const st = find(c.name);
    if (!st) {
      unknown++;
      continue;
    }
    if (st.state?.running) {
      if (!st.started) pendingSidecar++;
      running++;
    } else if (st.state?.terminated) {
      // A stopped sidecar does not count towards the phase.
    } else if (st.state?.waiting) {
      if (!st.lastState?.terminated) {
        pendingSidecar++;
        waiting++;
      }
    } else {
      pendingSidecar++;
      unknown++;
    }
  }
  for (const c of pod.spec?.containers ?? []) {
    const st = find(c.name);
    if (!st) unknown++;
    else if (st.state?.running) running++;
    else if (st.state?.terminated) {
      stopped++;
      if (st.state.terminated.exitCode === 0) succeeded++;
    } else if (st.state?.waiting) {
      if (st.lastState?.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }

  const policy = restartPolicyOf(pod);
  if (failedInit > 0 && policy === 'Never') return 'Failed';
  if (pendingInit > 0 || (pendingSidecar > 0 && !podHasInitialized) || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal && !isStaticPod(pod)) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

/** Static pods (from a manifest on the node) keep a non-terminal phase; their mirror says which source. */
export const isStaticPod = (pod: Pod): boolean => {
  const source = pod.metadata?.annotations?.['kubernetes.io/config.source'];
  return source !== undefined && source !== 'api';
};
