// PUT (and the second half of PATCH): the new object against the stored one, written with a
// compare-and-swap on the stored mod revision. A body naming an older resourceVersion is refused
// with 409; one naming none (where the kind allows it) is retried on a lost race, as
// GuaranteedUpdate does.

import type { Target, UpdateOptions } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import type { ResourceInfo } from '../../../protocols/kube/resources.ts';
import { conflict, invalid, notFound } from '../../../protocols/kube/status.ts';
import { fieldError } from '../../../protocols/kube/field-errors.ts';
import { storageKey } from '../../../protocols/kube/storage-keys.ts';
import { decodeBody } from '../schema/unknown-fields.ts';
import { withSchemaUnknownFields } from '../crd/field-validation.ts';
import { heldBySpecFinalizers } from '../strategies/core/namespace.ts';
import { decodeObject, encodeOwned, forgetEncoded, storedBytes, withResourceVersion } from '../storage/codec.ts';
import { checkBody, cloneBody, keepSystemFields } from './body.ts';
import { create, strategyContext } from './create.ts';
import type { RegistryEnv } from './env.ts';
import { admissionOf, effectOps, mutateWith, validateWith } from './admission.ts';
import { managerOf, track } from './managed-fields.ts';
import { answer, fail, isStep, readKey, type Step, txn } from './step.ts';
import { putOp, withLease } from './lease.ts';
import { isStatus } from './target.ts';
import { validateMetaUpdate } from './validate.ts';

const gr = (r: ResourceInfo) => ({ group: r.group, resource: r.resource });
const keyOf = (r: ResourceInfo, target: Target) => storageKey(r, target.namespace ?? '', target.name ?? '');

// Continuations made by small functions rather than written as named consts in the request's
// function: the loader names each such function as it is made (a defineProperty per request).
const updateAgain = (r: ResourceInfo, target: Target, body: KubeObject, options: UpdateOptions, env: RegistryEnv) => (): Step => update(r, target, body, options, env, true);
/** A lost compare-and-swap: 409 for a pinned write decided on etcd's copy, else the request again. */
const lostRace = (r: ResourceInfo, name: string, conflicts: boolean, retry: () => Step) => (): Step => (conflicts ? fail(conflict(gr(r), name)) : retry());

export function update(r: ResourceInfo, target: Target, body: KubeObject, options: UpdateOptions, env: RegistryEnv, fresh = false): Step {
  // The handler checks the body against the URL, and decodes it, before anything is read.
  const checked = checkBody(body, r, target);
  if (isStatus(checked)) return fail(checked);
  const decoded = withSchemaUnknownFields(decodeBody(r, checked, options.fieldValidation), env.strategyFor(r), r, options.fieldValidation);
  if (!decoded.ok) return fail(decoded.status);
  const again = updateAgain(r, target, body, options, env);
  // The cache's copy, when it is the version the body names (or the body names none): if etcd
  // has moved on the compare-and-swap loses and the request runs again on a fresh read, which
  // also decides a 409 on what etcd holds, not on what the cache had.
  const cached = fresh ? undefined : env.cached?.(r, target.namespace ?? '', target.name ?? '');
  const pinned = decoded.object.metadata.resourceVersion;
  if (cached !== undefined && (!pinned || pinned === cached.metadata.resourceVersion)) {
    const current = env.strategyFor(r).updateLeavesOldAlone === true ? cached : cloneBody(cached);
    const step = replace(r, target, current, decoded.object, options, env, { retry: again, warnings: decoded.warnings, unconfirmed: true, checked: true });
    // A refusal decided on the cache's copy is decided again on etcd's.
    return step.kind === 'done' && !step.result.ok ? again() : step;
  }
  return readKey(keyOf(r, target), (kv) => {
    if (kv === undefined) {
      if (target.subresource === undefined && env.strategyFor(r).allowCreateOnUpdate) return create(r, target, body, options, env);
      return fail(notFound(gr(r), target.name ?? ''));
    }
    return replace(r, target, decodeObject(kv), decoded.object, options, env, { retry: again, warnings: decoded.warnings, checked: true });
  });
}


/**
 * Replaces `current` (as read, its resourceVersion set) with `incoming`. `retry` runs the whole
 * request again when the store moved on and the request did not pin a resourceVersion.
 */
export interface ReplaceHow {
  /** Runs the whole request again when the store moved on and the request pinned no resourceVersion. */
  readonly retry: () => Step;
  /** Warnings from decoding the request. */
  readonly warnings?: readonly string[];
  /** managedFields already worked out (server-side apply): the write is not tracked again. */
  readonly tracked?: boolean;
  /** A patch's result: it applies to the object read, so it needs no resourceVersion of its own, whatever the kind. */
  readonly patched?: boolean;
  /**
   * `current` is the watch cache's copy, not read from etcd: a lost compare-and-swap or a write
   * that would change nothing runs `retry` (a fresh read) instead of answering on it.
   */
  readonly unconfirmed?: boolean;
  /**
   * `incoming` is this request's own copy, checked against the URL already (update's body, after
   * checkBody and decoding): it is changed in place instead of being checked and copied again.
   */
  readonly checked?: boolean;
  /**
   * `incoming` is this request's own (a strategic merge patch's result, which shares nothing with
   * `current` or anyone else): it is checked against the URL in place, without a copy.
   */
  readonly own?: boolean;
}

