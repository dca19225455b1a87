// pods/binding: the scheduler's (or anyone's) assignment of a pod to a node, as BindingREST does
// it (the rules are the pod strategy's bindPod), written with a compare-and-swap on the pod.

import type { Target } from '../../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import type { ResourceInfo } from '../../../../protocols/kube/resources.ts';
import { invalid, notFound } from '../../../../protocols/kube/status.ts';
import { storageKey } from '../../../../protocols/kube/storage-keys.ts';
import { rfc3339 } from '../../../../protocols/kube/time.ts';
import { decodeObject, encodeOwned } from '../../storage/codec.ts';
import { bindPod, validatePodBinding } from '../../strategies/workloads/index.ts';
import type { RegistryEnv } from '../env.ts';
import { answer, fail, readKey, type Step, txn } from '../step.ts';

interface Binding {
  readonly metadata?: { readonly name?: string };
}

const success = (code: number) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code }) as unknown as KubeObject;

export function bind(r: ResourceInfo, target: Target, body: KubeObject, env: RegistryEnv): Step {
  const binding = body as unknown as Binding;
  const name = target.name ?? '';
  const errs = validatePodBinding(body as never);
  if (errs.length > 0) return fail(invalid({ group: '', kind: 'Binding' }, binding.metadata?.name ?? name, errs));
  const key = storageKey(r, target.namespace ?? '', name);
  return readKey(key, (kv) => {
    if (kv === undefined) return fail(notFound({ group: '', resource: 'pods' }, name));
    const bound = bindPod(decodeObject(kv), body as never, name, rfc3339(env.nowMs));
    if (!bound.ok) return fail(bound.status);
    // The bound pod is made here from etcd's copy (the answer is a Status): the cache may keep it as it is.
    return txn(
      { type: 'txn', compare: [{ target: 'MOD', result: 'EQUAL', key, modRevision: kv.modRevision }], success: [{ type: 'put', key, value: encodeOwned(bound.pod) }] },
      (t) => (t.succeeded ? answer(201, success(201)) : bind(r, target, body, env)),
    );
  });
}
