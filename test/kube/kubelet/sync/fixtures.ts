// Builders for pods and runtime state in the kubelet core tests.

import type { ContainerStatus, PodSandboxStatus } from '../../../../protocols/kube/cri.ts';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { CONTAINER_HASH, CONTAINER_NAME_LABEL, CONTAINER_RESTART_COUNT, containerHash } from '../../../../actors/kubelet/sync/labels.ts';
import type { Container } from '../../../../actors/kubelet/sync/pod-types.ts';

/** Pods the tests may edit in place (the API types mark some fields readonly). */
export type DeepMutable<T> = T extends readonly (infer U)[] ? DeepMutable<U>[] : T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;
export type TestPod = DeepMutable<Pod>;

export function pod(opts: { containers?: string[]; inits?: string[]; sidecars?: string[]; restartPolicy?: string; spec?: Partial<NonNullable<Pod['spec']>> } = {}): TestPod {
  const c = (name: string): Container => ({ name, image: 'busybox' });
  const inits = [...(opts.inits ?? []).map(c), ...(opts.sidecars ?? []).map((n) => ({ ...c(n), restartPolicy: 'Always' }))];
  return <TestPod>{
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'foo', namespace: 'new', uid: '12345678' },
    spec: {
      containers: (opts.containers ?? ['foo1', 'foo2', 'foo3']).map(c),
      ...(inits.length > 0 ? { initContainers: inits } : {}),
      restartPolicy: opts.restartPolicy ?? 'Always',
      terminationGracePeriodSeconds: 30,
      ...opts.spec,
    },
  };
}

export function sandbox(opts: { id?: string; state?: PodSandboxStatus['state']; attempt?: number; ip?: string; createdAt?: number } = {}): PodSandboxStatus {
  return {
    id: opts.id ?? 'sandbox-1',
    metadata: { name: 'foo', uid: '12345678', namespace: 'new', attempt: opts.attempt ?? 0 },
    state: opts.state ?? 'SANDBOX_READY',
    createdAt: opts.createdAt ?? 1,
    network: { ip: opts.ip ?? '10.244.1.5', additionalIps: [] },
    labels: {},
    annotations: {},
    runtimeHandler: '',
  };
}

let seq = 0;
export function container(p: Pod, name: string, state: ContainerStatus['state'], opts: { exitCode?: number; restartCount?: number; createdAt?: number; hash?: string; reason?: string; id?: string } = {}): ContainerStatus {
  const spec = [...(p.spec?.containers ?? []), ...(p.spec?.initContainers ?? [])].find((c) => c.name === name) ?? { name, image: 'busybox' };
  const createdAt = opts.createdAt ?? 10 + ++seq;
  return {
    id: opts.id ?? `${name}-${createdAt}`,
    metadata: { name, attempt: opts.restartCount ?? 0 },
    state,
    createdAt,
    startedAt: state === 'CONTAINER_CREATED' ? 0 : createdAt + 1,
    finishedAt: state === 'CONTAINER_EXITED' ? createdAt + 5 : 0,
    exitCode: opts.exitCode ?? 0,
    image: { image: spec.image ?? '' },
    imageRef: 'docker.io/library/busybox@sha256:abc',
    reason: opts.reason ?? (state === 'CONTAINER_EXITED' ? (opts.exitCode ? 'Error' : 'Completed') : ''),
    message: '',
    labels: { [CONTAINER_NAME_LABEL]: name },
    annotations: { [CONTAINER_HASH]: opts.hash ?? containerHash(spec), [CONTAINER_RESTART_COUNT]: String(opts.restartCount ?? 0) },
    mounts: [],
    logPath: `${name}/0.log`,
  };
}
