// The pod conditions the kubelet owns (pkg/kubelet/status/generate.go): PodReadyToStartContainers,
// Initialized, Ready, ContainersReady and PodScheduled, with the kubelet's reasons and messages.
// lastTransitionTime stays as it was while a condition's status does not change.

import type { Pod } from '../../../protocols/kube/objects.ts';
import type { ApiContainerStatus, PodCondition } from '../sync/pod-types.ts';
import { isSidecar } from '../sync/restart.ts';
import type { PodPhase } from './phase.ts';

export const KUBELET_CONDITIONS: readonly string[] = ['PodScheduled', 'Ready', 'Initialized', 'ContainersReady', 'PodReadyToStartContainers'];

/** Go prints a []string as [a b c]. */
const goList = (names: readonly string[]) => `[${names.join(' ')}]`;

type Bare = Omit<PodCondition, 'lastTransitionTime' | 'lastProbeTime'>;

const cond = (type: string, ok: boolean, reason?: string, message?: string): Bare => ({
  type,
  status: ok ? 'True' : 'False',
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
});

export const readyToStartContainers = (sandboxReady: boolean): Bare => cond('PodReadyToStartContainers', sandboxReady);

/** A regular container is running or has stopped, so initialization completed before. */
export function anyRegularContainerStarted(pod: Pod, statuses: readonly ApiContainerStatus[]): boolean {
  return (pod.spec?.containers ?? []).some((c) => {
    const st = statuses.find((s) => s.name === c.name);
    return st !== undefined && (st.state?.running !== undefined || st.state?.terminated !== undefined);
  });
}

export function initialized(pod: Pod, statuses: readonly ApiContainerStatus[], phase: PodPhase): Bare {
  const inits = pod.spec?.initContainers ?? [];
  if (inits.length === 0) return cond('Initialized', true);
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of inits) {
    const st = statuses.find((s) => s.name === c.name);
    if (!st) unknown.push(c.name);
    else if (isSidecar(c)) {
      if (!st.started) incomplete.push(c.name);
    } else if (!st.state?.terminated || st.state.terminated.exitCode !== 0) incomplete.push(c.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0) return cond('Initialized', true, 'PodCompleted');
  if (anyRegularContainerStarted(pod, statuses)) return cond('Initialized', true);
  const messages = [
    ...(unknown.length > 0 ? [`containers with unknown status: ${goList(unknown)}`] : []),
    ...(incomplete.length > 0 ? [`containers with incomplete status: ${goList(incomplete)}`] : []),
  ];
  if (messages.length > 0) return cond('Initialized', false, 'ContainersNotInitialized', messages.join(', '));
  return cond('Initialized', true);
}

export function containersReady(pod: Pod, statuses: readonly ApiContainerStatus[], phase: PodPhase): Bare {
  const unknown: string[] = [];
  const unready: string[] = [];
  const check = (name: string) => {
    const st = statuses.find((s) => s.name === name);
    if (!st) unknown.push(name);
    else if (!st.ready) unready.push(name);
  };
  for (const c of pod.spec?.initContainers ?? []) if (isSidecar(c)) check(c.name);
  for (const c of pod.spec?.containers ?? []) check(c.name);
  if (phase === 'Succeeded' && unknown.length === 0) return cond('ContainersReady', false, 'PodCompleted');
  if (phase === 'Failed') return cond('ContainersReady', false, 'PodFailed');
  const messages = [
    ...(unknown.length > 0 ? [`containers with unknown status: ${goList(unknown)}`] : []),
    ...(unready.length > 0 ? [`containers with unready status: ${goList(unready)}`] : []),
  ];
  if (messages.length > 0) return cond('ContainersReady', false, 'ContainersNotReady', messages.join(', '));
  return cond('ContainersReady', true);
}

/** Ready: ContainersReady, and every readiness gate's condition True. */
export function podReady(pod: Pod, others: readonly PodCondition[], statuses: readonly ApiContainerStatus[], phase: PodPhase): Bare {
  const cr = containersReady(pod, statuses, phase);
  if (cr.status !== 'True') return { ...cr, type: 'Ready' };
  const messages: string[] = [];
  for (const gate of pod.spec?.readinessGates ?? []) {
    const c = others.find((x) => x.type === gate.conditionType);
    if (!c) messages.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    else if (c.status !== 'True') messages.push(`the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`);
  }
  if (messages.length > 0) return cond('Ready', false, 'ReadinessGatesNotReady', messages.join(', '));
  return cond('Ready', true);
}

/** Keep the old lastTransitionTime when the status is unchanged, else now. */
export function withTransitionTime(c: Bare, old: readonly PodCondition[] | undefined, now: string): PodCondition {
  const prev = old?.find((x) => x.type === c.type);
  return { ...c, lastTransitionTime: prev && prev.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : now };
}
