// Server-side apply and field ownership for the apiserver's write paths, as Kubernetes' default
// field manager chains them: decode managedFields; on the first apply to an object nobody tracked,
// credit its fields to `before-first-apply`; run the updater; keep metadata out of every set;
// stamp the writer's time when the object changed; cap Update managers at ten; encode.

import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1.d.ts';
import { applyConflict } from './conflict.ts';
import { KUBECTL, allowedConflicts, refreshLastApplied, remainingConflicts } from './last-applied.ts';
import { deepEqual } from './values.ts';
import { type FieldSet, difference, fromPaths, isEmpty, recursiveDifference, union as unionSets } from './field-set.ts';
import { type FieldsV1, toFieldsV1 } from './fields-v1.ts';
import { type ManagedState, EMPTY_STATE, capUpdateManagers, decodeManagedFields, encodeManagedFields, managerIdentifier, metaFree, stripMeta, UNOWNED } from './managed-fields.ts';
import { createdFieldsV1, type FieldsV1Object, ownedBelow } from './create-fields.ts';
import { againstZero, ShapeMismatch } from './zero-fields.ts';
import { knownFieldsV1, rememberFieldsV1 } from './created-memo.ts';
import { type Json, field, isObject } from './path-element.ts';
import type { ApplySchema } from './schema.ts';
import { type Managers, apply as applyFields, update as updateFields } from './updater.ts';
import { badRequest, type FailureStatus } from '../../../../protocols/kube/status.ts';
import { cannotUnmarshal } from '../parse.ts';
import { unknownServerError } from '../statuses.ts';

export type JsonObject = { readonly [key: string]: Json };

export interface FieldManagerContext {
  readonly schema: ApplySchema;
  /** The API version and kind the request addresses: `apps/v1`, `Deployment`. */
  readonly apiVersion: string;
  readonly kind: string;
  /** `status`, `scale`: a write through a subresource is its own manager. */
  readonly subresource?: string;
  /** This write's time, RFC3339 to the second, as managedFields record it. */
  readonly now: string;
  /**
   * The strategy's reset fields for this resource or subresource (`[['status']]` through the main
   * resource of most kinds): the writes there are undone by the strategy, so nobody owns them.
   */
  readonly resetFields?: readonly (readonly string[])[];
  /**
   * What a create is compared with: the kind's zero object as its Go type holds it (built-in
   * kinds; see zero-objects.ts). Absent: nothing (a custom resource, decoded as unstructured).
   */
  readonly zero?: JsonObject;
}

const ignoredOf = (ctx: FieldManagerContext): FieldSet => fromPaths((ctx.resetFields ?? []).map((p) => p.map(field)));

export type ApplyResult = { readonly ok: true; readonly object: JsonObject; readonly changed: boolean } | { readonly ok: false; readonly status: FailureStatus };

const metadataOf = (o: Json | undefined): JsonObject => (isObject(o) && isObject(o['metadata']) ? o['metadata'] : {});

function withoutManagedFields(o: JsonObject): JsonObject {
  const meta = metadataOf(o);
  if (!('managedFields' in meta)) return o;
  const { managedFields: _drop, ...rest } = meta;
  return { ...o, metadata: rest };
}

function withManagedFields(o: JsonObject, entries: readonly ManagedFieldsEntry[] | undefined): JsonObject {
  const { managedFields: _drop, ...rest } = metadataOf(o);
  const meta = entries ? { ...rest, managedFields: entries as unknown as Json } : rest;
  return Object.keys(meta).length > 0 || 'metadata' in o ? { ...o, metadata: meta } : o;
}

/** GroupVersionKind.String(): `apps/v1, Kind=Deployment`, `/v1, Kind=Pod`. */
function gvkString(apiVersion: unknown, kind: unknown): string {
  const av = typeof apiVersion === 'string' ? apiVersion : '';
  const slash = av.indexOf('/');
  const [group, version] = slash < 0 ? ['', av] : [av.slice(0, slash), av.slice(slash + 1)];
  return `${group}/${version}, Kind=${typeof kind === 'string' ? kind : ''}`;
}

// An updater's identifier is the same JSON on every write of one writer: built once per manager,
// API version and subresource (bounded, dropped whole when full).
const updaterIds = new Map<string, Map<string, Map<string, string>>>();
let updaterIdCount = 0;

function updaterId(manager: string, apiVersion: string, subresource: string | undefined): string {
  let byVersion = updaterIds.get(manager);
  if (byVersion === undefined) updaterIds.set(manager, (byVersion = new Map()));
  let bySub = byVersion.get(apiVersion);
  if (bySub === undefined) byVersion.set(apiVersion, (bySub = new Map()));
  let id = bySub.get(subresource ?? '');
  if (id === undefined) {
    if (updaterIdCount >= 1024) {
      updaterIds.clear();
      updaterIdCount = 0;
    }
    id = managerIdentifier({ manager, operation: 'Update', apiVersion, ...(subresource ? { subresource } : {}) });
    bySub.set(subresource ?? '', id);
    updaterIdCount++;
  }
  return id;
}

