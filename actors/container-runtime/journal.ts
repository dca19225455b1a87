// The runtime's records on the host's disk as a journal of changes, not as whole copies: a host's
// disk keeps every write it was given, so writing every record at each change would keep a copy of
// them all per change. Records are replaced, never changed in place, so what changed since the
// last write is what is no longer the same object.

import type { ImageRecord, ImageStore } from './images.ts';
import type { ContainerRecord, Records, SandboxRecord } from './records.ts';
import { emptyRecords } from './records.ts';

export type JournalOp =
  | { readonly op: 'sandbox'; readonly rec: SandboxRecord }
  | { readonly op: 'sandbox-gone'; readonly id: string }
  | { readonly op: 'container'; readonly rec: ContainerRecord }
  | { readonly op: 'container-gone'; readonly id: string }
  | { readonly op: 'image'; readonly rec: ImageRecord }
  | { readonly op: 'image-gone'; readonly id: string }
  | { readonly op: 'pod-cidr'; readonly podCidr: string | null };

export interface Persisted {
  readonly records: Records;
  readonly images: ImageStore;
}

function diffMap<T>(before: Readonly<Record<string, T>>, after: Readonly<Record<string, T>>, put: (v: T) => JournalOp, gone: (id: string) => JournalOp): JournalOp[] {
  const ops: JournalOp[] = [];
  for (const [id, v] of Object.entries(after)) if (before[id] !== v) ops.push(put(v));
  for (const id of Object.keys(before)) if (!(id in after)) ops.push(gone(id));
  return ops;
}

export function diff(before: Persisted, after: Persisted): JournalOp[] {
  return [
    ...(before.records.podCidr !== after.records.podCidr ? [{ op: 'pod-cidr', podCidr: after.records.podCidr } as const] : []),
    ...diffMap(before.records.sandboxes, after.records.sandboxes, (rec) => ({ op: 'sandbox', rec }), (id) => ({ op: 'sandbox-gone', id })),
    ...diffMap(before.records.containers, after.records.containers, (rec) => ({ op: 'container', rec }), (id) => ({ op: 'container-gone', id })),
    ...diffMap(before.images, after.images, (rec) => ({ op: 'image', rec }), (id) => ({ op: 'image-gone', id })),
  ];
}

/** The journal that says only what `p` holds: the whole file, when it is rewritten. */
export function journalOf(p: Persisted): JournalOp[] {
  return diff({ records: emptyRecords, images: {} }, p);
}

/**
 * Whether a journal of `journaled` records, `adding` more, is to be rewritten as `live` records:
 * once it holds more than twice what it says (and more than a floor), as a store compacts.
 */
export const JOURNAL_FLOOR = 256;
export function outgrown(journaled: number, adding: number, live: number): boolean {
  return journaled + adding > Math.max(JOURNAL_FLOOR, 2 * live);
}

export function replay(ops: readonly JournalOp[]): Persisted {
  const sandboxes: Record<string, SandboxRecord> = {};
  const containers: Record<string, ContainerRecord> = {};
  const images: Record<string, ImageRecord> = {};
  let podCidr: string | null = emptyRecords.podCidr;
  for (const o of ops) {
    switch (o.op) {
      case 'sandbox':
        sandboxes[o.rec.id] = o.rec;
        break;
      case 'sandbox-gone':
        delete sandboxes[o.id];
        break;
      case 'container':
        containers[o.rec.id] = o.rec;
        break;
      case 'container-gone':
        delete containers[o.id];
        break;
      case 'image':
        images[o.rec.id] = o.rec;
        break;
      case 'image-gone':
        delete images[o.id];
        break;
      case 'pod-cidr':
        podCidr = o.podCidr;
        break;
    }
  }
  return { records: { sandboxes, containers, podCidr }, images };
}
