// managedFields across the scale subresource, as Kubernetes' ScaleHandler moves them: a Scale
// object shows, as `.spec.replicas` of autoscaling/v1, whoever owns the replicas field of the
// parent; after a write through /scale, the parent's entries take the Scale's owners back, each
// at the parent's replicas path for its API version.

import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1.d.ts';
import { type FieldSet, difference, fromPaths, has, isEmpty } from './field-set.ts';
import { type Decoded, decodeManagedFields, encodeManagedFields } from './managed-fields.ts';
import { type Path, field } from './path-element.ts';
import type { VersionedSet } from './updater.ts';

export const SCALE_GROUP_VERSION = 'autoscaling/v1';
const REPLICAS_IN_SCALE: Path = [field('spec'), field('replicas')];

/** By API version of the parent: where its replicas live; null where that version has none. */
export type ResourcePathMappings = Readonly<Record<string, Path | null>>;

/** Deployments, ReplicaSets, StatefulSets: `.spec.replicas` in apps/v1. */
export const APPS_V1_REPLICAS: ResourcePathMappings = { 'apps/v1': REPLICAS_IN_SCALE };

export type ScaleResult = { readonly ok: true; readonly entries: ManagedFieldsEntry[] | undefined } | { readonly ok: false; readonly error: string };

const failed = (d: Decoded & { ok: false }): ScaleResult => ({ ok: false, error: d.error });

/** The Scale object's managedFields, from its parent's. */
export function scaleToSubresource(parentEntries: readonly ManagedFieldsEntry[] | undefined, mappings: ResourcePathMappings): ScaleResult {
  const parent = decodeManagedFields(parentEntries);
  if (!parent.ok) return failed(parent);
  const managers = new Map<string, VersionedSet>();
  const times = new Map<string, string>();
  for (const [id, vs] of parent.state.managers) {
    const path = mappings[vs.apiVersion];
    if (!path || !has(vs.set, path)) continue;
    managers.set(id, { set: fromPaths([REPLICAS_IN_SCALE]), apiVersion: SCALE_GROUP_VERSION, applied: vs.applied });
    const t = parent.state.times.get(id);
    if (t) times.set(id, t);
  }
  return { ok: true, entries: encodeManagedFields({ managers, times }) };
}

/** The parent's managedFields after a write through /scale left the Scale with `scaleEntries`. */
export function scaleToParent(parentEntries: readonly ManagedFieldsEntry[] | undefined, scaleEntries: readonly ManagedFieldsEntry[] | undefined, parentGroupVersion: string, mappings: ResourcePathMappings): ScaleResult {
  const parent = decodeManagedFields(parentEntries);
  if (!parent.ok) return failed(parent);
  const scale = decodeManagedFields(scaleEntries);
  if (!scale.ok) return failed(scale);
  const fromScale = new Map(scale.state.managers);
  const managers = new Map<string, VersionedSet>();
  const times = new Map<string, string>();
  const keep = (id: string, vs: VersionedSet): void => {
    managers.set(id, vs);
    const t = parent.state.times.get(id);
    if (t) times.set(id, t);
  };
  for (const [id, vs] of parent.state.managers) {
    if (!(vs.apiVersion in mappings)) continue;
    const path = mappings[vs.apiVersion];
    if (!path || !has(vs.set, path)) keep(id, vs);
    else if (!fromScale.has(id)) {
      // The Scale no longer names this owner: it lost replicas through the write.
      const rest: FieldSet = difference(vs.set, fromPaths([path]));
      if (!isEmpty(rest)) keep(id, { ...vs, set: rest });
    } else {
      keep(id, vs);
      fromScale.delete(id);
    }
  }
  const target = mappings[parentGroupVersion];
  for (const [id, vs] of fromScale) {
    if (!has(vs.set, REPLICAS_IN_SCALE)) continue;
    keep(id, { set: target ? fromPaths([target]) : [], apiVersion: parentGroupVersion, applied: vs.applied });
  }
  return { ok: true, entries: encodeManagedFields({ managers, times }) };
}