// An Update through the chain: the writer's changes land on a scratch manager first, so that what
// it owned before is kept and its time moves only when it changed something.
function trackedUpdate(state: ManagedState, live: Json, next: Json, manager: string, ctx: FieldManagerContext): ManagedState {
  const id = updaterId(manager === '' ? 'unknown' : manager, ctx.apiVersion, ctx.subresource);
  const scratch = 'current-operation';
  let managers: Managers = stripMeta(updateFields(live, next, ctx.apiVersion, state.managers, scratch, ctx.schema, ignoredOf(ctx)), scratch);
  const times = new Map(state.times);
  const mine = managers.get(scratch);
  if (mine) {
    const out = new Map(managers);
    out.delete(scratch);
    const before = out.get(id);
    // A writer that owned all it changed keeps its very set (whose FieldsV1 is remembered).
    out.set(id, before ? { ...mine, set: isEmpty(difference(mine.set, before.set)) ? before.set : unionSets(mine.set, before.set) } : mine);
    times.set(id, ctx.now);
    managers = out;
  }
  return capUpdateManagers({ managers, times });
}

/**
 * A server-side apply of `config` (the parsed apply patch) by `manager` to `current` (undefined:
 * the object does not exist yet). The result carries managedFields; `changed` is false for a
 * no-op apply, which Kubernetes answers without a write.
 */
export function apply(current: JsonObject | undefined, config: Json, manager: string, force: boolean, ctx: FieldManagerContext): ApplyResult {
  const decoded = decodeManagedFields(metadataOf(current)['managedFields'] as ManagedFieldsEntry[] | undefined);
  if (!decoded.ok) return { ok: false, status: unknownServerError(`failed to decode managed fields: ${decoded.error}`) };
  if (config !== null && !isObject(config)) return { ok: false, status: badRequest(`error decoding patch: ${cannotUnmarshal(config, 'map[string]interface {}')}`) };
  if (config === null) config = {};
  if (config['apiVersion'] !== ctx.apiVersion || config['kind'] !== ctx.kind) {
    return { ok: false, status: badRequest(`invalid object type: ${gvkString(config['apiVersion'], config['kind'])}`) };
  }
  const live = current ? withoutManagedFields(current) : {};
  let state = decoded.state;
  if (state.managers.size === 0) state = trackedUpdate(state, { apiVersion: ctx.apiVersion, kind: ctx.kind }, live, 'before-first-apply', ctx);
  if (metadataOf(config)['managedFields'] !== undefined) return { ok: false, status: badRequest('metadata.managedFields must be nil') };
  const id = managerIdentifier({ manager, operation: 'Apply', ...(ctx.subresource ? { subresource: ctx.subresource } : {}) });
  let result = applyFields(live, config, ctx.apiVersion, state.managers, id, force, ctx.schema, ignoredOf(ctx));
  if (!result.ok && 'conflicts' in result && manager === KUBECTL) {
    const allowed = allowedConflicts(live, ctx.apiVersion, ctx.schema);
    if (allowed) {
      const remaining = remainingConflicts(result.conflicts, allowed);
      result = remaining.length > 0 ? { ok: false, conflicts: remaining } : applyFields(live, config, ctx.apiVersion, state.managers, id, true, ctx.schema, ignoredOf(ctx));
    }
  }
  if (!result.ok) {
    if ('conflicts' in result) return { ok: false, status: applyConflict(result.conflicts) };
    const meta = metadataOf(config);
    const where = `${typeof meta['namespace'] === 'string' ? meta['namespace'] : ''}/${typeof meta['name'] === 'string' ? meta['name'] : ''}`;
    return { ok: false, status: unknownServerError(`failed to create typed patch object (${where}; ${gvkString(config['apiVersion'], config['kind'])}): ${result.error}`) };
  }
  const times = new Map(state.times);
  if (result.changed) times.set(id, ctx.now);
  // Unlike an update, an apply does not fold old updaters into ancient-changes.
  const final: ManagedState = { managers: stripMeta(result.managers, id), times };
  let object = result.changed ? (result.object as JsonObject) : live;
  if (manager === KUBECTL) object = refreshLastApplied(object, config);
  const changed = result.changed || !deepEqual(object, live);
  return { ok: true, object: withManagedFields(object, encodeManagedFields(final)), changed };
}

/**
 * The managedFields after a create, update or non-apply patch by `manager` that turns `old`
 * (undefined on create) into `next`. Undefined: the object carries none (an object nobody
 * tracked stays untracked, and a request that sets `managedFields: []` clears them).
 */
