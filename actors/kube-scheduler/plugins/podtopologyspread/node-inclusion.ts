// Which nodes a spread constraint counts: a constraint's nodeAffinityPolicy and nodeTaintsPolicy
// (both default as Kubernetes 1.32 has them: Honor and Ignore) decide whether the pod's own
// nodeSelector/required node affinity and its tolerations narrow the domains that are compared.
// The matching itself is NodeAffinity's and TaintToleration's.

import type { Node, Pod } from '../../../../protocols/kube/objects.ts';
import { requiredNodeAffinity, requiredNodeAffinityMatches } from '../nodeaffinity.ts';
import { tolerationsTolerateTaint } from '../tainttoleration.ts';

/** The pod's nodeSelector and required node affinity together (nodeaffinity.GetRequiredNodeAffinity). */
export const matchesRequiredNodeAffinity = (pod: Pod, node: Node): boolean => requiredNodeAffinityMatches(requiredNodeAffinity(pod), node);

/** Only NoSchedule and NoExecute taints keep pods off a node; PreferNoSchedule does not. */
export function toleratesNodeTaints(pod: Pod, node: Node): boolean {
  return (node.spec?.taints ?? [])
    .filter((taint) => taint.effect === 'NoSchedule' || taint.effect === 'NoExecute')
    .every((taint) => tolerationsTolerateTaint(pod.spec?.tolerations, taint));
}
