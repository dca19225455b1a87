// The scale subresource of Deployments, ReplicaSets and StatefulSets: an autoscaling/v1 Scale
// read from the parent, and a write of one that changes the parent's spec.replicas (as the
// scale handlers of pkg/registry/apps do), with the Scale's resourceVersion as the precondition.

import type { ApiResult, PatchOptions, PatchType, Target, UpdateOptions } from '../../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import type { ResourceInfo } from '../../../../protocols/kube/resources.ts';
import { invalid, notFound } from '../../../../protocols/kube/status.ts';
import { storageKey } from '../../../../protocols/kube/storage-keys.ts';
import { applyPatch } from '../../patch/index.ts';
import { decodeObject } from '../../storage/codec.ts';
import { fromScale, toScale, validateScale } from '../../strategies/workloads/index.ts';
import type { RegistryEnv } from '../env.ts';
import { andThen, answer, fail, readKey, type Step } from '../step.ts';
import { replace } from '../update.ts';

const SCALE_KIND = { group: 'autoscaling', version: 'v1', kind: 'Scale' };

function readParent(r: ResourceInfo, target: Target, then: (parent: KubeObject) => Step): Step {
  return readKey(storageKey(r, target.namespace ?? '', target.name ?? ''), (kv) =>
    kv === undefined ? fail(notFound({ group: r.group, resource: r.resource }, target.name ?? '')) : then(decodeObject(kv)),
  );
}

export const getScale = (r: ResourceInfo, target: Target): Step => readParent(r, target, (parent) => answer(200, toScale(parent)));

export function updateScale(r: ResourceInfo, target: Target, scale: KubeObject, options: UpdateOptions, env: RegistryEnv): Step {
  const errs = validateScale(scale);
  if (errs.length > 0) return fail(invalid({ group: SCALE_KIND.group, kind: SCALE_KIND.kind }, target.name ?? '', errs));
  return readParent(r, target, (parent) => writeScale(r, target, parent, scale, options, env, () => updateScale(r, target, scale, options, env)));
}

export function patchScale(r: ResourceInfo, target: Target, type: PatchType, text: string, options: PatchOptions, env: RegistryEnv): Step {
  return readParent(r, target, (parent) => {
    const patched = applyPatch(type === 'apply' ? 'merge' : type, toScale(parent), text, SCALE_KIND);
    if (!patched.ok) return fail(patched.status);
    const errs = validateScale(patched.object);
    if (errs.length > 0) return fail(invalid({ group: SCALE_KIND.group, kind: SCALE_KIND.kind }, target.name ?? '', errs));
    // The stored version carried through the patch pins nothing.
    const { resourceVersion: _, ...meta } = patched.object.metadata;
    return writeScale(r, target, parent, { ...patched.object, metadata: meta }, options, env, () => patchScale(r, target, type, text, options, env));
  });
}

function writeScale(r: ResourceInfo, target: Target, parent: KubeObject, scale: KubeObject, options: UpdateOptions, env: RegistryEnv, retry: () => Step): Step {
  const scaled = fromScale(parent, scale, { group: r.group, resource: r.resource });
  if (!scaled.ok) return fail(scaled.status);
  return andThen(replace(r, { ...target, subresource: undefined }, parent, scaled.object, options, env, { retry }), answeredAsScale);
}

/** The parent's update, answered as the Scale of what it stored. */
const answeredAsScale = (result: ApiResult): Step => (result.ok ? answer(200, toScale(result.body as KubeObject), result.warnings) : { kind: 'done', result });
