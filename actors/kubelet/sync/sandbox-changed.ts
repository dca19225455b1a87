// Whether the pod needs a new sandbox, with the attempt number to create it with and the sandbox
// to kill first (kuberuntime's PodSandboxChanged).

import type { Pod } from '../../../protocols/kube/objects.ts';
import type { RuntimePodStatus } from './pod-types.ts';
import { sandboxesNewestFirst } from './runtime-view.ts';

export type SandboxChangeReason = 'NoSandbox' | 'MultipleReady' | 'NotReady' | 'NoIP';

export interface SandboxDecision {
  readonly changed: boolean;
  /** The attempt of the sandbox to create, or of the current one when nothing changed. */
  readonly attempt: number;
  /** The latest sandbox's id ('' when there is none). */
  readonly sandboxId: string;
  readonly reason?: SandboxChangeReason;
}

export function podSandboxChanged(pod: Pod, s: RuntimePodStatus): SandboxDecision {
  const sandboxes = sandboxesNewestFirst(s);
  const latest = sandboxes[0];
  if (!latest) return { changed: true, attempt: 0, sandboxId: '', reason: 'NoSandbox' };
  const ready = sandboxes.filter((x) => x.state === 'SANDBOX_READY').length;
  const maxAttempt = Math.max(...sandboxes.map((x) => x.metadata.attempt));
  const next = (reason: SandboxChangeReason): SandboxDecision => ({ changed: true, attempt: maxAttempt + 1, sandboxId: latest.id, reason });
  if (ready > 1) return next('MultipleReady');
  if (latest.state !== 'SANDBOX_READY') return next('NotReady');
  // A pod network sandbox without an address never got its network: start over.
  if (!pod.spec?.hostNetwork && latest.network && latest.network.ip === '') return next('NoIP');
  return { changed: false, attempt: maxAttempt, sandboxId: latest.id };
}
