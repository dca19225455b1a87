// The kubelet's image manager, as decisions: whether a container's image must be pulled, and
// the waiting reasons and messages of a pull that cannot or did not happen (pkg/kubelet/images).

import type { Container } from '../../protocols/kube/objects.ts';
import { goDuration } from './backoff.ts';

export type PullDecision = { readonly pull: boolean } | { readonly error: { readonly reason: 'ErrImageNeverPull'; readonly message: string } };

/** The pull policy the apiserver defaults when a pod leaves it out: Always for `:latest` or no tag. */
export function pullPolicyOf(c: Container): 'Always' | 'IfNotPresent' | 'Never' {
  if (c.imagePullPolicy === 'Always' || c.imagePullPolicy === 'IfNotPresent' || c.imagePullPolicy === 'Never') return c.imagePullPolicy;
  const image = c.image ?? '';
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  if (image.includes('@')) return 'IfNotPresent';
  return !lastPart.includes(':') || lastPart.endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

/** EnsureImageExists' choice, given whether the node has the image. */
export function pullDecision(c: Container, present: boolean): PullDecision {
  const policy = pullPolicyOf(c);
  if (policy === 'Always') return { pull: true };
  if (present) return { pull: false };
  if (policy === 'Never') return { error: { reason: 'ErrImageNeverPull', message: `Container image "${c.image}" is not present with pull policy of Never` } };
  return { pull: true };
}

export const pulledMessage = (image: string, ms: number, waitedMs: number, size: number) =>
  `Successfully pulled image "${image}" in ${goDuration(ms)} (${goDuration(waitedMs)} including waiting). Image size: ${size} bytes.`;
