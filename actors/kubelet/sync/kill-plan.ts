// Stopping a whole pod (kuberuntime's killPodWithSyncResult and its termination ordering): every
// running container gets the pod's grace period, preStop hooks run first, regular containers stop
// together, then sidecars one by one in reverse spec order (each waits for the regular containers
// and for the sidecar declared after it). Then the sandbox stops. And when the pod's deletion may
// be confirmed: the status manager deletes it with grace 0 and a uid precondition once it is
// terminal and nothing of it runs.

import type { ContainerStatus as CriContainerStatus } from '../../../protocols/kube/cri.ts';
import type { Pod } from '../../../protocols/kube/objects.ts';
import { podGracePeriod } from './grace.ts';
import type { LifecycleHandler } from './pod-types.ts';
import { isSidecar } from './restart.ts';
import { containerNameOf, stateOf } from './runtime-view.ts';

export interface ContainerStop {
  readonly containerId: string;
  readonly name: string;
  /** Run before StopContainer when the budget is above 0; its time comes off the budget. */
  readonly preStop?: LifecycleHandler;
  /** The StopContainer timeout budget; see stopTimeout for what is left after waiting. */
  readonly gracePeriodSeconds: number;
  /** Names of containers that must have stopped before this one is sent its stop. */
  readonly waitFor: readonly string[];
}

export interface KillPodPlan {
  readonly gracePeriodSeconds: number;
  /** Virtual ms at which the grace period ends. */
  readonly deadline: number;
  readonly containers: readonly ContainerStop[];
  /** The sandbox(es) to stop once every container has. */
  readonly stopSandboxes: readonly string[];
}

export interface KillPodOptions {
  /** A shorter period, e.g. an eviction's. */
  readonly gracePeriodOverride?: number;
  readonly sandboxIds?: readonly string[];
}

/** Containers still to stop are those not yet exited (running, created, or unknown). */
export function killPodPlan(pod: Pod, containers: readonly CriContainerStatus[], now: number, opts: KillPodOptions = {}): KillPodPlan {
  const grace = podGracePeriod(pod, opts.gracePeriodOverride);
  const live = containers.filter((c) => stateOf(c) !== 'exited');
  const liveNames = new Set(live.map(containerNameOf));
  const regular = (pod.spec?.containers ?? []).map((c) => c.name).filter((n) => liveNames.has(n));
  const inits = pod.spec?.initContainers ?? [];
  const hasSidecars = inits.some(isSidecar);

  // Sidecars wait on every running regular container and on the next (later) sidecar.
  const waits = new Map<string, string[]>();
  let later: string | undefined;
  for (let i = inits.length - 1; i >= 0; i--) {
    const c = inits[i]!;
    if (!isSidecar(c)) continue;
    waits.set(c.name, [...regular, ...(later !== undefined && liveNames.has(later) ? [later] : [])]);
    later = c.name;
  }
  const specOf = (n: string) => [...(pod.spec?.containers ?? []), ...inits].find((c) => c.name === n);
  const stops = live.map((c): ContainerStop => {
    const name = containerNameOf(c);
    const preStop = specOf(name)?.lifecycle?.preStop;
    return {
      containerId: c.id,
      name,
      ...(preStop ? { preStop } : {}),
      gracePeriodSeconds: grace,
      waitFor: hasSidecars ? waits.get(name) ?? [] : [],
    };
  });
  return { gracePeriodSeconds: grace, deadline: now + grace * 1000, containers: stops, stopSandboxes: opts.sandboxIds ?? [] };
}

export interface DeleteConfirmation {
  readonly gracePeriodSeconds: 0;
  readonly preconditions: { readonly uid: string };
}

/**
 * The final delete the kubelet sends for a pod being deleted, once its phase is terminal and
 * none of its containers or sandboxes runs, and its volumes are cleaned up; null until then.
 */
export function confirmDeletion(
  pod: Pod,
  state: { readonly phase: string | undefined; readonly containers: readonly CriContainerStatus[]; readonly sandboxesReady: number; readonly volumesCleaned: boolean },
): DeleteConfirmation | null {
  if (!pod.metadata?.deletionTimestamp) return null;
  if (state.phase !== 'Succeeded' && state.phase !== 'Failed') return null;
  if (state.containers.some((c) => stateOf(c) === 'running' || stateOf(c) === 'unknown')) return null;
  if (state.sandboxesReady > 0 || !state.volumesCleaned) return null;
  return { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid ?? '' } };
}
