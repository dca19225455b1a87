// Stopping containers as the kubelet does: every container of a wave at once, each with its own
// grace period — a preStop exec hook first, then StopContainer with what is left of the grace
// period (at least 2 s) — and the wave ends when every stop has answered. A pod is killed in two
// waves: its regular containers, then its sidecars (1.29+: sidecars outlive the containers they serve).

import type { Container } from '../../../protocols/kube/objects.ts';
import { isSidecar } from '../sync/restart.ts';
import { stopTimeout } from '../sync/grace.ts';
import { containerNameOf } from '../sync/runtime-view.ts';
import type { CriOutcome } from './cri.ts';
import type { BoundPod, PodWorker, Step, Stop } from './pod-worker.ts';
import type { RuntimePod } from './runtime-pod.ts';
import type { KubeletShell } from './types.ts';

export type StopWave = Extract<Step, { op: 'stopContainers' }>;

const specOf = (pod: BoundPod, name: string): Container | undefined =>
  [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === name);

const live = (rp: RuntimePod) => rp.containers.filter((c) => c.state === 'CONTAINER_RUNNING' || c.state === 'CONTAINER_CREATED');

/** The steps that stop everything of the pod: regular containers, then sidecars, then every sandbox. */
export function killSteps(pod: BoundPod, rp: RuntimePod, grace: number, message: (name: string) => string): Step[] {
  const stops = live(rp).map((c): Stop => ({ id: c.id, name: containerNameOf(c), grace, message: message(containerNameOf(c)) }));
  const sidecar = (s: Stop) => {
    const spec = specOf(pod, s.name);
    return spec !== undefined && isSidecar(spec) && (pod.spec?.initContainers ?? []).includes(spec);
  };
  const waves = [stops.filter((s) => !sidecar(s)), stops.filter(sidecar)].filter((w) => w.length > 0);
  // A NOTREADY sandbox still holds its IPs until stopped: every sandbox is stopped, as killPod does.
  return [...waves.map((stops): Step => ({ op: 'stopContainers', stops })), ...rp.sandboxes.map((s): Step => ({ op: 'stopSandbox', id: s.id }))];
}

/** Starts a wave: preStop hooks or stops, all at once. */
export function startWave(k: KubeletShell, w: PodWorker, wave: StopWave): void {
  w.stopsLeft = wave.stops.length;
  w.waveStartedAt = k.now();
  for (const stop of wave.stops) {
    k.event(w.pod, 'Normal', 'Killing', stop.message, stop.name);
    const hook = specOf(w.pod, stop.name)?.lifecycle?.preStop?.exec?.command;
    const tag = { for: 'pod' as const, uid: w.uid, run: w.run };
    if (hook !== undefined && stop.grace > 0) k.cri({ type: 'ExecSync', containerId: stop.id, cmd: hook, timeout: stop.grace }, { ...tag, part: `prestop:${stop.id}` });
    else k.cri({ type: 'StopContainer', containerId: stop.id, timeout: stop.grace }, { ...tag, part: `stop:${stop.id}` });
  }
}

/** One answer of a wave; true when the wave is over. */
export function waveAnswered(k: KubeletShell, w: PodWorker, wave: StopWave, part: string, outcome: CriOutcome): boolean {
  const [what, id] = part.split(':') as [string, string];
  const stop = wave.stops.find((s) => s.id === id);
  if (what === 'prestop' && stop !== undefined) {
    const failed = !outcome.ok || (outcome.reply.response as { exitCode?: number }).exitCode !== 0;
    if (failed) k.event(w.pod, 'Warning', 'FailedPreStopHook', 'PreStopHook failed', stop.name);
    const timeout = stopTimeout(stop.grace, (k.now() - w.waveStartedAt) / 1000);
    k.cri({ type: 'StopContainer', containerId: id, timeout }, { for: 'pod', uid: w.uid, run: w.run, part: `stop:${id}` });
    return false;
  }
  return --w.stopsLeft <= 0;
}
