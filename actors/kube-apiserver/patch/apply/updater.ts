// The ownership bookkeeping of SMD's merge.Updater for one API version: an update takes the
// fields it changed from every other manager (it never conflicts); an apply merges the
// configuration, prunes what the applier owned before and no longer applies (unless another
// manager owns it), and conflicts where it would change a field another manager owns.

import { compare } from './compare.ts';
import { type FieldSet, EMPTY, difference, intersection, isEmpty, recursiveDifference, union } from './field-set.ts';
import { mergeObjects } from './merge.ts';
import type { Json } from './path-element.ts';
import { ensureNamedFieldsAreMembers, removeItems } from './remove.ts';
import type { ApplySchema } from './schema.ts';
import { liveFieldSet, toFieldSet } from './to-field-set.ts';
import { deepEqual } from './values.ts';

export interface VersionedSet {
  readonly set: FieldSet;
  readonly apiVersion: string;
  readonly applied: boolean;
}

/** By manager identifier (see managed-fields.ts). Plain maps, never mutated once returned. */
export type Managers = ReadonlyMap<string, VersionedSet>;

export interface Conflict {
  readonly manager: string;
  readonly set: FieldSet;
}

export type UpdaterResult =
  | { readonly ok: true; readonly object: Json; readonly managers: Managers; readonly changed: boolean }
  | { readonly ok: false; readonly conflicts: readonly Conflict[] }
  | { readonly ok: false; readonly error: string };

/** What the field manager never tracks for this resource: `status` through the main resource, say. */
export type Ignored = FieldSet;

function compareTracked(live: Json, next: Json, schema: ApplySchema, ignored: Ignored): ReturnType<typeof compare> {
  const cmp = compare(live, next, schema);
  if (isEmpty(ignored)) return cmp;
  return { added: recursiveDifference(cmp.added, ignored), modified: recursiveDifference(cmp.modified, ignored), removed: recursiveDifference(cmp.removed, ignored) };
}

function takeOwnership(live: Json, next: Json, managers: Map<string, VersionedSet>, workflow: string, force: boolean, schema: ApplySchema, ignored: Ignored): { conflicts: Conflict[]; cmp: ReturnType<typeof compare> } {
  const cmp = compareTracked(live, next, schema, ignored);
  const changed = union(cmp.modified, cmp.added);
  const conflicts: Conflict[] = [];
  for (const [manager, vs] of managers) {
    if (manager === workflow) continue;
    const clash = intersection(vs.set, changed);
    if (!isEmpty(clash)) conflicts.push({ manager, set: clash });
  }
  if (!force && conflicts.length > 0) return { conflicts, cmp };
  for (const [manager, vs] of managers) {
    if (manager === workflow) continue;
    const clash = conflicts.find((c) => c.manager === manager)?.set ?? [];
    const rest = difference(difference(vs.set, clash), cmp.removed);
    if (isEmpty(rest)) managers.delete(manager);
    else managers.set(manager, { ...vs, set: rest });
  }
  const own = managers.get(workflow);
  if (own && isEmpty(own.set)) managers.delete(workflow);
  return { conflicts: [], cmp };
}

/** A non-apply write by `manager`: it owns what it added or changed, on top of what it owned. */
export function update(live: Json, next: Json, apiVersion: string, managers: Managers, manager: string, schema: ApplySchema, ignored: Ignored = EMPTY): Managers {
  const out = new Map(managers);
  const { cmp } = takeOwnership(live, next, out, manager, true, schema, ignored);
  const before = out.get(manager)?.set ?? [];
  const set = union(union(difference(before, cmp.removed), cmp.modified), cmp.added);
  if (isEmpty(set)) out.delete(manager);
  else out.set(manager, { set, apiVersion, applied: false });
  return out;
}

export function apply(live: Json, config: Json, apiVersion: string, managers: Managers, manager: string, force: boolean, schema: ApplySchema, ignored: Ignored = EMPTY): UpdaterResult {
  const applied = toFieldSet(config, schema, false);
  if (!applied.ok) return { ok: false, error: applied.error };
  const appliedSet = recursiveDifference(applied.set, ignored);
  const merged = mergeObjects(live, config, schema);
  if (!merged.ok) return { ok: false, error: merged.error };
  const out = new Map(managers);
  const last = out.get(manager);
  out.set(manager, { set: appliedSet, apiVersion, applied: true });
  const next = prune(merged.value as Json, out, last, schema);
  const { conflicts } = takeOwnership(live, next, out, manager, force, schema, ignored);
  if (conflicts.length > 0) return { ok: false, conflicts };
  return { ok: true, object: next, managers: out, changed: !deepEqual(live, next) };
}

// The three steps of SMD's prune: remove all the applier owned before; put back what some
// manager (the applier included, for what it applies now) owns; then put back what was removed
// but was never the applier's (it only went because a struct around it did).
function prune(merged: Json, managers: Managers, last: VersionedSet | undefined, schema: ApplySchema): Json {
  if (!last || isEmpty(last.set)) return merged;
  const ensure = (s: FieldSet): FieldSet => ensureNamedFieldsAreMembers(s, schema);
  const lastSet = ensure(last.set);
  const mergedSet = ensure(liveFieldSet(merged, schema));
  let pruned = removeItems(merged, lastSet, schema);
  let owned: FieldSet = [];
  for (const vs of managers.values()) owned = union(owned, vs.set);
  pruned = removeItems(merged, difference(mergedSet, union(ensure(liveFieldSet(pruned, schema)), ensure(owned))), schema);
  const prunedSet = ensure(liveFieldSet(pruned, schema));
  return removeItems(merged, intersection(difference(mergedSet, prunedSet), lastSet), schema);
}
