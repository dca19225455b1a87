// pods/binding: the scheduler's (or anyone's) assignment of a pod to a node, as BindingREST does
// it: the pod must not be assigned yet nor be terminating; binding sets spec.nodeName, copies the
// binding's annotations and marks the pod PodScheduled.

import type { Target } from '../../../../protocols/kube/api.ts';
import { fieldError } from '../../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import type { ResourceInfo } from '../../../../protocols/kube/resources.ts';
import { badRequest, conflict, internalError, invalid, notFound } from '../../../../protocols/kube/status.ts';
import { storageKey } from '../../../../protocols/kube/storage-keys.ts';
import { rfc3339 } from '../../../../protocols/kube/time.ts';
import { decodeObject, encodeObject } from '../../storage/codec.ts';
import type { RegistryEnv } from '../env.ts';
import { answer, fail, readKey, type Step, txn } from '../step.ts';

interface Binding {
  readonly metadata?: { readonly name?: string; readonly annotations?: Record<string, string> };
  readonly target?: { readonly kind?: string; readonly name?: string };
}

const success = (code: number) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code }) as unknown as KubeObject;

export function bind(r: ResourceInfo, target: Target, body: KubeObject, env: RegistryEnv): Step {
  const binding = body as unknown as Binding;
  const name = target.name ?? '';
  if (binding.metadata?.name !== undefined && binding.metadata.name !== name) return fail(badRequest('name in URL does not match name in Binding object'));
  const node = binding.target?.name ?? '';
  if (node === '') return fail(invalid({ group: '', kind: 'Binding' }, name, [fieldError.required('target.name')]));
  if ((binding.target?.kind ?? 'Node') !== 'Node') return fail(invalid({ group: '', kind: 'Binding' }, name, [fieldError.notSupported('target.kind', binding.target?.kind, ['Node'])]));
  const key = storageKey(r, target.namespace ?? '', name);
  return readKey(key, (kv) => {
    if (kv === undefined) return fail(notFound({ group: '', resource: 'pods' }, name));
    const pod = decodeObject(kv);
    if (pod.metadata.deletionTimestamp !== undefined) return fail(internalError(`pod ${name} is being deleted, cannot be assigned to a host`));
    const spec = (pod.spec ?? {}) as { nodeName?: string };
    if (spec.nodeName) return fail(conflict({ group: '', resource: 'pods/binding' }, name, `pod ${name} is already assigned to node "${spec.nodeName}"`));
    const bound = structuredClone(pod);
    bound.spec = { ...spec, nodeName: node };
    if (binding.metadata?.annotations) bound.metadata = { ...bound.metadata, annotations: { ...bound.metadata.annotations, ...binding.metadata.annotations } };
    bound.status = withScheduled((pod.status ?? {}) as PodStatus, rfc3339(env.nowMs));
    return txn(
      { type: 'txn', compare: [{ target: 'MOD', result: 'EQUAL', key, modRevision: kv.modRevision }], success: [{ type: 'put', key, value: encodeObject(bound) }] },
      (t) => (t.succeeded ? answer(201, success(201)) : bind(r, target, body, env)),
    );
  });
}

interface PodStatus {
  conditions?: { type: string; status: string; lastProbeTime?: string | null; lastTransitionTime?: string }[];
  [k: string]: unknown;
}

function withScheduled(status: PodStatus, now: string): PodStatus {
  const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  const before = (status.conditions ?? []).find((c) => c.type === 'PodScheduled');
  const since = before?.status === 'True' && before.lastTransitionTime ? before.lastTransitionTime : now;
  return { ...status, conditions: [...conditions, { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: since }] };
}
