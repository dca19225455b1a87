// What a new cluster's apiserver creates for itself once its caches are in: the system namespaces
// (kube-apiserver's bootstrap controller) and their `default` ServiceAccounts. Every replica
// tries; a create that finds the object already there is what the others see.
//
// The ServiceAccounts are the service account controller's job in Kubernetes (a
// kube-controller-manager controller, which creates one in every namespace). Until that
// controller runs here, the apiserver makes the ones of the system namespaces, so that pods can
// be admitted there and in `default`.

import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { handleCall } from '../registry/index.ts';
import { runStep } from './etcd.ts';
import type { Shell } from './state.ts';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

/** How often a replica looks again while something it bootstraps is not yet in its caches. */
const RECHECK_MS = 1000;

/**
 * Creates what its caches do not show yet, in dependency order (a ServiceAccount only once its
 * namespace is cached, as admission wants it), and looks again later until everything is there.
 */
export function bootstrap(sh: Shell): void {
  let missing = false;
  for (const ns of SYSTEM_NAMESPACES) {
    const namespace: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } };
    const account: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } };
    if (!ensure(sh, { group: '', version: 'v1', resource: 'namespaces' }, namespace)) missing = true;
    else if (!ensure(sh, { group: '', version: 'v1', resource: 'serviceaccounts', namespace: ns }, account)) missing = true;
  }
  if (missing) sh.ctx.timers.once('bootstrap', RECHECK_MS, { type: 'Listed' });
}

/** Whether the object is cached; when not, asks for its creation. */
function ensure(sh: Shell, target: { group: string; version: string; resource: string; namespace?: string }, obj: KubeObject): boolean {
  if (sh.s.caches.cache(target)?.get(target.namespace ?? '', obj.metadata.name ?? '') !== undefined) return true;
  runStep(sh, handleCall({ verb: 'create', target, body: obj }, sh.env), () => undefined);
  return false;
}
