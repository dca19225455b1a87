// What the scheduler's Snapshot keeps beside its node list (internal/cache Snapshot's
// havePodsWithAffinityNodeInfoList, havePodsWithRequiredAntiAffinityNodeInfoList, and the cache's
// image states): which nodes hold pods with (anti-)affinity, and on how many nodes each image is.
// Plugins that would otherwise visit every node of the snapshot for every pod read these instead.
// The cache hands them over with the list it builds (and keeps them current as nodes change);
// for any other list there is none, and plugins count over the list as before.

import type { NodeInfo } from './types.ts';

export interface SnapshotSummary {
  /** Positions, in the list, of the nodes with a pod that has pod affinity or anti-affinity. */
  readonly withAffinity: readonly number[];
  /** Positions of the nodes with a pod that has required anti-affinity. */
  readonly withRequiredAntiAffinity: readonly number[];
  /** Image name (as the node lists it) → how many nodes of the list have it. */
  readonly imageNodes: ReadonlyMap<string, number>;
}

const summaries = new WeakMap<readonly NodeInfo[], SnapshotSummary>();

/** The cache's word for its own list: it keeps these up to date as nodes change. */
export function attachSummary(nodes: readonly NodeInfo[], summary: SnapshotSummary): void {
  summaries.set(nodes, summary);
}

export function affinityPositions(nodes: readonly NodeInfo[]): Pick<SnapshotSummary, 'withAffinity' | 'withRequiredAntiAffinity'> {
  const withAffinity: number[] = [];
  const withRequiredAntiAffinity: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    if (nodes[i]!.podsWithAffinity.length > 0) withAffinity.push(i);
    if (nodes[i]!.podsWithRequiredAntiAffinity.length > 0) withRequiredAntiAffinity.push(i);
  }
  return { withAffinity, withRequiredAntiAffinity };
}

/** Adds (sign 1) or takes away (sign −1) one node's images from the counts. */
export function countImages(counts: Map<string, number>, info: NodeInfo, sign: 1 | -1): void {
  for (const image in info.imageSizes) {
    if (!Object.hasOwn(info.imageSizes, image)) continue;
    const n = (counts.get(image) ?? 0) + sign;
    if (n === 0) counts.delete(image);
    else counts.set(image, n);
  }
}

/** The summary of a list the cache built, or undefined for any other list. */
export const attachedSummary = (nodes: readonly NodeInfo[]): SnapshotSummary | undefined => summaries.get(nodes);
