// pods/eviction: a delete that respects PodDisruptionBudgets, as EvictionREST does. A pod that has
// finished, is pending or is terminating is deleted at once; otherwise the one budget covering it
// must allow a disruption, which the eviction takes (status.disruptionsAllowed down by one, the pod
// in status.disruptedPods) before deleting the pod.

import type { DeleteOptions, Target } from '../../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { resourceFor, type ResourceInfo } from '../../../../protocols/kube/resources.ts';
import { badRequest, type FailureStatus, forbidden, internalError, notFound, tooManyRequests } from '../../../../protocols/kube/status.ts';
import { storageKey } from '../../../../protocols/kube/storage-keys.ts';
import { labelSelectorAsSelector, type LabelSelectorObject, matchesLabels } from '../../../../protocols/kube/validation/index.ts';
import { rfc3339 } from '../../../../protocols/kube/time.ts';
import { decodeObject, encodeObject } from '../../storage/codec.ts';
import { remove } from '../delete.ts';
import type { RegistryEnv } from '../env.ts';
import { answer, fail, readKey, type Step, txn } from '../step.ts';

const VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";
/** More pods than this recorded as disrupted and the budget refuses further evictions. */
const MAX_DISRUPTED_PODS = 2000;

interface Eviction {
  readonly metadata?: { readonly name?: string };
  readonly deleteOptions?: DeleteOptions;
}

interface PdbStatus {
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  observedGeneration?: number;
  disruptedPods?: Record<string, string>;
}

const success = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } as unknown as KubeObject;

/** A budget covers a pod when its selector matches the pod's labels (an empty selector matches every pod, in policy/v1). */
function covers(pdb: KubeObject, pod: KubeObject): boolean {
  const parsed = labelSelectorAsSelector(((pdb.spec as { selector?: LabelSelectorObject } | undefined)?.selector ?? {}) as LabelSelectorObject);
  return parsed.ok && matchesLabels(parsed.value, pod.metadata.labels ?? {});
}

function refusal(pdb: KubeObject, status: PdbStatus): FailureStatus | undefined {
  const name = pdb.metadata.name ?? '';
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) return withCause(`The disruption budget ${name} is still being processed by the server.`);
  const allowed = status.disruptionsAllowed ?? 0;
  if (allowed < 0) return forbidden({ group: 'policy', resource: 'poddisruptionbudgets' }, name, 'pdb disruptions allowed is negative');
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) return forbidden({ group: 'policy', resource: 'poddisruptionbudgets' }, name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  if (allowed === 0) return withCause(`The disruption budget ${name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`);
  return undefined;
}

function withCause(message: string): FailureStatus {
  const base = tooManyRequests(VIOLATION, 0);
  return { ...base, details: { causes: [{ reason: 'DisruptionBudget', message }] } };
}

export function evict(r: ResourceInfo, target: Target, body: KubeObject, env: RegistryEnv): Step {
  const eviction = body as unknown as Eviction;
  const name = target.name ?? '';
  const namespace = target.namespace ?? '';
  if (eviction.metadata?.name !== undefined && eviction.metadata.name !== name) return fail(badRequest('name in URL does not match name in Eviction object'));
  const podTarget = { ...target, subresource: undefined };
  const deletePod = (): Step => {
    const step = remove(r, podTarget, eviction.deleteOptions ?? {}, env);
    return finish(step);
  };
  return readKey(storageKey(r, namespace, name), (kv) => {
    if (kv === undefined) return fail(notFound({ group: '', resource: 'pods' }, name));
    const pod = decodeObject(kv);
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || pod.metadata.deletionTimestamp !== undefined) return deletePod();
    const pdbs = (env.list?.('policy', 'poddisruptionbudgets', namespace) ?? []).filter((p) => covers(p, pod));
    if (pdbs.length > 1) return fail(internalError('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.'));
    if (pdbs.length === 0) return deletePod();
    const pdbResource = resourceFor('policy', 'poddisruptionbudgets')!;
    const pdbKey = storageKey(pdbResource, namespace, pdbs[0]!.metadata.name ?? '');
    return readKey(pdbKey, (pkv) => {
      if (pkv === undefined) return deletePod();
      const pdb = decodeObject(pkv);
      const status = { ...((pdb.status ?? {}) as PdbStatus) };
      const refused = refusal(pdb, status);
      if (refused) return fail(refused);
      status.disruptionsAllowed = (status.disruptionsAllowed ?? 0) - 1;
      status.disruptedPods = { ...status.disruptedPods, [name]: rfc3339(env.nowMs) };
      const taken = { ...pdb, status };
      return txn(
        { type: 'txn', compare: [{ target: 'MOD', result: 'EQUAL', key: pdbKey, modRevision: pkv.modRevision }], success: [{ type: 'put', key: pdbKey, value: encodeObject(taken) }] },
        (t) => (t.succeeded ? deletePod() : evict(r, target, body, env)),
      );
    });
  });
}

/** The pod's delete, answered as an eviction is: 201 Success, or the delete's failure. */
function finish(step: Step): Step {
  if (step.kind === 'done') return step.result.ok ? answer(201, success) : step;
  return { kind: 'etcd', command: step.command, then: (result) => finish(step.then(result)) };
}
