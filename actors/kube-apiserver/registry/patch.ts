// PATCH: the patch applied to the stored object (json, merge or strategic), then written as an
// update of that object; a patch that names no resourceVersion is retried from a fresh read when
// another write wins the race, as the patcher does. An apply patch (server-side apply) merges the
// applied configuration by field ownership, and creates the object when there is none.

import { parse as parseYaml } from 'yaml';
import type { PatchOptions, PatchType, Target } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import type { ResourceInfo } from '../../../protocols/kube/resources.ts';
import { badRequest, notFound } from '../../../protocols/kube/status.ts';
import { storageKey } from '../../../protocols/kube/storage-keys.ts';
import { apply, type JsonObject, validatePatchOptions } from '../patch/apply/index.ts';
import { applyPatch } from '../patch/index.ts';
import { withPatchedSchemaUnknownFields } from '../crd/field-validation.ts';
import { decodeObject } from '../storage/codec.ts';
import { create } from './create.ts';
import type { RegistryEnv } from './env.ts';
import { fieldManagerContext } from './managed-fields.ts';
import { answer, fail, readKey, type Step } from './step.ts';
import { replace } from './update.ts';

export function patch(r: ResourceInfo, target: Target, type: PatchType, text: string, options: PatchOptions, env: RegistryEnv): Step {
  const refused = validatePatchOptions(type, options);
  if (refused) return fail(refused);
  if (type === 'apply') return serverSideApply(r, target, text, options, env);
  return readKey(storageKey(r, target.namespace ?? '', target.name ?? ''), (kv) => {
    if (kv === undefined) return fail(notFound({ group: r.group, resource: r.resource }, target.name ?? ''));
    const current = decodeObject(kv);
    const patched = applyPatch(type, current, text, r, options.fieldValidation ? { fieldValidation: options.fieldValidation } : {});
    const outcome = withPatchedSchemaUnknownFields(patched, env.strategyFor(r), options.fieldValidation);
    if (!outcome.ok) return fail(outcome.status);
    // A strategic merge works on its own copy of the stored object and of the patch.
    const own = type === 'strategic';
    return replace(r, target, current, unpinned(outcome.object, current), options, env, { retry: () => patch(r, target, type, text, options, env), warnings: outcome.warnings, patched: true, own });
  });
}

/** The stored resourceVersion carried through a patch pins nothing: only one the patch sets does. */
function unpinned(patched: KubeObject, current: KubeObject): KubeObject {
  if (patched.metadata?.resourceVersion !== current.metadata.resourceVersion) return patched;
  const { resourceVersion: _, ...meta } = patched.metadata;
  return { ...patched, metadata: meta };
}

function serverSideApply(r: ResourceInfo, target: Target, text: string, options: PatchOptions, env: RegistryEnv): Step {
  let config: unknown;
  try {
    // YAML 1.1, as sigs.k8s.io/yaml reads an apply body (JSON is YAML).
    config = parseYaml(text, { version: '1.1' });
  } catch (e) {
    return fail(badRequest(`error decoding YAML: ${(e as Error).message.split('\n')[0]}`));
  }
  const manager = options.fieldManager ?? '';
  const ctx = fieldManagerContext(r, target, env);
  return readKey(storageKey(r, target.namespace ?? '', target.name ?? ''), (kv) => {
    const current = kv === undefined ? undefined : decodeObject(kv);
    const result = apply(current as unknown as JsonObject | undefined, config as never, manager, options.force ?? false, ctx);
    if (!result.ok) return fail(result.status);
    const object = result.object as unknown as KubeObject;
    if (current === undefined) {
      if (target.subresource !== undefined) return fail(notFound({ group: r.group, resource: r.resource }, target.name ?? ''));
      return create(r, { ...target, name: undefined }, { ...object, metadata: { ...object.metadata, name: target.name } }, options, env, 1, true);
    }
    if (!result.changed) return answer(200, current);
    return replace(r, target, current, unpinned(object, current), options, env, { retry: () => serverSideApply(r, target, text, options, env), tracked: true, patched: true });
  });
}
