// The kubelet's pod-sync decision (kuberuntime's computePodActions): from the pod's spec and what
// the runtime reports, whether to (re)create the sandbox, which containers to kill and which to
// start. Back-off is applied here too: a container the decision would start while its restart
// back-off runs is reported as backing off instead (the CrashLoopBackOff start failure).

import type { Pod } from '../../../protocols/kube/objects.ts';
import type { BackedOff, ContainerToKill, PodActions } from './actions.ts';
import { containerGracePeriod } from './grace.ts';
import { computeInitContainerActions } from './init-actions.ts';
import { CONTAINER_HASH, containerHash } from './labels.ts';
import type { ProbeResult, RuntimePodStatus } from './pod-types.ts';
import { containerSucceeded, restartPolicyOf, shouldContainerBeRestarted, shouldRestartOnFailure } from './restart.ts';
import { latestContainer, stateOf } from './runtime-view.ts';
import { podSandboxChanged } from './sandbox-changed.ts';

export interface SyncInputs {
  readonly now: number;
  /** Liveness results by container name; absent: no result yet. */
  readonly liveness?: Readonly<Record<string, ProbeResult>>;
  readonly startup?: Readonly<Record<string, ProbeResult>>;
  /** Whether the container's restart back-off is still running. */
  readonly inBackOff?: (containerName: string) => boolean;
}

const hasRegularContainerCreated = (pod: Pod, s: RuntimePodStatus): boolean =>
  (pod.spec?.containers ?? []).some((c) => latestContainer(s, c.name) !== undefined && stateOf(latestContainer(s, c.name)!) !== 'unknown');

export function computePodActions(pod: Pod, s: RuntimePodStatus, inputs: SyncInputs): PodActions {
  const containers = pod.spec?.containers ?? [];
  const inits = pod.spec?.initContainers ?? [];
  const sandbox = podSandboxChanged(pod, s);
  const liveness = (n: string) => inputs.liveness?.[n];
  const startup = (n: string) => inputs.startup?.[n];
  const specOf = (n: string) => [...containers, ...inits].find((c) => c.name === n);
  const grace = (n: string, reason: ContainerToKill['reason']) => containerGracePeriod(pod, specOf(n), reason);
  const base = { sandboxId: sandbox.sandboxId, attempt: sandbox.attempt, containersToKill: [] as ContainerToKill[], backingOff: [] as BackedOff[] };

  if (sandbox.changed) {
    const changed = sandbox.reason === 'NoSandbox' ? {} : { sandboxChanged: sandbox.reason! };
    const stop = { ...base, ...changed, killPod: true, createSandbox: false, initContainersToStart: [], containersToStart: [] };
    // A pod that will not restart and already ran containers is done: no new sandbox for it.
    if (!shouldRestartOnFailure(pod) && sandbox.attempt !== 0 && s.containers.length !== 0) return stop;
    const toStart = containers.flatMap((c, i) => (restartPolicyOf(pod) === 'OnFailure' && containerSucceeded(c, s) ? [] : [i]));
    // Nothing left to run and initialization already happened once: just stop.
    if (toStart.length === 0 && hasRegularContainerCreated(pod, s)) return stop;
    const fresh = { ...stop, createSandbox: true };
    if (inits.length > 0) return withBackOff({ ...fresh, initContainersToStart: [0] }, pod, inputs);
    return withBackOff({ ...fresh, containersToStart: toStart }, pod, inputs);
  }

  const init = computeInitContainerActions(pod, s, { liveness, startup, grace });
  const kill: ContainerToKill[] = [...init.toKill];
  const decided = { ...base, killPod: init.killPod, createSandbox: false, initContainersToStart: init.toStart, containersToStart: [] as number[], containersToKill: kill };
  if (init.killPod || !init.initialized) return withBackOff(decided, pod, inputs);

  const toStart: number[] = [];
  let keep = 0;
  containers.forEach((c, idx) => {
    const st = latestContainer(s, c.name);
    if (!st || stateOf(st) !== 'running') {
      if (shouldContainerBeRestarted(c, pod, s)) {
        toStart.push(idx);
        // A lost container might still run: kill it first so two never run at once.
        if (st && stateOf(st) === 'unknown') {
          kill.push({ containerId: st.id, name: c.name, reason: 'Unknown', message: `Container is in "unknown" state, try killing it before restart`, gracePeriodSeconds: grace(c.name, 'Unknown') });
        }
      }
      return;
    }
    let message: string;
    let reason: ContainerToKill['reason'] = '';
    let restart = shouldRestartOnFailure(pod);
    if ((st.annotations[CONTAINER_HASH] ?? '') !== containerHash(c)) {
      message = `Container ${c.name} definition changed`;
      // A changed spec restarts whatever the restart policy says.
      restart = true;
    } else if (liveness(c.name) === 'Failure') {
      message = `Container ${c.name} failed liveness probe`;
      reason = 'LivenessProbe';
    } else if (startup(c.name) === 'Failure') {
      message = `Container ${c.name} failed startup probe`;
      reason = 'StartupProbe';
    } else {
      keep++;
      return;
    }
    if (restart) {
      message = `${message}, will be restarted`;
      toStart.push(idx);
    }
    kill.push({ containerId: st.id, name: c.name, reason, message, gracePeriodSeconds: grace(c.name, reason) });
  });

  if (keep === 0 && toStart.length === 0) {
    // Nothing will run again: stop the pod, and do not let sidecars keep it alive.
    return { ...decided, killPod: true, initContainersToStart: [], containersToStart: [] };
  }
  return withBackOff({ ...decided, containersToStart: toStart }, pod, inputs);
}

/** Containers whose back-off has not run out are not started this time. */
function withBackOff(a: PodActions, pod: Pod, inputs: SyncInputs): PodActions {
  const inBackOff = inputs.inBackOff;
  if (!inBackOff) return a;
  const inits = pod.spec?.initContainers ?? [];
  const containers = pod.spec?.containers ?? [];
  const backingOff: BackedOff[] = [];
  const initsNow = a.initContainersToStart.filter((i) => !(inBackOff(inits[i]!.name) && backingOff.push({ name: inits[i]!.name, init: true, index: i })));
  const regularNow = a.containersToStart.filter((i) => !(inBackOff(containers[i]!.name) && backingOff.push({ name: containers[i]!.name, init: false, index: i })));
  return { ...a, initContainersToStart: initsNow, containersToStart: regularNow, backingOff };
}
