// status.images as the kubelet's Images setter reports them: the runtime's images, largest
// first, at most nodeStatusMaxImages (50), each named by up to 5 of its digests then tags.

import type { ContainerImage } from 'kubernetes-types/core/v1.d.ts';

export const NODE_STATUS_MAX_IMAGES = 50;
export const MAX_NAMES_PER_IMAGE = 5;

export interface RuntimeImage {
  readonly repoDigests: readonly string[];
  readonly repoTags: readonly string[];
  readonly sizeBytes: number;
}

export function nodeImages(images: readonly RuntimeImage[], maxImages = NODE_STATUS_MAX_IMAGES): ContainerImage[] {
  // The image manager hands the list sorted by size, largest first; ties keep the runtime's order.
  const sorted = images.map((img, i) => ({ img, i })).sort((a, b) => b.img.sizeBytes - a.img.sizeBytes || a.i - b.i);
  const kept = maxImages > -1 ? sorted.slice(0, maxImages) : sorted;
  return kept.map(({ img }) => ({ names: [...img.repoDigests, ...img.repoTags].slice(0, MAX_NAMES_PER_IMAGE), sizeBytes: img.sizeBytes }));
}