export function trackUpdate(old: JsonObject | undefined, next: JsonObject, manager: string, ctx: FieldManagerContext, remember = true): ManagedFieldsEntry[] | undefined {
  // A manager name with a lone surrogate is rewritten by the identifier's JSON: the general path has it.
  const fromNothing = old === undefined && metadataOf(next)['managedFields'] === undefined && !ctx.subresource && !LONE_SURROGATE.test(manager);
  return fromNothing ? createdBy(next, manager, ctx, remember) : trackGeneral(old, next, manager, ctx);
}

/** The stored object's managers (none when its entries do not decode). */
function liveState(old: JsonObject | undefined): ManagedState {
  const d = decodeManagedFields(metadataOf(old)['managedFields'] as ManagedFieldsEntry[] | undefined);
  return d.ok ? d.state : EMPTY_STATE;
}

/** trackUpdate without the fast path for a create: what the fast path must agree with. */
export function trackGeneral(old: JsonObject | undefined, next: JsonObject, manager: string, ctx: FieldManagerContext): ManagedFieldsEntry[] | undefined {
  let state: ManagedState;
  const sent = metadataOf(next)['managedFields'] as ManagedFieldsEntry[] | undefined;
  if (ctx.subresource) state = liveState(old);
  else if (Array.isArray(sent) && (sent.length === 0 || (sent.length === 1 && isObject(sent[0]) && Object.keys(sent[0]).length === 0))) state = EMPTY_STATE;
  else {
    const d = decodeManagedFields(sent);
    state = d.ok && d.state.managers.size > 0 ? d.state : liveState(old);
  }
  if (state.managers.size === 0 && old !== undefined && typeof metadataOf(old)['uid'] === 'string' && metadataOf(old)['uid'] !== '') return undefined;
  const live = old ? withoutManagedFields(old) : (ctx.zero ?? {});
  return encodeManagedFields(trackedUpdate(state, live, withoutManagedFields(next), manager, ctx));
}

const LONE_SURROGATE = /[\ud800-\udfff]/u;

/**
 * trackUpdate's answer for an object written from nothing, with no managedFields sent: the one
 * Update manager owns every field the object has, less the reset fields and metadata. The same
 * entry the general path encodes, without diffing against an empty object.
 */
function createdBy(next: JsonObject, manager: string, ctx: FieldManagerContext, remember: boolean): ManagedFieldsEntry[] | undefined {
  const reset = ctx.resetFields ?? [];
  // Top-level reset fields (every strategy's) are dropped as the FieldsV1 is written, and what
  // that gives is remembered; deeper ones go through the field set.
  const topLevel = allTopLevel(reset);
  if (topLevel && remember) {
    const known = knownFieldsV1(next, ctx.schema.root, reset, UNOWNED, ctx.zero);
    if (known !== undefined) return createdEntry(known ?? undefined, manager, ctx);
  }
  let fields: FieldsV1 | undefined;
  if (topLevel) fields = createdFieldsV1(next, ctx.schema.root, topLevelNames(reset), UNOWNED);
  else {
    const set = metaFree(recursiveDifference(ownedBelow(next, ctx.schema.root), ignoredOf(ctx)));
    fields = isEmpty(set) ? undefined : toFieldsV1(set);
  }
  if (fields !== undefined && ctx.zero !== undefined) {
    try {
      fields = againstZero(fields as FieldsV1Object, next, ctx.zero, ctx.schema.root);
    } catch (e) {
      if (!(e instanceof ShapeMismatch)) throw e;
      return trackGeneral(undefined, next, manager, ctx);
    }
  }
  if (topLevel && remember) rememberFieldsV1(next, ctx.schema.root, reset, UNOWNED, ctx.zero, fields as FieldsV1Object | undefined);
  return createdEntry(fields, manager, ctx);
}

function allTopLevel(reset: readonly (readonly string[])[]): boolean {
  for (const p of reset) if (p.length !== 1) return false;
  return true;
}

const topLevelNames = (reset: readonly (readonly string[])[]): Set<string> => new Set(reset.map((p) => p[0]!));

function createdEntry(fields: FieldsV1 | undefined, manager: string, ctx: FieldManagerContext): ManagedFieldsEntry[] | undefined {
  if (fields === undefined) return undefined;
  const name = manager === '' ? 'unknown' : manager;
  if (!ctx.now) return [{ manager: name, operation: 'Update', apiVersion: ctx.apiVersion, fieldsType: 'FieldsV1', fieldsV1: fields }];
  return [{ manager: name, operation: 'Update', apiVersion: ctx.apiVersion, time: ctx.now, fieldsType: 'FieldsV1', fieldsV1: fields }];
}
