// NamespaceLifecycle: nothing is created or updated in a namespace that does not exist, nothing new
// is created in one being terminated, and the namespaces the cluster itself needs cannot be
// deleted. Deletes of namespaced objects always pass, so a terminating namespace can empty out.

import { notFound } from '../../../protocols/kube/status.ts';
import { admissionForbidden } from './errors.ts';
import type { AdmissionAttributes, AdmissionContext, AdmissionPlugin, Verdict } from './types.ts';

/** default, kube-system and kube-public: the apiserver recreates them and components rely on them. */
export const IMMORTAL_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public']);

/** Reviews that reveal nothing about a namespace must not reveal whether it exists either (asked of every write: no group/resource text is built). */
const isAccessReview = (a: AdmissionAttributes): boolean => a.resource.resource === 'localsubjectaccessreviews' && a.resource.group === 'authorization.k8s.io';

const isNamespaceKind = (a: AdmissionAttributes): boolean => a.resource.group === '' && a.resource.kind === 'Namespace';

function admit(a: AdmissionAttributes, ctx: AdmissionContext): Verdict {
  if (a.operation === 'CONNECT') return undefined;
  if (a.operation === 'DELETE' && isNamespaceKind(a) && IMMORTAL_NAMESPACES.has(a.name)) {
    return admissionForbidden(a, 'this namespace may not be deleted');
  }
  if (isNamespaceKind(a) || a.namespace === '' || a.operation === 'DELETE') return undefined;
  if (isAccessReview(a)) return undefined;

  const ns = ctx.listers.namespace(a.namespace);
  if (ns === undefined) return notFound({ group: '', resource: 'namespaces' }, a.namespace);
  if (a.operation === 'CREATE' && ns.status?.phase === 'Terminating') {
    const denied = admissionForbidden(a, `unable to create new content in namespace ${a.namespace} because it is being terminated`);
    const cause = { reason: 'NamespaceTerminating', message: `namespace ${a.namespace} is being terminated`, field: 'metadata.namespace' };
    return { ...denied, details: { ...denied.details, causes: [...(denied.details?.causes ?? []), cause] } };
  }
  return undefined;
}

export const namespaceLifecycle: AdmissionPlugin = { name: 'NamespaceLifecycle', admit };
