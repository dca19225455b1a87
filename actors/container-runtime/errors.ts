// containerd 1.7's error texts where the kubelet shows them (events, container statuses), as
// CriErrors with the gRPC code containerd's errdefs maps them to.

import type { CriError } from '../../protocols/kube/cri.ts';

const q = (s: string) => JSON.stringify(s);

export const criErrors = {
  containerNotFound: (id: string): CriError => ({ code: 'NotFound', message: `an error occurred when try to find container ${q(id)}: not found` }),
  sandboxNotFound: (id: string): CriError => ({ code: 'NotFound', message: `an error occurred when try to find sandbox ${q(id)}: not found` }),
  sandboxIdNotFound: (id: string): CriError => ({ code: 'NotFound', message: `failed to find sandbox id ${q(id)}: not found` }),
  sandboxNotRunning: (id: string): CriError => ({ code: 'Unknown', message: `sandbox container ${q(id)} is not running` }),
  sandboxTaskGone: (): CriError => ({ code: 'NotFound', message: 'failed to get sandbox container task: no running task found: not found' }),
  nameReserved: (what: 'sandbox' | 'container', name: string, owner: string): CriError => ({
    code: 'AlreadyExists',
    message: `failed to reserve ${what} name ${q(name)}: name ${q(name)} is reserved for ${q(owner)}`,
  }),
  notStartable: (id: string, state: string): CriError => ({ code: 'Unknown', message: `failed to set starting state for container ${q(id)}: container is in ${state} state` }),
  execNotRunning: (state: string): CriError => ({ code: 'Unknown', message: `failed to exec in container: container is in ${state} state` }),
  execNotFound: (id: string): CriError => ({ code: 'Unknown', message: `failed to exec in container: failed to find container ${q(id)} in store: not found` }),
  execTimeout: (seconds: number): CriError => ({ code: 'DeadlineExceeded', message: `failed to exec in container: timeout ${seconds}s exceeded: context deadline exceeded` }),
  invalidReference: (image: string): CriError => ({ code: 'Unknown', message: `failed to parse image reference ${q(image)}: invalid reference format` }),
  pullNotFound: (ref: string): CriError => ({
    code: 'NotFound',
    message: `failed to pull and unpack image ${q(ref)}: failed to resolve reference ${q(ref)}: ${ref}: not found`,
  }),
  imageNotPresent: (image: string): CriError => ({ code: 'NotFound', message: `failed to resolve image ${q(image)}: not found` }),
  sandboxImage: (image: string, cause: string): CriError => ({ code: 'Unknown', message: `failed to get sandbox image ${q(image)}: ${cause}` }),
  networkSetup: (id: string, cause: string): CriError => ({ code: 'Unknown', message: `failed to setup network for sandbox ${q(id)}: ${cause}` }),
  networkTeardown: (id: string, cause: string): CriError => ({ code: 'Unknown', message: `failed to destroy network for sandbox ${q(id)}: ${cause}` }),
  shimDied: (id: string): CriError => ({ code: 'Unknown', message: `failed to create containerd task: shim of sandbox ${q(id)} exited` }),
};

/** The CNI plugin's error as containerd wraps it. */
export function cniCause(type: string, op: 'add' | 'delete', msg: string): string {
  return `plugin type=${q(type)} failed (${op}): ${msg}`;
}

export const CNI_NOT_INITIALIZED = 'cni plugin not initialized';
