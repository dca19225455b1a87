// The node's images: what ListImages, ImageStatus and RemoveImage answer, and how long a pull
// takes. Plain data kept on the host's disk, so pulled images survive a restart or a reboot.

import type { Image, ImageSpec } from '../../protocols/kube/cri.ts';
import type { ImageCatalog, ImageInfo } from './workload/process.ts';

/**
 * An image as CRI's Image reports it: id is containerd's (the config's digest), repoTags the
 * normalized references ('docker.io/library/nginx:latest').
 */
export type ImageRecord = Image;

/** By image id. */
export type ImageStore = Readonly<Record<string, ImageRecord>>;

/** The repository part of a normalized reference: the tag follows the last ':' after the last '/'. */
export function repository(ref: string): string {
  const at = ref.indexOf('@');
  if (at >= 0) return ref.slice(0, at);
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? ref.slice(0, colon) : ref;
}

/** An image the node holds, by reference (as the catalog normalizes it), by id, or by digest. */
export function findImage(store: ImageStore, catalog: ImageCatalog, image: string): ImageRecord | undefined {
  if (store[image]) return store[image];
  const info = catalog.lookup(image);
  return Object.values(store).find((r) => (info !== undefined && r.repoTags.includes(info.ref)) || r.repoDigests.includes(image) || r.id === image);
}

export function recordFor(info: ImageInfo, pinned: boolean): ImageRecord {
  return { id: info.digest, repoTags: [info.ref], repoDigests: [`${repository(info.ref)}@${info.digest}`], size: info.sizeBytes, pinned };
}

/** Adds a pulled image; a second tag of the same content joins the record that has it. */
export function addImage(store: ImageStore, rec: ImageRecord): ImageStore {
  const old = store[rec.id];
  if (!old) return { ...store, [rec.id]: rec };
  const merge = (a: readonly string[], b: readonly string[]) => [...a, ...b.filter((x) => !a.includes(x))];
  return { ...store, [rec.id]: { ...old, repoTags: merge(old.repoTags, rec.repoTags), repoDigests: merge(old.repoDigests, rec.repoDigests), pinned: old.pinned || rec.pinned } };
}

export function removeImage(store: ImageStore, id: string): ImageStore {
  const { [id]: _gone, ...rest } = store;
  return rest;
}

export function listImages(store: ImageStore, catalog: ImageCatalog, filter: ImageSpec | undefined): Image[] {
  const all = Object.values(store).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (!filter?.image) return all;
  const one = findImage(store, catalog, filter.image);
  return one ? [one] : [];
}

/** A pull's virtual duration: size over the node's bandwidth, plus up to 10% seeded jitter. */
export function pullDurationMs(sizeBytes: number, bytesPerSec: number, random: number): number {
  const base = (sizeBytes / bytesPerSec) * 1000;
  return Math.max(1, Math.ceil(base * (1 + 0.1 * random)));
}
