// PATCH: the patch applied to the stored object (json, merge or strategic; apply is server-side
// apply's), then written as an update of that object. A patch that names no resourceVersion is
// retried from a fresh read when another write wins the race, as the patcher does.

import type { PatchOptions, PatchType, Target } from '../../../protocols/kube/api.ts';
import type { ResourceInfo } from '../../../protocols/kube/resources.ts';
import { badRequest, notFound } from '../../../protocols/kube/status.ts';
import { storageKey } from '../../../protocols/kube/storage-keys.ts';
import { applyPatch } from '../patch/index.ts';
import { decodeObject } from '../storage/codec.ts';
import type { RegistryEnv } from './env.ts';
import { fail, readKey, type Step } from './step.ts';
import { replace } from './update.ts';

export function patch(r: ResourceInfo, target: Target, type: PatchType, text: string, options: PatchOptions, env: RegistryEnv): Step {
  if (type === 'apply') return fail(badRequest('server-side apply is not served yet'));
  return readKey(storageKey(r, target.namespace ?? '', target.name ?? ''), (kv) => {
    if (kv === undefined) return fail(notFound({ group: r.group, resource: r.resource }, target.name ?? ''));
    const current = decodeObject(kv);
    const outcome = applyPatch(type, current, text, r, options.fieldValidation ? { fieldValidation: options.fieldValidation } : {});
    if (!outcome.ok) return fail(outcome.status);
    const patched = outcome.object;
    // The stored resourceVersion carried through the patch pins nothing: only one the patch sets does.
    if (patched.metadata?.resourceVersion === current.metadata.resourceVersion) {
      const { resourceVersion: _, ...meta } = patched.metadata;
      patched.metadata = meta;
    }
    return replace(r, target, current, patched, options, env, () => patch(r, target, type, text, options, env), outcome.warnings);
  });
}
