// The status the kubelet writes for a pod (generateAPIPodStatus with the status manager's
// bookkeeping): container statuses, phase, the kubelet's conditions, IPs, startTime and qosClass,
// from the runtime's report, the probes' results and the previous status. And the status of a
// pod the kubelet has finished with (the status manager's TerminatePod).

import { DEFAULT_EPOCH_MS, rfc3339 } from '../../../protocols/kube/time.ts';
import type { Pod } from '../../../protocols/kube/objects.ts';
import type { ApiContainerStatus, PodCondition, PodStatus, ProbeResult, RuntimePodStatus } from '../sync/pod-types.ts';
import { isSidecar } from '../sync/restart.ts';
import { podSandboxChanged } from '../sync/sandbox-changed.ts';
import { KUBELET_CONDITIONS, anyRegularContainerStarted, containersReady, initialized, podReady, readyToStartContainers, withTransitionTime } from './conditions.ts';
import { type WaitingReason, convertToAPIContainerStatuses } from './container-statuses.ts';
import { type PodPhase, getPhase, isStaticPod, isTerminalPhase as isTerminal } from './phase.ts';
import { podIPsFor } from './pod-ips.ts';
import { applyProbeResults } from './probe-status.ts';

export interface StatusInputs {
  /** Virtual ms. */
  readonly now: number;
  /** Where virtual 0 falls on the calendar (default: the cluster's epoch). */
  readonly epochMs?: number;
  readonly readiness?: Readonly<Record<string, ProbeResult>>;
  readonly startup?: Readonly<Record<string, ProbeResult>>;
  /** Why each container's last start failed (ErrImagePull, CrashLoopBackOff, CreateContainerConfigError, ...). */
  readonly waiting?: Readonly<Record<string, WaitingReason>>;
  readonly qosClass: 'Guaranteed' | 'Burstable' | 'BestEffort';
  readonly hostIPs: readonly string[];
  /** The status the kubelet last computed for the pod; the API's when absent. */
  readonly previous?: PodStatus;
  /** The kubelet has stopped the pod for good. */
  readonly podIsTerminal?: boolean;
  /** An internal module (eviction) asks for the pod to fail with this reason and message. */
  readonly evict?: { readonly reason: string; readonly message: string };
}


/** Running containers keep the started flag they had, until the probes say otherwise. */
const keepStarted = (statuses: ApiContainerStatus[], old: readonly ApiContainerStatus[] | undefined) =>
  statuses.map((st) => {
    const prev = old?.find((o) => o.name === st.name);
    return st.state?.running && prev?.started !== undefined ? { ...st, started: prev.started } : st;
  });

