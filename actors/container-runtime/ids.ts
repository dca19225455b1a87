// Identifiers as containerd makes them: 64 lowercase hex characters (32 random bytes), here from
// the actor's seeded stream; and the names the CRI plugin reserves for sandboxes and containers,
// which make a second RunPodSandbox or CreateContainer for the same attempt fail.

import type { ContainerMetadata, PodSandboxMetadata } from '../../protocols/kube/cri.ts';

export function newId(random: () => number): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += Math.floor(random() * 2 ** 32).toString(16).padStart(8, '0');
  return s;
}

/** containerd's sandbox name: <name>_<namespace>_<uid>_<attempt>. */
export function sandboxName(m: PodSandboxMetadata): string {
  return `${m.name}_${m.namespace}_${m.uid}_${m.attempt}`;
}

/** containerd's container name: <container>_<pod>_<namespace>_<uid>_<attempt>. */
export function containerName(c: ContainerMetadata, s: PodSandboxMetadata): string {
  return `${c.name}_${s.name}_${s.namespace}_${s.uid}_${c.attempt}`;
}

const UNSAFE = /[^a-z0-9\-$_.+!*'(),]/gi;

/** An actor name for a pod's sandbox, so the supervisor tree reads as namespace_name_attempt. */
export function sandboxActorName(m: PodSandboxMetadata): string {
  return `${m.namespace}_${m.name}_${m.attempt}`.replace(UNSAFE, '-');
}

export function containerActorName(c: ContainerMetadata): string {
  return `${c.name}_${c.attempt}`.replace(UNSAFE, '-');
}
