// The kubelet's container garbage collection, each minute: of a pod's dead containers it keeps
// the newest of each name (MaxPerPodContainer 1: `kubectl logs --previous` reads it) and removes
// the rest; dead sandboxes other than the pod's newest are removed once no container is left in
// them. A crash-looping pod thus keeps two containers, not one per restart.

import { containerNameOf, containersNewestFirst, sandboxesNewestFirst } from '../sync/runtime-view.ts';
import type { PodWorker } from './pod-worker.ts';
import type { KubeletShell } from './types.ts';

export function collectGarbage(k: KubeletShell, w: PodWorker): void {
  const removed = new Set<string>();
  const kept = new Set<string>();
  for (const c of containersNewestFirst(w.runtime)) {
    if (c.state !== 'CONTAINER_EXITED') continue;
    const name = containerNameOf(c);
    if (!kept.has(name)) {
      kept.add(name);
      continue;
    }
    removed.add(c.id);
    delete w.notesSeen[c.id];
    delete w.volumes[c.id];
    k.cri({ type: 'RemoveContainer', containerId: c.id }, { for: 'node', what: 'gc' });
  }
  const [newest, ...older] = sandboxesNewestFirst(w.runtime);
  if (newest === undefined) return;
  for (const sb of older) {
    const left = w.runtime.containers.some((c) => w.sandboxOf[c.id] === sb.id && !removed.has(c.id));
    if (sb.state === 'SANDBOX_NOTREADY' && !left) k.cri({ type: 'RemovePodSandbox', podSandboxId: sb.id }, { for: 'node', what: 'gc' });
  }
}
