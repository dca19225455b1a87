// Field ownership on every write: which manager (the request's fieldManager, else the caller's
// name, as the apiserver falls back to the user agent) set which fields, and server-side apply's
// view of the kind's lists and maps.

import type { Target } from '../../../protocols/kube/api.ts';
import type { CustomResourceDefinition, KubeObject } from '../../../protocols/kube/objects.ts';
import { apiVersionOf, type ResourceInfo } from '../../../protocols/kube/resources.ts';
import { type ApplySchema, crdSchema, type FieldManagerContext, type JsonObject, kindSchema, trackUpdate, untypedSchema } from '../patch/apply/index.ts';
import { nowText } from './now.ts';
import { ZERO_OBJECTS } from '../patch/apply/zero-objects.ts';
import type { RegistryEnv } from './env.ts';
import { withFields, withoutFields } from './fields.ts';

function schemaOf(r: ResourceInfo, env: RegistryEnv): ApplySchema {
  if (!r.custom) return kindSchema(r);
  const crd = env.list?.('apiextensions.k8s.io', 'customresourcedefinitions', '').find((c) => c.metadata.name === `${r.resource}.${r.group}`) as unknown as CustomResourceDefinition | undefined;
  const schema = crd?.spec.versions.find((v) => v.name === r.version)?.schema?.openAPIV3Schema;
  return schema === undefined ? untypedSchema : crdSchema(schema as never);
}

type StaticContext = Omit<FieldManagerContext, 'now'>;

function staticContext(r: ResourceInfo, target: Target, env: RegistryEnv): StaticContext {
  const hasStatus = r.subresources.some((s) => s.name === 'status');
  const resetFields = target.subresource === 'status' ? [['spec'], ['metadata']] : hasStatus ? [['status']] : [];
  const zero = r.custom || target.subresource ? undefined : ZERO_OBJECTS[`${r.group}/${r.version}/${r.kind}`];
  return {
    schema: schemaOf(r, env),
    apiVersion: apiVersionOf(r),
    kind: r.kind,
    ...(target.subresource ? { subresource: target.subresource } : {}),
    resetFields,
    ...(zero ? { zero } : {}),
  };
}

// A built-in kind's context is the same on every write but for the time: worked out once per
// resource and subresource. (A custom resource's schema follows its CRD, so it is read each time.)
const builtIn = new WeakMap<ResourceInfo, Map<string, StaticContext>>();

export function fieldManagerContext(r: ResourceInfo, target: Target, env: RegistryEnv): FieldManagerContext {
  let fixed: StaticContext | undefined;
  if (r.custom) fixed = staticContext(r, target, env);
  else {
    let bySub = builtIn.get(r);
    if (bySub === undefined) builtIn.set(r, (bySub = new Map()));
    fixed = bySub.get(target.subresource ?? '');
    if (fixed === undefined) bySub.set(target.subresource ?? '', (fixed = staticContext(r, target, env)));
  }
  const now = nowText(env.nowMs);
  const { schema, apiVersion, kind, subresource, resetFields, zero } = fixed;
  if (subresource !== undefined) return { schema, apiVersion, kind, subresource, now, resetFields };
  return zero === undefined ? { schema, apiVersion, kind, now, resetFields } : { schema, apiVersion, kind, now, resetFields, zero };
}

export const managerOf = (fieldManager: string | undefined, env: RegistryEnv): string => fieldManager || env.user?.name || 'unknown';

/** Records `manager`'s write of `next` (over `old`, absent on create) in next's managedFields. */
export function track(r: ResourceInfo, target: Target, old: KubeObject | undefined, next: KubeObject, manager: string, env: RegistryEnv): void {
  const entries = trackUpdate(old as unknown as JsonObject | undefined, next as unknown as JsonObject, manager, fieldManagerContext(r, target, env));
  const meta = withoutFields(next.metadata, ['managedFields']);
  if (entries === undefined) next.metadata = meta;
  // meta is new: the entries go last, as withFields would put them, without a second copy.
  else if (Object.hasOwn(meta, '__proto__')) next.metadata = withFields(meta, { managedFields: entries as never });
  else next.metadata = Object.assign(meta, { managedFields: entries as never });
}
