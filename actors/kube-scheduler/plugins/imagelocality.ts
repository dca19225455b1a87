// ImageLocality: favours nodes that already hold the pod's images, weighted by image size and
// damped by how many nodes hold each image (so one node with a popular image does not draw every
// pod). Sums between 23Mi and 1000Mi per container map linearly onto 0..100.

import type { Pod } from '../../../protocols/kube/objects.ts';
import { attachedSummary } from '../framework/snapshot-summary.ts';
import { SUCCESS, MAX_NODE_SCORE, type NodeInfo, type PreScorePlugin, type ScorePlugin } from '../framework/types.ts';

// Local copies: tsx's CommonJS output turns each read of an imported binding into a getter call.
const OK = SUCCESS;
const MAX_SCORE = MAX_NODE_SCORE;

export const IMAGE_LOCALITY_NAME = 'ImageLocality';
const PRE_SCORE_KEY = `PreScore${IMAGE_LOCALITY_NAME}`;
const MB = 1024 * 1024;
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** The CRI name for an image: a tag-less (and digest-less) name gets ":latest". */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

/** calculatePriority: the summed image score, clamped to [23Mi, 1000Mi × containers], scaled to 0..100. */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  const clamped = Math.min(Math.max(sumScores, MIN_THRESHOLD), maxThreshold);
  return Math.trunc((MAX_SCORE * (clamped - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

const podImages = (pod: Pod): string[] =>
  [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => normalizedImageName(c.image ?? ''));

/** How many of `nodes` hold each of the pod's images: the cache's ImageStateSummary.NumNodes. */
export function imageSpread(pod: Pod, nodes: readonly NodeInfo[]): { readonly numNodes: ReadonlyMap<string, number>; readonly totalNodes: number } {
  const numNodes = new Map<string, number>();
  // The snapshot counts each image's nodes as they change, as the cache's image states do.
  const counted = attachedSummary(nodes)?.imageNodes;
  for (const image of new Set(podImages(pod))) {
    if (counted !== undefined) {
      numNodes.set(image, counted.get(image) ?? 0);
      continue;
    }
    let holders = 0;
    for (let i = 0; i < nodes.length; i++) if (image in nodes[i]!.imageSizes) holders++;
    numNodes.set(image, holders);
  }
  return { numNodes, totalNodes: nodes.length };
}

/** The node's score: each container image on the node counts its size × the fraction of nodes holding it. */
export function imageLocalityScore(pod: Pod, node: NodeInfo, spread: ReturnType<typeof imageSpread>): number {
  return scoreOf(prepare(pod, spread), node);
}

/** What scoring a pod needs on every node, worked out once per cycle at PreScore. */
interface Prepared {
  readonly spread: ReturnType<typeof imageSpread>;
  /** The pod's images in container order (repeats kept: each container counts). */
  readonly images: readonly string[];
  readonly containers: number;
}

/**
 * Beside the cycle state rather than in it: the cycle state can be part of the scheduler's state
 * (kept while a pod binds), which checkpoints hash, and this is only a faster way to the same score.
 */
const preparedFor = new WeakMap<ReturnType<typeof imageSpread>, Prepared>();

const prepare = (pod: Pod, spread: ReturnType<typeof imageSpread>): Prepared => ({
  spread,
  images: podImages(pod),
  containers: (pod.spec?.initContainers?.length ?? 0) + (pod.spec?.containers?.length ?? 0),
});

function scoreOf(p: Prepared, node: NodeInfo): number {
  let sum = 0;
  for (const image of p.images) {
    const size = node.imageSizes[image];
    if (size === undefined) continue;
    sum += Math.trunc(size * ((p.spread.numNodes.get(image) ?? 0) / p.spread.totalNodes));
  }
  return calculatePriority(sum, p.containers);
}

/**
 * Kubernetes counts image holders over every node in the snapshot, not only those that passed
 * the filters; `allNodes` gives that snapshot. Without it, the nodes handed to PreScore stand in.
 */
export function createImageLocality(allNodes?: () => readonly NodeInfo[]): PreScorePlugin & ScorePlugin {
  return {
    name: IMAGE_LOCALITY_NAME,
    preScore(state, pod, nodes) {
      const spread = imageSpread(pod, allNodes ? allNodes() : nodes);
      state.set(PRE_SCORE_KEY, spread);
      preparedFor.set(spread, prepare(pod, spread));
      return SUCCESS;
    },
    score(state, pod, node) {
      const spread = state.get(PRE_SCORE_KEY) as ReturnType<typeof imageSpread> | undefined;
      const prepared = (spread && preparedFor.get(spread)) ?? prepare(pod, spread ?? imageSpread(pod, allNodes ? allNodes() : [node]));
      return { score: scoreOf(prepared, node), status: OK };
    },
  };
}
