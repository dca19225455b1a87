// The labels and annotations the kubelet puts on CRI sandboxes and containers, and reads back to
// know which pod and container a runtime object is, which spec it was created from (the hash) and
// how often it was restarted. Keys and value formats are the kubelet's (pkg/kubelet/kuberuntime/
// labels.go, pkg/kubelet/types/labels.go).

import type { Pod } from '../../../protocols/kube/objects.ts';
import type { Container } from './pod-types.ts';

export const POD_NAME_LABEL = 'io.kubernetes.pod.name';
export const POD_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
export const POD_UID_LABEL = 'io.kubernetes.pod.uid';
export const CONTAINER_NAME_LABEL = 'io.kubernetes.container.name';

export const POD_DELETION_GRACE_PERIOD = 'io.kubernetes.pod.deletionGracePeriod';
export const POD_TERMINATION_GRACE_PERIOD = 'io.kubernetes.pod.terminationGracePeriod';
export const CONTAINER_HASH = 'io.kubernetes.container.hash';
export const CONTAINER_RESTART_COUNT = 'io.kubernetes.container.restartCount';
export const CONTAINER_TERMINATION_MESSAGE_PATH = 'io.kubernetes.container.terminationMessagePath';
export const CONTAINER_TERMINATION_MESSAGE_POLICY = 'io.kubernetes.container.terminationMessagePolicy';
export const CONTAINER_PRESTOP_HANDLER = 'io.kubernetes.container.preStopHandler';
export const CONTAINER_PORTS = 'io.kubernetes.container.ports';

/** FNV-1a, 32 bits: the hash family the kubelet uses for container specs. */
function fnv1a32(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const byte of bytes) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Go's json.Marshal escapes these where JSON.stringify does not. */
const goJson = (v: unknown): string =>
  JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * The container's spec hash, in hex as the annotation holds it. Since 1.31 the kubelet hashes
 * only name and image (the fields whose change must restart a container), so a resource or probe
 * edit does not restart anything. The hashed bytes are the JSON of those two fields as the
 * kubelet's object printer renders a byte slice, `([]uint8)[123 34 ...]`, so the value is a real
 * node's (kubelet's own test: test_container, foo/image:v1 → 8e45cbd0).
 */
export function containerHash(c: Pick<Container, 'name' | 'image'>): string {
  const json = new TextEncoder().encode(goJson({ image: c.image ?? '', name: c.name }));
  return fnv1a32(new TextEncoder().encode(`([]uint8)[${json.join(' ')}]`)).toString(16);
}

/** The sandbox's labels: the pod's own, plus the three that name it. */
export function podSandboxLabels(pod: Pod): Record<string, string> {
  return {
    ...(pod.metadata?.labels ?? {}),
    [POD_NAME_LABEL]: pod.metadata?.name ?? '',
    [POD_NAMESPACE_LABEL]: pod.metadata?.namespace ?? '',
    [POD_UID_LABEL]: pod.metadata?.uid ?? '',
  };
}

export function containerLabels(pod: Pod, c: Container): Record<string, string> {
  return {
    [POD_NAME_LABEL]: pod.metadata?.name ?? '',
    [POD_NAMESPACE_LABEL]: pod.metadata?.namespace ?? '',
    [POD_UID_LABEL]: pod.metadata?.uid ?? '',
    [CONTAINER_NAME_LABEL]: c.name,
  };
}

/**
 * What the kubelet needs to kill a container when the pod object is gone (grace periods, preStop)
 * and to recognise it later (hash, restart count) travels as annotations.
 */
export function containerAnnotations(pod: Pod, c: Container, restartCount: number): Record<string, string> {
  const out: Record<string, string> = {
    [CONTAINER_HASH]: containerHash(c),
    [CONTAINER_RESTART_COUNT]: String(restartCount),
    [CONTAINER_TERMINATION_MESSAGE_PATH]: c.terminationMessagePath ?? '/dev/termination-log',
    [CONTAINER_TERMINATION_MESSAGE_POLICY]: c.terminationMessagePolicy ?? 'File',
  };
  if (pod.metadata?.deletionGracePeriodSeconds != null) out[POD_DELETION_GRACE_PERIOD] = String(pod.metadata.deletionGracePeriodSeconds);
  if (pod.spec?.terminationGracePeriodSeconds != null) out[POD_TERMINATION_GRACE_PERIOD] = String(pod.spec.terminationGracePeriodSeconds);
  if (c.lifecycle?.preStop) out[CONTAINER_PRESTOP_HANDLER] = JSON.stringify(c.lifecycle.preStop);
  if (c.ports && c.ports.length > 0) out[CONTAINER_PORTS] = JSON.stringify(c.ports);
  return out;
}

/** The restart count a runtime container was created with (0 when the annotation is missing or bad). */
export function restartCountOf(annotations: Readonly<Record<string, string>>): number {
  const n = Number.parseInt(annotations[CONTAINER_RESTART_COUNT] ?? '', 10);
  return Number.isFinite(n) ? n : 0;
}
