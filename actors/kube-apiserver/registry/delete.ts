// DELETE, as the generic store's Delete: preconditions, then either an update that marks the
// object as being deleted (graceful deletion, pending finalizers, the garbage collector's
// orphan/foregroundDeletion finalizers) or the removal of its key, guarded by its mod revision.

import type { DeleteOptions, Target } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import type { ResourceInfo } from '../../../protocols/kube/resources.ts';
import { conflict, notFound } from '../../../protocols/kube/status.ts';
import { storageKey } from '../../../protocols/kube/storage-keys.ts';
import { rfc3339 } from '../../../protocols/kube/time.ts';
import { decodeObject, encodeObject, withResourceVersion } from '../storage/codec.ts';
import type { RegistryEnv } from './env.ts';
import { mutate, validate } from './admission.ts';
import { answer, fail, isStep, readKey, type Step, txn } from './step.ts';
import { type AdmittedDelete, removeNamespace } from './namespace-delete.ts';
import { markForCleanup } from '../crd/cleanup.ts';
import { cloneBody } from './body.ts';

const ORPHAN = 'orphan';
const FOREGROUND = 'foregroundDeletion';

/** Stores with ReturnDeletedObject: their DELETE answers with the object rather than a Status. */
const RETURNS_OBJECT: ReadonlySet<string> = new Set(['/pods', '/serviceaccounts', '/persistentvolumes', '/persistentvolumeclaims', '/services', '/namespaces']);

/** What a finished delete answers: the object, or a Success Status naming it (kind holds the resource, as in Kubernetes). */
export function deletedAnswer(r: ResourceInfo, obj: KubeObject): Step {
  if (RETURNS_OBJECT.has(`${r.group}/${r.resource}`)) return answer(200, obj);
  const details = { name: obj.metadata.name, group: r.group, kind: r.resource, uid: obj.metadata.uid };
  return answer(200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details } as unknown as KubeObject);
}

/** The finalizers a delete leaves (deletionFinalizersForGarbageCollection), or undefined for no change. */
export function gcFinalizers(existing: readonly string[], policy: DeleteOptions['propagationPolicy']): string[] | undefined {
  const orphan = policy === 'Orphan' || (policy === undefined && existing.includes(ORPHAN) && !existing.includes(FOREGROUND));
  const foreground = policy === 'Foreground' || (policy === undefined && existing.includes(FOREGROUND));
  const next = existing.filter((f) => f !== ORPHAN && f !== FOREGROUND);
  if (orphan) next.push(ORPHAN);
  if (foreground) next.push(FOREGROUND);
  const same = next.length === existing.length && next.every((f) => existing.includes(f));
  return same ? undefined : next;
}

export function remove(r: ResourceInfo, target: Target, options: DeleteOptions, env: RegistryEnv): Step {
  if (r.group === '' && r.resource === 'namespaces') return removeNamespace(r, target, options, env, finishDelete);
  const key = storageKey(r, target.namespace ?? '', target.name ?? '');
  const name = target.name ?? '';
  return readKey(key, (kv) => {
    if (kv === undefined) return fail(notFound({ group: r.group, resource: r.resource }, name));
    const current = decodeObject(kv);
    const again = () => remove(r, target, options, env);
    const p = options.preconditions;
    const asKind = { group: r.group, resource: r.kind };
    if (p?.uid !== undefined && p.uid !== current.metadata.uid) {
      return fail(conflict(asKind, name, `the UID in the precondition (${p.uid}) does not match the UID in record (${current.metadata.uid}). The object might have been deleted and then recreated`));
    }
    if (p?.resourceVersion !== undefined && p.resourceVersion !== current.metadata.resourceVersion) {
      return fail(conflict(asKind, name, `the ResourceVersion in the precondition (${p.resourceVersion}) does not match the ResourceVersion in record (${current.metadata.resourceVersion}). The object might have been modified`));
    }
    const admission = { operation: 'DELETE' as const, r, target, kind: r.kind, name, oldObject: current, dryRun: options.dryRun?.includes('All') ?? false };
    const refused = mutate(env, admission, undefined);
    if (refused) return refused;
    return finishDelete({ r, key, kv, current, options, env, admission, again });
  });
}

