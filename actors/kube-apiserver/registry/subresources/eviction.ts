// pods/eviction: a delete that respects PodDisruptionBudgets, as EvictionREST does. What to do is
// the pod strategy's planEviction; here it is carried out: the budget's status written (one
// disruption taken, the pod in disruptedPods) with a compare-and-swap, the pod marked as a
// disruption target, then deleted with the eviction's delete options.

import type { ApiResult, DeleteOptions, Target } from '../../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { resourceFor, type ResourceInfo } from '../../../../protocols/kube/resources.ts';
import { badRequest, notFound } from '../../../../protocols/kube/status.ts';
import { storageKey } from '../../../../protocols/kube/storage-keys.ts';
import { rfc3339 } from '../../../../protocols/kube/time.ts';
import { decodeObject, encodeObject } from '../../storage/codec.ts';
import { planEviction, withDisruptionTarget } from '../../strategies/workloads/index.ts';
import { remove } from '../delete.ts';
import type { RegistryEnv } from '../env.ts';
import { andThen, answer, fail, readKey, type Step, txn } from '../step.ts';

interface Eviction {
  readonly metadata?: { readonly name?: string };
  readonly deleteOptions?: DeleteOptions;
}

const success = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } as unknown as KubeObject;
const PDBS = resourceFor('policy', 'poddisruptionbudgets')!;

export function evict(r: ResourceInfo, target: Target, body: KubeObject, env: RegistryEnv): Step {
  const eviction = body as unknown as Eviction;
  const name = target.name ?? '';
  const namespace = target.namespace ?? '';
  if (eviction.metadata?.name !== undefined && eviction.metadata.name !== name) return fail(badRequest('name in URL does not match name in Eviction object'));
  const key = storageKey(r, namespace, name);
  const now = rfc3339(env.nowMs);
  return readKey(key, (kv) => {
    if (kv === undefined) return fail(notFound({ group: '', resource: 'pods' }, name));
    const pod = decodeObject(kv);
    const plan = planEviction(pod, env.list?.('policy', 'poddisruptionbudgets', namespace) ?? [], now);
    const again = () => evict(r, target, body, env);
    if (plan.kind === 'refuse') return { kind: 'done', result: { ok: false, code: plan.status.code ?? 500, body: plan.status as never } };
    const options = eviction.deleteOptions ?? {};
    const pinned = plan.kind === 'delete' && plan.pinResourceVersion && options.preconditions?.resourceVersion === undefined;
    const deletePod = (): Step => markThenDelete(r, target, key, kv.modRevision, pod, now, pinned ? { ...options, preconditions: { ...options.preconditions, resourceVersion: pod.metadata.resourceVersion! } } : options, env, again);
    if (plan.kind === 'delete') return deletePod();
    const pdbKey = storageKey(PDBS, namespace, plan.pdb.metadata.name ?? '');
    return txn(
      { type: 'txn', compare: [{ target: 'MOD', result: 'EQUAL', key: pdbKey, modRevision: Number(plan.pdb.metadata.resourceVersion) }], success: [{ type: 'put', key: pdbKey, value: encodeObject(plan.pdb) }] },
      (t) => (t.succeeded ? deletePod() : again()),
    );
  });
}

/** The DisruptionTarget condition first (guarded by the pod's revision), then the delete. */
function markThenDelete(r: ResourceInfo, target: Target, key: string, revision: number, pod: KubeObject, now: string, options: DeleteOptions, env: RegistryEnv, again: () => Step): Step {
  const marked = withDisruptionTarget(pod, now);
  return txn({ type: 'txn', compare: [{ target: 'MOD', result: 'EQUAL', key, modRevision: revision }], success: [{ type: 'put', key, value: encodeObject(marked) }] }, (t) => {
    if (!t.succeeded) return again();
    const pinned = options.preconditions?.resourceVersion === pod.metadata.resourceVersion ? { ...options, preconditions: { ...options.preconditions, resourceVersion: String(t.header.revision) } } : options;
    return andThen(remove(r, { ...target, subresource: undefined }, pinned, env), answeredAsEviction);
  });
}

/** The pod's delete, answered as an eviction is: 201 Success, or the delete's failure. */
const answeredAsEviction = (result: ApiResult): Step => (result.ok ? answer(201, success) : { kind: 'done', result });
