// The kubelet's status manager for one pod: the status generated from the runtime's state is
// written when it differs from what was last written (a merge patch of pods/status carrying the
// pod's uid, so a pod re-created under the same name is never written to); once a deleted pod's
// containers are all stopped and its status written, the kubelet confirms the deletion (a delete
// with grace period 0 and the uid as precondition), and forgets a pod the apiserver no longer has.

import type { PodStatus } from '../../../protocols/kube/objects.ts';
import { deleteCall, patchCall } from '../../client/index.ts';
import { rejectedPodStatus } from '../admission.ts';
import { computePodQOS } from '../qos.ts';
import { generateAPIPodStatus } from '../status/pod-status.ts';
import { podStatusPatch } from '../status/status-patch.ts';
import { deleting, type PodWorker, stopped } from './pod-worker.ts';
import { probeResults, stopProbes } from './probing.ts';
import type { KubeletShell } from './types.ts';

export const STATUS_TAG = 'status/';
export const CONFIRM_TAG = 'confirm/';

function desiredStatus(k: KubeletShell, w: PodWorker): PodStatus {
  const p = k.parts;
  if (typeof w.admission === 'object') return rejectedPodStatus(w.admission.reason, w.admission.message, computePodQOS(w.pod));
  const hostIPs = [p.options.machine.addresses.ipv4, ...(p.options.machine.addresses.ipv6 ? [p.options.machine.addresses.ipv6] : [])];
  return generateAPIPodStatus(w.pod, w.runtime, {
    now: k.now(),
    ...(p.options.epochMs === undefined ? {} : { epochMs: p.options.epochMs }),
    readiness: probeResults(p.s, w, 'readiness'),
    startup: probeResults(p.s, w, 'startup'),
    waiting: w.waiting,
    qosClass: computePodQOS(w.pod),
    hostIPs,
    ...(w.reported === null ? {} : { previous: w.reported }),
    podIsTerminal: (deleting(w) || w.evicted !== null) && stopped(w.runtime),
    ...(w.evicted === null ? {} : { evict: { reason: w.evicted.reason, message: w.evicted.message } }),
  });
}

export function reportStatus(k: KubeletShell, w: PodWorker): void {
  const p = k.parts;
  if (w.gone) return;
  recordNotes(k, w);
  if (w.writing) {
    w.reportAgain = true;
    return;
  }
  const now = desiredStatus(k, w);
  const patch = podStatusPatch(w.reported ?? w.pod.status ?? {}, now, w.uid);
  if (patch !== null) {
    w.writing = true;
    w.reported = now;
    const { namespace, name } = w.pod.metadata;
    p.kit.call(p.s.kit, p.ctx, patchCall('pods', name!, 'strategic', JSON.stringify(patch), { namespace: namespace!, subresource: 'status' }), STATUS_TAG + w.uid);
    return;
  }
  confirmIfDone(k, w);
}

/** What the workload model said about the pod's processes, recorded once each as an Event. */
function recordNotes(k: KubeletShell, w: PodWorker): void {
  for (const c of w.runtime.containers) {
    const notes = c.notes ?? [];
    const seen = w.notesSeen[c.id] ?? 0;
    for (const n of notes.slice(seen)) k.event(w.pod, n.type, n.reason, n.message, c.metadata.name);
    if (notes.length > seen) w.notesSeen[c.id] = notes.length;
  }
}

/**
 * A status write was answered. A failed one is tried again with the pod's next sync (10 s at
 * the most, as the status manager's batch sync), not at once: a write refused for good (the pod
 * re-created under its name, or gone) must not spin.
 */
export function statusWritten(k: KubeletShell, w: PodWorker, code: number | undefined): void {
  w.writing = false;
  if (code !== undefined) {
    w.reported = null;
    w.reportAgain = false;
    if (code !== 404 && code !== 409) k.resyncAfter(w, 10_000);
    return;
  }
  if (w.reportAgain) {
    w.reportAgain = false;
    reportStatus(k, w);
    return;
  }
  confirmIfDone(k, w);
}

/** The final delete was answered: a failure other than "already gone" is tried again later. */
export function deletionConfirmed(k: KubeletShell, w: PodWorker, code: number | undefined): void {
  if (code === undefined || code === 404 || code === 409) return;
  w.confirmed = false;
  k.resyncAfter(w, 10_000);
}

/** After a sync: a pod the apiserver no longer has is forgotten once stopped; a deleted one confirmed. */
export function afterSync(k: KubeletShell, w: PodWorker): void {
  if (w.gone) {
    if (stopped(w.runtime)) forget(k, w);
    return;
  }
  confirmIfDone(k, w);
}

function confirmIfDone(k: KubeletShell, w: PodWorker): void {
  const p = k.parts;
  if (!deleting(w) || w.gone || w.confirmed || w.busy || !stopped(w.runtime)) return;
  w.confirmed = true;
  const { namespace, name } = w.pod.metadata;
  p.kit.call(p.s.kit, p.ctx, deleteCall('pods', name!, { namespace: namespace! }, { gracePeriodSeconds: 0, preconditions: { uid: w.uid } }), CONFIRM_TAG + w.uid);
}

/** A pod the apiserver no longer has, stopped: its sandboxes (and with them its volumes' data) removed, then forgotten. */
function forget(k: KubeletShell, w: PodWorker): void {
  for (const sandbox of w.runtime.sandboxes) k.cri({ type: 'RemovePodSandbox', podSandboxId: sandbox.id }, { for: 'node', what: 'gc' });
  stopProbes(k.parts.s, w.uid);
  k.parts.ctx.timers.cancel(`resync/${w.uid}`);
  delete k.parts.s.workers[w.uid];
}
