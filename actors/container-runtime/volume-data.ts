// What processes write into their volumes, kept by the runtime as the node's disk keeps it: by
// the mount's host path, so every container mounting that path sees it (a pod's emptyDir shared
// by its containers), a PersistentVolume's global mount path keeps its data across pods, and a
// pod's own volume directories go when its last sandbox is removed. On the host's disk as a log,
// so the data outlives a runtime restart and a reboot, as files on a disk do.

import { logFile } from '../../runtime/index.ts';
import type { ContainerConfig } from '../../protocols/kube/cri.ts';

/** One write: `content` null removes the file. */
export interface VolumeWrite {
  readonly hostPath: string;
  readonly rel: string;
  readonly content: string | null;
}

export type VolumeData = Readonly<Record<string, Readonly<Record<string, string>>>>;

export const VOLUMES_FILE = logFile<VolumeWrite>('container-runtime/volumes');

export function applyWrite(data: VolumeData, w: VolumeWrite): VolumeData {
  const files = { ...data[w.hostPath] };
  if (w.content === null) delete files[w.rel];
  else files[w.rel] = w.content;
  return { ...data, [w.hostPath]: files };
}

export const replayVolumes = (writes: readonly VolumeWrite[]): VolumeData => writes.reduce(applyWrite, {});

/** The mount a path inside a container falls under (the longest containing mount), and the path within it. */
export function mountOf(mounts: ContainerConfig['mounts'], path: string): { readonly hostPath: string; readonly containerPath: string; readonly rel: string; readonly readonly: boolean } | undefined {
  let best: ContainerConfig['mounts'][number] | undefined;
  for (const m of mounts) {
    const base = m.containerPath.replace(/\/$/, '');
    if (path.startsWith(`${base}/`) && (best === undefined || base.length > best.containerPath.replace(/\/$/, '').length)) best = m;
  }
  if (best === undefined) return undefined;
  const base = best.containerPath.replace(/\/$/, '');
  return { hostPath: best.hostPath, containerPath: base, rel: path.slice(base.length + 1), readonly: best.readonly };
}

/** A pod's own volume directories (emptyDir and the rest under /var/lib/kubelet/pods/<uid>/), to drop with the pod. */
export const podVolumePrefix = (podUid: string) => `/var/lib/kubelet/pods/${podUid}/`;

/** The writes that forget every host path under `prefix`. */
export function forgetUnder(data: VolumeData, prefix: string): VolumeWrite[] {
  return Object.entries(data)
    .filter(([hostPath]) => hostPath.startsWith(prefix))
    .flatMap(([hostPath, files]) => Object.keys(files).map((rel) => ({ hostPath, rel, content: null })));
}
