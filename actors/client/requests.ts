// ApiCalls from the names kubectl accepts (`Pod`, `pods`, `po`, `deployments.apps`, `deploy`)
// or from an object's own apiVersion and kind, so a component writes `get('po', 'web', { namespace })`
// rather than spelling a Target. A name the resource table does not know is an error with
// kubectl's wording; so is a namespace given to a cluster-scoped resource's object request.

import type {
  ApiCall,
  CreateOptions,
  DeleteOptions,
  GetOptions,
  ListOptions,
  PatchOptions,
  PatchType,
  Target,
  UpdateOptions,
} from '../../protocols/kube/api.ts';
import type { KubeObject } from '../../protocols/kube/objects.ts';
import { resolveResource } from '../../protocols/kube/resolve.ts';
import { type ResourceInfo, resourceForKind } from '../../protocols/kube/resources.ts';

export interface Where {
  /** Namespaced resources: the object's namespace; absent on a list means all namespaces. */
  readonly namespace?: string;
  readonly subresource?: string;
}

/** The resource a kubectl-style name stands for; throws with kubectl's message when none does. */
export function resourceFor(kind: string): ResourceInfo {
  const r = resolveResource(kind);
  if (!r.ok) throw new Error(r.message);
  return r.resource;
}

/** The resource serving objects of `apiVersion` and `kind`, as a manifest declares them. */
export function resourceOfObject(obj: Pick<KubeObject, 'apiVersion' | 'kind'>): ResourceInfo {
  const hit = resourceForKind(obj.apiVersion, obj.kind);
  if (!hit) throw new Error(`no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`);
  return hit;
}

/** The Target of `resource`: a namespaced resource's object needs a namespace ('default' if none). */
export function targetOf(r: ResourceInfo, where: Where & { readonly name?: string }): Target {
  const ns = r.namespaced ? (where.namespace ?? (where.name !== undefined ? 'default' : undefined)) : undefined;
  return {
    group: r.group,
    version: r.version,
    resource: r.resource,
    ...(where.subresource === undefined ? {} : { subresource: where.subresource }),
    ...(ns === undefined ? {} : { namespace: ns }),
    ...(where.name === undefined ? {} : { name: where.name }),
  };
}

const objectTarget = (obj: KubeObject, subresource?: string): Target =>
  targetOf(resourceOfObject(obj), { namespace: obj.metadata.namespace, name: obj.metadata.name, ...(subresource ? { subresource } : {}) });

export function getCall(kind: string, name: string, where: Where = {}, options?: GetOptions): ApiCall {
  return { verb: 'get', target: targetOf(resourceFor(kind), { ...where, name }), ...(options ? { options } : {}) };
}

export function listCall(kind: string, where: Where = {}, options?: ListOptions): ApiCall {
  return { verb: 'list', target: targetOf(resourceFor(kind), where), ...(options ? { options } : {}) };
}

/** A create posts to the collection: the name travels in the body (or generateName does). */
export function createCall(obj: KubeObject, options?: CreateOptions): ApiCall {
  const r = resourceOfObject(obj);
  const target = targetOf(r, { namespace: obj.metadata.namespace ?? (r.namespaced ? 'default' : undefined) });
  return { verb: 'create', target, body: obj, ...(options ? { options } : {}) };
}

export function updateCall(obj: KubeObject, options?: UpdateOptions & { readonly subresource?: string }): ApiCall {
  const { subresource, ...rest } = options ?? {};
  return { verb: 'update', target: objectTarget(obj, subresource), body: obj, ...(Object.keys(rest).length > 0 ? { options: rest } : {}) };
}

/** `patch` is the patch document as text (JSON, or YAML for server-side apply). */
export function patchCall(kind: string, name: string, patchType: PatchType, patch: string, where: Where = {}, options?: PatchOptions): ApiCall {
  return { verb: 'patch', target: targetOf(resourceFor(kind), { ...where, name }), patchType, patch, ...(options ? { options } : {}) };
}

export function deleteCall(kind: string, name: string, where: Where = {}, options?: DeleteOptions): ApiCall {
  return { verb: 'delete', target: targetOf(resourceFor(kind), { ...where, name }), ...(options ? { options } : {}) };
}

export function deleteCollectionCall(kind: string, where: Where = {}, options?: DeleteOptions & ListOptions): ApiCall {
  return { verb: 'deletecollection', target: targetOf(resourceFor(kind), where), ...(options ? { options } : {}) };
}