/** The validating phase, then BeforeDelete's verdict written: the object marked, or its key removed. */
export function finishDelete({ r, key, kv, current, options, env, admission, again }: AdmittedDelete): Step {
  const admitted = validate(env, admission, undefined);
  if (isStep(admitted)) return admitted;
  const marked = markForDeletion(r, current, options, env);
  // A graceful deletion already under way: the object as it is.
  if (marked === 'pending') return answer(200, current);
  const dry = options.dryRun?.includes('All') ?? false;
  const guard = [{ target: 'MOD' as const, result: 'EQUAL' as const, key, modRevision: kv.modRevision }];
  if (marked !== 'now') {
    if (dry || JSON.stringify(marked) === JSON.stringify(current)) return answer(200, marked);
    return txn({ type: 'txn', compare: guard, success: [{ type: 'put', key, value: encodeObject(marked) }] }, (t) =>
      t.succeeded ? answer(200, withResourceVersion(marked, t.header.revision)) : again(),
    );
  }
  if (dry) return deletedAnswer(r, current);
  return txn({ type: 'txn', compare: guard, success: [{ type: 'deleteRange', key }] }, (t) => (t.succeeded ? deletedAnswer(r, current) : again()));
}

/**
 * BeforeDelete plus the finalizer bookkeeping: 'now' to remove the key, 'pending' when a graceful
 * deletion is already under way and this request shortens nothing, or the object to store.
 */
export function markForDeletion(r: ResourceInfo, current: KubeObject, options: DeleteOptions, env: RegistryEnv): KubeObject | 'now' | 'pending' {
  // A CRD's first DELETE marks it for its custom resources' cleanup (crd/cleanup.ts).
  const crd = r.group === 'apiextensions.k8s.io' && r.resource === 'customresourcedefinitions' ? markForCleanup(current, env.nowMs) : undefined;
  if (crd !== undefined) return crd;
  const strategy = env.strategyFor(r);
  const obj = cloneBody(current);
  const m = obj.metadata;
  let graceful = false;
  const requested = options.gracePeriodSeconds !== undefined && options.gracePeriodSeconds < 0 ? 1 : options.gracePeriodSeconds;
  if (strategy.gracePeriod !== undefined) {
    if (m.deletionTimestamp !== undefined) {
      const existing = m.deletionGracePeriodSeconds ?? 0;
      if (existing === 0) return 'now';
      if (requested === undefined || requested >= existing) return 'pending';
      const start = Date.parse(m.deletionTimestamp) - existing * 1000;
      const at = Math.max(start + requested * 1000, env.nowMs);
      const period = at === env.nowMs && requested !== 0 && start + requested * 1000 < env.nowMs ? 1 : requested;
      obj.metadata = { ...m, deletionTimestamp: rfc3339(at), deletionGracePeriodSeconds: period };
      graceful = true;
    } else {
      const grace = strategy.gracePeriod(current, requested);
      if (grace !== undefined) {
        obj.metadata = {
          ...m,
          deletionTimestamp: rfc3339(env.nowMs + grace * 1000),
          deletionGracePeriodSeconds: grace,
          ...(m.generation !== undefined && m.generation > 0 ? { generation: m.generation + 1 } : {}),
        };
        graceful = true;
      }
    }
  }
  const finalizers = gcFinalizers(obj.metadata.finalizers ?? [], options.propagationPolicy);
  if (finalizers !== undefined) obj.metadata = { ...obj.metadata, finalizers };
  const pending = (obj.metadata.finalizers ?? []).length > 0;
  if (!graceful && pending) {
    if (obj.metadata.deletionTimestamp === undefined) obj.metadata = { ...obj.metadata, deletionTimestamp: rfc3339(env.nowMs), deletionGracePeriodSeconds: 0 };
    return obj;
  }
  if (graceful && (pending || (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0)) return obj;
  return 'now';
}
