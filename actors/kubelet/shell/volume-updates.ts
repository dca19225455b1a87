// The kubelet volume manager's remount, on each sync of a running pod.

import { containerConfigOf } from './container-config.ts';
import type { PodWorker, Step } from './pod-worker.ts';
import type { KubeletShell } from './types.ts';

/**
 * The volume manager's remount on a sync: a running container whose ConfigMap, Secret or
 * downward API files changed since the kubelet wrote them gets the new ones.
 */
export function volumeUpdates(k: KubeletShell, w: PodWorker): Step[] {
  const steps: Step[] = [];
  const specs = [...(w.pod.spec?.containers ?? []), ...(w.pod.spec?.initContainers ?? [])];
  for (const c of w.runtime.containers) {
    const spec = specs.find((x) => x.name === c.metadata.name);
    if (c.state !== 'CONTAINER_RUNNING' || spec === undefined || w.sandbox === null) continue;
    const made = containerConfigOf(k, w, spec, c.metadata.attempt);
    if (!made.ok) continue;
    const mountFiles = made.config.mountFiles ?? {};
    if (JSON.stringify(mountFiles) !== w.volumes[c.id]) steps.push({ op: 'updateVolumes', containerId: c.id, mountFiles });
  }
  return steps;
}
