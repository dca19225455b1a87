// When a container that is not running should be (re)started, by the pod's restartPolicy, and
// which init containers are sidecars. pkg/kubelet/container/helpers.go ShouldContainerBeRestarted.

import type { Pod } from '../../../protocols/kube/objects.ts';
import type { Container, RuntimePodStatus } from './pod-types.ts';
import { latestContainer, stateOf } from './runtime-view.ts';

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

/** The API defaults restartPolicy to Always. */
export const restartPolicyOf = (pod: Pod): RestartPolicy => (pod.spec?.restartPolicy as RestartPolicy | undefined) ?? 'Always';

export const shouldRestartOnFailure = (pod: Pod): boolean => restartPolicyOf(pod) !== 'Never';

/** A sidecar: an init container with restartPolicy Always, started in order and kept running. */
export const isSidecar = (c: Container): boolean => c.restartPolicy === 'Always';

export function shouldContainerBeRestarted(c: Container, pod: Pod, s: RuntimePodStatus): boolean {
  // A pod being deleted starts nothing again.
  if (pod.metadata?.deletionTimestamp) return false;
  const latest = latestContainer(s, c.name);
  // Never started (or all its containers were garbage-collected).
  if (!latest) return true;
  const st = stateOf(latest);
  if (st === 'running') return false;
  // Created but never started, or lost: always retried.
  if (st === 'unknown' || st === 'created') return true;
  const policy = restartPolicyOf(pod);
  if (policy === 'Never') return false;
  if (policy === 'OnFailure' && latest.exitCode === 0) return false;
  return true;
}

export function containerSucceeded(c: Container, s: RuntimePodStatus): boolean {
  const latest = latestContainer(s, c.name);
  return latest !== undefined && stateOf(latest) === 'exited' && latest.exitCode === 0;
}
