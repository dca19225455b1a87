// What a new cluster's apiserver creates for itself once its caches are in: the system namespaces
// (kube-apiserver's bootstrap controller), the default RBAC policy (its rbac/bootstrap-roles
// post-start hook), the built-in group/versions' APIServices (the aggregator's autoregister) and
// the `kubernetes` Service. Every replica tries; a create that finds the object already there is
// what the others see.
//
// The system:node ClusterRoleBinding has no subjects, as Kubernetes makes it: kubelets are
// authorized by the Node authorizer (shell/access.ts), and NodeRestriction admission keeps each
// to its own Node and pods.
//
// Namespaces' `default` ServiceAccounts are kube-controller-manager's service account
// controller's to make: an apiserver alone admits no pod until one exists (as Kubernetes).

import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { RESOURCES } from '../../../protocols/kube/resources.ts';
import { builtinAPIServices } from '../aggregation/priorities.ts';
import { bootstrapPolicy } from '../auth/index.ts';
import { handleCall } from '../registry/index.ts';
import { runStep } from './etcd.ts';
import { serviceStep } from './kinds.ts';
import type { Shell } from './state.ts';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

/** How often a replica looks again while something it bootstraps is not yet in its caches. */
const RECHECK_MS = 1000;

/**
 * Creates what its caches do not show yet, in dependency order (namespaced objects only once
 * their namespace is cached, as admission wants it), and looks again later until all is there.
 */
export function bootstrap(sh: Shell): void {
  let missing = false;
  for (const ns of SYSTEM_NAMESPACES) {
    const namespace: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } };
    if (!ensure(sh, { group: '', version: 'v1', resource: 'namespaces' }, namespace)) missing = true;
  }
  const rbac = RBAC_POLICY;
  const rbacTarget = (resource: string, namespace?: string) => ({ group: RBAC, version: 'v1', resource, ...(namespace ? { namespace } : {}) });
  for (const o of rbac.clusterRoles) if (!ensure(sh, rbacTarget('clusterroles'), o as unknown as KubeObject)) missing = true;
  for (const o of rbac.clusterRoleBindings) if (!ensure(sh, rbacTarget('clusterrolebindings'), o as unknown as KubeObject)) missing = true;
  for (const o of [...rbac.roles, ...rbac.roleBindings]) {
    const resource = o.kind === 'Role' ? 'roles' : 'rolebindings';
    const ns = o.metadata?.namespace ?? '';
    // Namespaced policy waits for its namespace, as admission wants.
    if (sh.s.caches.cache({ group: '', resource: 'namespaces' })?.get('', ns) === undefined) missing = true;
    else if (!ensure(sh, rbacTarget(resource, ns), o as unknown as KubeObject)) missing = true;
  }
  // The APIServices of the built-in group/versions (kube-aggregator's autoregister, at start-up).
  for (const o of BUILTIN_API_SERVICES) if (!ensure(sh, { group: 'apiregistration.k8s.io', version: 'v1', resource: 'apiservices' }, o)) missing = true;
  // The `kubernetes` Service, the apiserver's own, first in the Service range (its endpoints come
  // with the endpoint reconciler, once nodes have addresses).
  if (sh.s.caches.cache({ group: '', resource: 'namespaces' })?.get('', 'default') === undefined) missing = true;
  else if (!ensure(sh, { group: '', version: 'v1', resource: 'services', namespace: 'default' }, KUBERNETES_SERVICE, true)) missing = true;
  if (missing) sh.ctx.timers.once('bootstrap', RECHECK_MS, { type: 'Listed' });
}

const KUBERNETES_SERVICE: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
  spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], sessionAffinity: 'None' },
};

const RBAC = 'rbac.authorization.k8s.io';
const BUILTIN_API_SERVICES = builtinAPIServices(RESOURCES);
const RBAC_POLICY = bootstrapPolicy();

/** Whether the object is cached; when not, asks for its creation. */
function ensure(sh: Shell, target: { group: string; version: string; resource: string; namespace?: string }, obj: KubeObject, allocates = false): boolean {
  if (sh.s.caches.cache(target)?.get(target.namespace ?? '', obj.metadata.name ?? '') !== undefined) return true;
  const call = { verb: 'create' as const, target, body: obj };
  runStep(sh, allocates ? serviceStep(call, sh.env) : handleCall(call, sh.env), () => undefined);
  return false;
}
