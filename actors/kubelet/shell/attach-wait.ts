// The volume manager's handshake with the attach/detach controller, around the volumes/attach.ts
// core: a sync goes no further than its status report while the pod's PersistentVolumes are not
// attached, and the node status names every volume its pods want or still mount.

import { attachableVolumes, volumesInUse, waitForAttach } from '../volumes/attach.ts';
import { type PodWorker, stopped } from './pod-worker.ts';
import type { KubeletState } from './state.ts';
import type { KubeletShell } from './types.ts';

/** Whether the sync may go on to the pod's sandbox and containers; if not, it checks again later. */
export function attachGate(k: KubeletShell, w: PodWorker): boolean {
  const p = k.parts;
  w.attachable = attachableVolumes(w.pod, (_ns, name) => w.claims[name] ?? undefined, (name) => w.pvs[name] ?? undefined);
  // Mounted volumes stay mounted while the pod lives; a pod found running after a kubelet
  // restart has its mounts reconstructed rather than waited for.
  if (w.attachable.length === 0 || w.mounted || w.runtime.sandboxes.some((s) => s.state === 'SANDBOX_READY')) {
    w.mounted = w.attachable.length > 0;
    w.attachWaitSince = undefined;
    return true;
  }
  const status = p.s.node.node?.status;
  const now = p.ctx.now();
  const wait = waitForAttach(w.attachable, { volumesAttached: status?.volumesAttached, volumesInUse: status?.volumesInUse }, w.attachWaitSince, now);
  if (wait.ready) {
    w.mounted = true;
    w.attachWaitSince = undefined;
    return true;
  }
  w.attachWaitSince = wait.since;
  if (wait.event) k.event(w.pod, 'Warning', wait.event.reason, wait.event.message);
  k.resyncAfter(w, wait.timeoutAt - now);
  return false;
}

/** A pod wants its volumes from admission until it is torn down and nothing of it runs. */
const wantsVolumes = (w: PodWorker): boolean => w.admission === 'admitted' && !(w.tornDown && stopped(w.runtime));

export const nodeVolumesInUse = (s: KubeletState): string[] => volumesInUse(Object.values(s.workers).map((w) => ({ volumes: w.attachable, inUse: wantsVolumes(w) })));

/** The workers waiting for an attach: a fresh read of the Node may let them go on. */
export const waitingForAttach = (s: KubeletState): PodWorker[] => Object.values(s.workers).filter((w) => w.attachWaitSince !== undefined);
