// The registry: one API call in, the steps that serve it out. Authentication, authorization and
// admission wrap it in the replica; reads that the watch cache can answer never reach it.

import type { ApiCall } from '../../../protocols/kube/api.ts';
import { resourceFor } from '../../../protocols/kube/resources.ts';
import { badRequest } from '../../../protocols/kube/status.ts';
import { create } from './create.ts';
import { remove } from './delete.ts';
import { deleteCollection } from './delete-collection.ts';
import type { RegistryEnv } from './env.ts';
import { patch } from './patch.ts';
import { get, listFromEtcd } from './read.ts';
import { admissionOf, mutateWith, validateWith } from './admission.ts';
import { fail, isStep, type Step } from './step.ts';
import { checkVerb, isStatus, notFoundResource } from './target.ts';
import { bind } from './subresources/binding.ts';
import { evict } from './subresources/eviction.ts';
import { finalizeNamespace } from './subresources/finalize.ts';
import { getScale, patchScale, updateScale } from './subresources/scale.ts';
import { update } from './update.ts';
import { cloneBody } from './body.ts';

export type { RegistryEnv } from './env.ts';
export type { Step } from './step.ts';

/** Subresources the registry serves; the others (logs, exec, proxies, tokens…) come with their components. */
const SERVED_SUBRESOURCES: ReadonlySet<string> = new Set(['status', 'binding', 'eviction', 'finalize']);

const notServed = (resource: string, sub: string) => ({ ...notFoundResource(), message: `the server could not find the requested resource (${resource}/${sub} is not served yet)` });

export function handleCall(call: ApiCall, env: RegistryEnv): Step {
  const r = env.resolve(call.target);
  if (isStatus(r)) return fail(r);
  const refused = checkVerb(r, call.target, call.verb);
  if (refused) return fail(refused);
  const named = call.target.name !== undefined && call.target.name !== '';
  const sub = call.target.subresource;
  if (sub !== undefined && !SERVED_SUBRESOURCES.has(sub) && !(sub === 'scale' && !r.custom)) return fail(notServed(r.resource, sub));
  // The legacy bindings resource binds the pod its Binding names, as pods/binding does.
  if (r.group === '' && r.resource === 'bindings' && call.verb === 'create') {
    const pods = resourceFor('', 'pods')!;
    return bind(pods, { ...call.target, resource: 'pods', name: call.body.metadata?.name ?? '', subresource: 'binding' }, call.body, env);
  }
  if (r.namespaced && call.target.namespace === undefined && call.verb !== 'list') return fail(badRequest('the server could not find the requested resource'));
  if (call.target.subresource === 'scale' && !r.custom) {
    if (call.verb === 'get') return getScale(r, call.target);
    if (call.verb === 'update') return updateScale(r, call.target, call.body, call.options ?? {}, env);
    if (call.verb === 'patch') return patchScale(r, call.target, call.patchType, call.patch, call.options ?? {}, env);
  }
  switch (call.verb) {
    case 'get':
      return get(r, call.target, call.options ?? {});
    case 'list':
      return listFromEtcd(r, call.target, call.options ?? {}, env);
    case 'create': {
      if (call.target.subresource === undefined) return create(r, call.target, call.body, call.options ?? {}, env);
      // A subresource create (binding, eviction) is admitted as a CREATE of what it carries.
      const body = cloneBody(call.body);
      const dryRun = call.options?.dryRun?.includes('All') ?? false;
      const admission = admissionOf(env, { operation: 'CREATE', r, target: call.target, kind: call.body.kind, name: call.target.name ?? '', dryRun }, body);
      const refused = mutateWith(admission);
      if (refused) return refused;
      const admitted = validateWith(admission);
      if (isStep(admitted)) return admitted;
      if (call.target.subresource === 'binding') return bind(r, call.target, body, env);
      return evict(r, call.target, body, env);
    }
    case 'update':
      if (named && call.target.subresource === 'finalize') return finalizeNamespace(r, call.target, call.body, call.options ?? {}, env);
      return named ? update(r, call.target, call.body, call.options ?? {}, env) : fail(badRequest('name is required'));
    case 'delete':
      return remove(r, call.target, call.options ?? {}, env);
    case 'deletecollection':
      return deleteCollection(r, call.target, call.options ?? {}, env);
    case 'patch':
      return named ? patch(r, call.target, call.patchType, call.patch, call.options ?? {}, env) : fail(badRequest('name is required'));
  }
}
