// A container's CRI config as the kubelet's generateContainerConfig makes it: its environment
// (ConfigMaps, Secrets, the downward API, $(VAR) expansion of command and args), its volumes'
// files at their mount paths, its cgroup resources and OOM score. A missing source is a
// CreateContainerConfigError; a volume that cannot be set up keeps the container waiting in
// ContainerCreating, with a FailedMount event, as the volume manager does.

import type { ConfigMap, Container, Secret } from '../../../protocols/kube/objects.ts';
import type { ContainerConfig, Mount, MountFiles } from '../../../protocols/kube/cri.ts';
import { resolveHostConfig } from '../node/config.ts';
import { nodeResources } from '../node/resources.ts';
import { containerOOMScoreAdjust } from '../qos.ts';
import { linuxResourcesFor } from '../sync/linux-resources.ts';
import { containerConfigFor } from '../sync/cri-configs.ts';
import { containerEnv, expandCommandAndArgs } from '../volumes/env.ts';
import { setUpPodVolumes, type VolumeSetUp } from '../volumes/pod-volumes.ts';
import { objectInformerName, type ObjectResource } from '../volumes/object-refs.ts';
import { hostConfigOf } from './host-config.ts';
import type { PodWorker } from './pod-worker.ts';
import type { KubeletShell, ShellParts } from './types.ts';

export type ConfigResult =
  | { readonly ok: true; readonly config: ContainerConfig }
  | { readonly ok: false; readonly reason: string; readonly message: string; readonly event?: { readonly reason: string; readonly message: string } };

/** An object from its own informer; none until that informer's first list is in. */
function cachedObject(p: ShellParts, resource: ObjectResource, ns: string, name: string) {
  const informer = p.kit.informer(p.s.kit, objectInformerName(resource, ns, name));
  return informer?.synced ? informer.lister.namespace(ns).get(name) : undefined;
}

function sources(p: ShellParts) {
  return {
    configMaps: (ns: string, name: string) => cachedObject(p, 'configmaps', ns, name) as ConfigMap | undefined,
    secrets: (ns: string, name: string) => cachedObject(p, 'secrets', ns, name) as Secret | undefined,
    allocatable: (p.s.node.node?.status?.allocatable as Record<string, string> | undefined) ?? nodeResources(resolveHostConfig(hostConfigOf(p.options))).allocatable,
  };
}

const text = (data: Uint8Array) => new TextDecoder().decode(data);

/**
 * Where a volume lives on the node, which is where the runtime keeps what processes write into
 * it: a pod's own volumes under its directory (gone with the pod), a hostPath at its path, and a
 * PersistentVolume at its global mount path, so its data outlives the pods that mount it.
 */
function volumeDir(uid: string, v: VolumeSetUp): string {
  if (!v.ok) return '';
  const c = v.content;
  if (c.kind === 'hostPath') return c.path;
  if (c.kind === 'persistentVolumeClaim') return `/var/lib/kubelet/plugins/kubernetes.io/pv/${c.volumeName}/globalmount`;
  return `/var/lib/kubelet/pods/${uid}/volumes/kubernetes.io~${c.kind === 'emptyDir' ? 'empty-dir' : 'projected'}/${v.name}`;
}

export function containerConfigOf(k: KubeletShell, w: PodWorker, c: Container, restartCount: number): ConfigResult {
  const p = k.parts;
  const src = sources(p);
  const hostIPs = [p.options.machine.addresses.ipv4, ...(p.options.machine.addresses.ipv6 ? [p.options.machine.addresses.ipv6] : [])];
  const podIPs = w.sandbox?.ips ?? [];
  const env = containerEnv(w.pod, c, { ...src, ...(podIPs[0] ? { podIP: podIPs[0] } : {}), podIPs, hostIPs });
  if (!env.ok) return { ok: false, reason: 'CreateContainerConfigError', message: env.error };
  const volumes = setUpPodVolumes(w.pod, { ...src, claims: (_ns, name) => w.claims[name] ?? undefined });
  const mounts: Mount[] = [];
  const mountFiles: Record<string, MountFiles> = {};
  for (const m of c.volumeMounts ?? []) {
    const v = volumes.find((x) => x.name === m.name);
    if (v === undefined) continue;
    if (!v.ok) return { ok: false, reason: 'ContainerCreating', message: '', event: { reason: v.reason, message: v.message } };
    mounts.push({ containerPath: m.mountPath, hostPath: volumeDir(w.uid, v), readonly: m.readOnly === true });
    if (v.content.kind !== 'files') continue;
    const files: Record<string, string> = {};
    for (const f of v.content.files) {
      if (m.subPath === undefined || m.subPath === '') files[f.path] = text(f.data);
      else if (f.path === m.subPath) files[''] = text(f.data);
    }
    mountFiles[m.mountPath] = files;
  }
  const { command, args } = expandCommandAndArgs(c, env.env);
  const config = containerConfigFor(w.pod, { ...c, command, args }, {
    restartCount,
    envs: env.env.map((e) => ({ key: e.name, value: e.value })),
    mounts,
    mountFiles,
    resources: linuxResourcesFor(c, containerOOMScoreAdjust(w.pod, c, p.options.machine.memoryBytes)),
  });
  return { ok: true, config };
}
