// reconcileNodeLabels: the beta OS and architecture labels older clients still select on are
// kept equal to the stable ones, added when missing. A merge patch of the labels alone, so it
// never conflicts with the taint patches written beside it.

import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { Node } from '../../../protocols/kube/objects.ts';
import { patchCall } from '../../client/index.ts';

const MIRRORED: readonly (readonly [stable: string, beta: string])[] = [
  ['kubernetes.io/os', 'beta.kubernetes.io/os'],
  ['kubernetes.io/arch', 'beta.kubernetes.io/arch'],
];

export function betaLabelsPatch(node: Node): ApiCall | undefined {
  const labels = node.metadata?.labels;
  if (labels === undefined) return undefined;
  const update: Record<string, string> = {};
  for (const [stable, beta] of MIRRORED) {
    const value = labels[stable];
    if (value !== undefined && labels[beta] !== value) update[beta] = value;
  }
  if (Object.keys(update).length === 0) return undefined;
  return patchCall('nodes', node.metadata!.name!, 'merge', JSON.stringify({ metadata: { labels: update } }));
}
