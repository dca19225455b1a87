// DELETE on a collection: the objects the selectors pick, each deleted as a single DELETE with the
// same options would delete it (the generic store's DeleteCollection); the answer lists them.

import type { DeleteOptions, ListOptions, ObjectList, Target } from '../../../protocols/kube/api.ts';
import type { RangeResponse } from '../../../protocols/etcd/kv.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { apiVersionOf, type ResourceInfo } from '../../../protocols/kube/resources.ts';
import { storageListPrefix } from '../../../protocols/kube/storage-keys.ts';
import { decodeObject } from '../storage/codec.ts';
import { remove } from './delete.ts';
import type { RegistryEnv } from './env.ts';
import { selectorMatcher } from './read.ts';
import { andThen, answer, etcd, type Step } from './step.ts';

export function deleteCollection(r: ResourceInfo, target: Target, options: DeleteOptions & ListOptions, env: RegistryEnv): Step {
  const match = selectorMatcher(r, options, env);
  if (typeof match !== 'function') return match;
  const prefix = storageListPrefix(r, target.namespace ?? '');
  const rangeEnd = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  const { labelSelector: _l, fieldSelector: _f, resourceVersion: _v, resourceVersionMatch: _m, limit: _n, continue: _c, ...deleteOptions } = options;
  return etcd<RangeResponse>({ type: 'range', key: prefix, rangeEnd }, (res) => {
    const victims = res.kvs.map(decodeObject).filter(match);
    const deleted: KubeObject[] = [];
    const next = (i: number): Step => {
      if (i === victims.length) {
        const list: ObjectList = { apiVersion: apiVersionOf(r), kind: `${r.kind}List`, metadata: { resourceVersion: String(res.header.revision) }, items: deleted };
        return answer(200, list);
      }
      const v = victims[i]!;
      // A vanished object is no failure: the next is deleted all the same.
      return andThen(remove(r, { ...target, name: v.metadata.name ?? '', ...(v.metadata.namespace ? { namespace: v.metadata.namespace } : {}) }, deleteOptions, env), (result) => {
        if (result.ok) deleted.push(v);
        return next(i + 1);
      });
    };
    return next(0);
  });
}