export function replace(r: ResourceInfo, target: Target, current: KubeObject, incoming: KubeObject, options: UpdateOptions, env: RegistryEnv, how: ReplaceHow): Step {
  const { retry, warnings: decodeWarnings = [] } = how;
  const strategy = env.strategyFor(r);
  const obj = how.checked ? incoming : checkBody(incoming, r, target, !how.own);
  if (isStatus(obj)) return fail(obj);
  const name = target.name ?? '';
  const pinned = obj.metadata.resourceVersion;
  if (pinned && pinned !== current.metadata.resourceVersion) return fail(conflict(gr(r), name));
  if (!pinned && !strategy.allowUnconditionalUpdate && !how.patched) {
    return fail(invalid({ group: r.group, kind: r.kind }, name, [fieldError.invalid('metadata.resourceVersion', '0x0', 'must be specified for an update')]));
  }
  const ctx = strategyContext(env);
  const dryRun = options.dryRun?.includes('All') ?? false;
  strategy.defaults(obj);
  keepSystemFields(obj, current);
  if (!how.tracked) track(r, target, current, obj, managerOf(options.fieldManager, env), env);
  const admission = admissionOf(env, { operation: 'UPDATE', r, target, kind: r.kind, name, oldObject: current, dryRun }, obj);
  const refused = mutateWith(admission);
  if (refused) return refused;
  const status = target.subresource === 'status' ? strategy.status : undefined;
  if (status) status.prepareForUpdate(obj, current, ctx);
  else strategy.prepareForUpdate(obj, current, ctx);
  // An update that named no resourceVersion writes over the stored one (the CAS below guards it).
  obj.metadata = { ...obj.metadata, resourceVersion: current.metadata.resourceVersion };
  const own = status ? status.validateUpdate(obj, current, ctx) : strategy.validateUpdate(obj, current, ctx);
  const errs = [...validateMetaUpdate(obj, current, r), ...own];
  if (errs.length > 0) return fail(invalid({ group: r.group, kind: r.kind }, name, errs));
  const effects = validateWith(admission);
  if (isStep(effects)) return effects;
  const warnings = [...decodeWarnings, ...(strategy.warnings?.(obj, current) ?? [])];
  const revision = Number(current.metadata.resourceVersion);
  if (dryRun) return answer(200, obj, warnings);
  const key = keyOf(r, target);
  const writes = effectOps(env, effects);
  const guard = [{ target: 'MOD' as const, result: 'EQUAL' as const, key, modRevision: revision }, ...writes.compare];
  const lost = lostRace(r, name, Boolean(pinned) && !how.unconfirmed, retry);
  if (finishesDeletion(obj)) {
    return txn({ type: 'txn', compare: guard, success: [{ type: 'deleteRange', key }, ...writes.success] }, (t) =>
      t.succeeded ? answer(200, withResourceVersion(obj, t.header.revision), warnings) : lost(),
    );
  }
  // The bytes etcd would hold, which leave out the resourceVersion: the same bytes as the stored
  // object's mean the write changes nothing.
  // What encodeOwned keeps for the watch cache is obj itself: the object this request made, which
  // nothing changes once written. A write that changes nothing sends no put, so it keeps nothing.
  const value = encodeOwned(obj);
  if (writes.success.length === 0 && value === storedBytes(current)) {
    forgetEncoded();
    return how.unconfirmed ? retry() : answer(200, current, warnings);
  }
  // Every update takes a lease again, as GuaranteedUpdate asks the TTLFunc on each write: a put
  // without one would leave the key on none. After a grant the object is encoded again, since the
  // grant made the replica forget the encoding above (own-writes.ts).
  return withLease(env, r, true, (lease, granted) =>
    txn({ type: 'txn', compare: guard, success: [putOp(key, granted ? encodeOwned(obj) : value, lease), ...writes.success] }, (t) =>
      t.succeeded ? answer(200, withResourceVersion(obj, t.header.revision), warnings) : lost(),
    ),
  );
}

/**
 * An object being deleted whose last finalizer is gone and whose grace period is over is removed
 * by the write; a namespace only once its spec.finalizers are gone as well.
 */
export function finishesDeletion(obj: KubeObject): boolean {
  const m = obj.metadata;
  if (heldBySpecFinalizers(obj)) return false;
  return m.deletionTimestamp !== undefined && (m.finalizers ?? []).length === 0 && (m.deletionGracePeriodSeconds ?? 0) === 0;
}