export function generateAPIPodStatus(pod: Pod, s: RuntimePodStatus, inputs: StatusInputs): PodStatus {
  const time = (ms: number) => rfc3339((inputs.epochMs ?? DEFAULT_EPOCH_MS) + ms);
  const apiStatus: PodStatus = pod.status ?? {};
  const old: PodStatus = inputs.previous ?? apiStatus;
  const convert = { time, waiting: inputs.waiting ?? {} };
  const regular = keepStarted(convertToAPIContainerStatuses(pod, s, old.containerStatuses, pod.spec?.containers ?? [], false, convert), old.containerStatuses);
  const init = keepStarted(convertToAPIContainerStatuses(pod, s, old.initContainerStatuses, pod.spec?.initContainers ?? [], true, convert), old.initContainerStatuses);

  // 1.32 judges "has the pod initialized" from the statuses: a regular container running or stopped.
  let phase: PodPhase = getPhase(pod, [...regular, ...init], inputs.podIsTerminal ?? false, anyRegularContainerStarted(pod, regular));
  if (!isTerminal(phase)) {
    if (isTerminal(old.phase)) phase = old.phase;
    else if (isTerminal(apiStatus.phase)) phase = apiStatus.phase;
  }
  let reason: string | undefined;
  let message: string | undefined;
  if (phase === old.phase) {
    reason = old.reason || apiStatus.reason;
    message = old.message || apiStatus.message;
  }
  if (inputs.evict) ({ phase, reason, message } = { phase: 'Failed', ...inputs.evict });
  // No way out of a terminal phase the API already shows.
  if (isTerminal(apiStatus.phase) && phase !== apiStatus.phase) phase = apiStatus.phase;

  const probes = { readiness: inputs.readiness ?? {}, startup: inputs.startup ?? {} };
  const containerStatuses = applyProbeResults(pod, regular, false, probes);
  const initContainerStatuses = applyProbeResults(pod, init, true, probes);
  const all = [...initContainerStatuses, ...containerStatuses];

  const kept: PodCondition[] = (apiStatus.conditions ?? []).filter((c) => !KUBELET_CONDITIONS.includes(c.type));
  const disruption = old.conditions?.find((c) => c.type === 'DisruptionTarget');
  const others = disruption ? [...kept.filter((c) => c.type !== 'DisruptionTarget'), disruption] : kept;
  const now = time(inputs.now);
  const owned = [
    readyToStartContainers(!podSandboxChanged(pod, s).changed),
    initialized(pod, all, phase),
    podReady(pod, others, all, phase),
    containersReady(pod, all, phase),
    { type: 'PodScheduled', status: 'True' },
  ].map((c) => withTransitionTime(c, old.conditions, now));

  const hostIPs = inputs.hostIPs;
  const podIPs = podIPsFor(pod, s, hostIPs, old);
  return {
    phase,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
    conditions: [...others, ...owned],
    ...(hostIPs.length > 0 ? { hostIP: hostIPs[0], hostIPs: hostIPs.slice(0, 2).map((ip) => ({ ip })) } : {}),
    ...(podIPs.length > 0 ? { podIP: podIPs[0], podIPs: podIPs.map((ip) => ({ ip })) } : {}),
    startTime: old.startTime ?? now,
    ...(initContainerStatuses.length > 0 ? { initContainerStatuses } : {}),
    containerStatuses,
    qosClass: inputs.qosClass,
  };
}

const UNKNOWN_TERMINATED = { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated' };

/** Some container left waiting, or the last init container completed (or, a sidecar, started). */
function hasPodInitialized(pod: Pod, st: PodStatus): boolean {
  const inits = pod.spec?.initContainers ?? [];
  if (inits.length === 0) return true;
  if ((st.containerStatuses ?? []).some((c) => c.lastState?.terminated || !c.state?.waiting)) return true;
  const statuses = st.initContainerStatuses ?? [];
  const last = statuses[statuses.length - 1];
  const spec = last && inits.find((c) => c.name === last.name);
  if (!last || !spec) return false;
  if (isSidecar(spec)) return !!last.state?.running && last.started === true;
  return last.lastState?.terminated?.reason === 'Completed' || last.state?.terminated?.reason === 'Completed';
}

/** How many init statuses attempted a start: all but the trailing never-started ones, and at least one. */
function attemptedInits(statuses: readonly ApiContainerStatus[]): number {
  for (let i = statuses.length - 1; i >= 0; i--) {
    if (!statuses[i]!.state?.waiting || statuses[i]!.lastState?.terminated) return i + 1;
  }
  return Math.min(1, statuses.length);
}

/**
 * The status written when the kubelet is done with a pod (the status manager's TerminatePod):
 * containers not seen terminated are marked ContainerStatusUnknown (regular ones once the pod
 * initialized; init containers that attempted a start), and a phase still Pending or Running
 * becomes Failed (static pods excepted).
 */
export function terminatedPodStatus(pod: Pod, last: PodStatus): PodStatus {
  const unknown = (st: ApiContainerStatus): ApiContainerStatus => (st.state?.terminated ? st : { ...st, state: { terminated: UNKNOWN_TERMINATED } });
  const out: PodStatus = { ...last };
  if (last.containerStatuses && hasPodInitialized(pod, last)) out.containerStatuses = last.containerStatuses.map(unknown);
  if (last.initContainerStatuses) {
    const n = attemptedInits(last.initContainerStatuses);
    out.initContainerStatuses = last.initContainerStatuses.map((st, i) => (i < n ? unknown(st) : st));
  }
  if (!isTerminal(last.phase) && !isStaticPod(pod)) out.phase = 'Failed';
  return out;
}
