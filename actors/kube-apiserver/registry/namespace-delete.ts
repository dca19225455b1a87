// DELETE of a Namespace, as the namespace REST's own Delete: the first request only marks it
// (deletionTimestamp, phase Terminating, the GC's orphan/foregroundDeletion finalizers as the
// options ask) and answers the namespace, 200; while spec.finalizers holds anything, later requests
// answer it unchanged; only then does the generic delete run. The namespace controller empties
// the namespace and clears spec.finalizers through /finalize, which removes it.

import type { KeyValue } from '../../../protocols/etcd/kv.ts';
import type { DeleteOptions, Target } from '../../../protocols/kube/api.ts';
import type { KubeObject, Namespace } from '../../../protocols/kube/objects.ts';
import type { ResourceInfo } from '../../../protocols/kube/resources.ts';
import { conflict, notFound } from '../../../protocols/kube/status.ts';
import { storageKey } from '../../../protocols/kube/storage-keys.ts';
import { rfc3339 } from '../../../protocols/kube/time.ts';
import { decodeObject, encodeObject, withResourceVersion } from '../storage/codec.ts';
import { type AdmissionRequest, mutate, validate } from './admission.ts';
import type { RegistryEnv } from './env.ts';
import { answer, fail, isStep, readKey, type Step, txn } from './step.ts';

/** What the generic delete needs once a request is past the mutating phase. */
export interface AdmittedDelete {
  readonly r: ResourceInfo;
  readonly key: string;
  readonly kv: KeyValue;
  readonly current: KubeObject;
  readonly options: DeleteOptions;
  readonly env: RegistryEnv;
  readonly admission: AdmissionRequest;
  readonly again: () => Step;
}

const NAMESPACES = { group: '', resource: 'namespaces' };
const ORPHAN = 'orphan';
const FOREGROUND = 'foregroundDeletion';

/** The GC finalizers a first delete leaves: the policy decides when given, else what is there stays. */
function gcFinalizers(existing: readonly string[], policy: DeleteOptions['propagationPolicy']): string[] {
  if (policy === undefined) return [...existing];
  const want = new Set([...(policy === 'Orphan' ? [ORPHAN] : []), ...(policy === 'Foreground' ? [FOREGROUND] : [])]);
  const kept = existing.filter((f) => (f !== ORPHAN && f !== FOREGROUND) || want.has(f));
  return [...kept, ...[...want].filter((f) => !existing.includes(f))];
}

/** The namespace as the first delete leaves it. */
export function markTerminating(current: KubeObject, options: DeleteOptions, nowMs: number): KubeObject {
  const ns = structuredClone(current) as KubeObject & Namespace;
  const finalizers = gcFinalizers(ns.metadata.finalizers ?? [], options.propagationPolicy);
  const { finalizers: _f, ...meta } = ns.metadata;
  ns.metadata = { ...meta, deletionTimestamp: rfc3339(nowMs), ...(finalizers.length > 0 ? { finalizers } : {}) };
  ns.status = { ...ns.status, phase: 'Terminating' };
  return ns;
}

export type FinishDelete = (d: AdmittedDelete) => Step;

export function removeNamespace(r: ResourceInfo, target: Target, options: DeleteOptions, env: RegistryEnv, finish: FinishDelete): Step {
  const name = target.name ?? '';
  const key = storageKey(r, '', name);
  const dryRun = options.dryRun?.includes('All') ?? false;
  return readKey(key, (kv) => {
    const current = kv === undefined ? undefined : decodeObject(kv);
    const admission = { operation: 'DELETE' as const, r, target, kind: r.kind, name, ...(current ? { oldObject: current } : {}), dryRun };
    // The mutating phase runs in the handler, before the namespace is even read.
    const refused = mutate(env, admission, undefined);
    if (refused) return refused;
    if (kv === undefined || current === undefined) return fail(notFound(NAMESPACES, name));
    const again = () => removeNamespace(r, target, options, env, finish);
    const p = options.preconditions;
    if (p?.uid !== undefined && p.uid !== current.metadata.uid) {
      return fail(conflict(NAMESPACES, name, `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${current.metadata.uid}`));
    }
    if (p?.resourceVersion !== undefined && p.resourceVersion !== current.metadata.resourceVersion) {
      return fail(conflict(NAMESPACES, name, `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`));
    }
    if (current.metadata.deletionTimestamp === undefined || current.metadata.deletionTimestamp === null) {
      const admitted = validate(env, admission, undefined);
      if (isStep(admitted)) return admitted;
      const marked = markTerminating(current, options, env.nowMs);
      if (dryRun) return answer(200, marked);
      const guard = [{ target: 'MOD' as const, result: 'EQUAL' as const, key, modRevision: kv.modRevision }];
      return txn({ type: 'txn', compare: guard, success: [{ type: 'put', key, value: encodeObject(marked) }] }, (t) =>
        t.succeeded ? answer(200, withResourceVersion(marked, t.header.revision)) : again(),
      );
    }
    if (((current as Namespace).spec?.finalizers ?? []).length > 0) return answer(200, current);
    return finish({ r, key, kv, current, options, env, admission, again });
  });
}
