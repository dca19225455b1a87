// The admission chain's read-only views of the replica's watch caches.

import type { AdmissionListers } from '../admission/index.ts';
import type { ResourceCaches } from '../cache/caches.ts';

// A replica's caches live as long as it does: their listers are built once, not per message.
const built = new WeakMap<ResourceCaches, AdmissionListers>();

export function cacheListers(caches: ResourceCaches): AdmissionListers {
  let listers = built.get(caches);
  if (listers === undefined) built.set(caches, (listers = buildListers(caches)));
  return listers;
}

function buildListers(caches: ResourceCaches): AdmissionListers {
  const one = (group: string, resource: string, namespace: string, name: string) => caches.cache({ group, resource })?.get(namespace, name);
  return {
    namespace: (name) => one('', 'namespaces', '', name) as never,
    limitRanges: (ns) => caches.items('', 'limitranges', ns) as never,
    resourceQuotas: (ns) => caches.items('', 'resourcequotas', ns) as never,
    serviceAccount: (ns, name) => one('', 'serviceaccounts', ns, name) as never,
    storageClasses: () => caches.items('storage.k8s.io', 'storageclasses', '') as never,
    priorityClasses: () => caches.items('scheduling.k8s.io', 'priorityclasses', '') as never,
    pod: (ns, name) => one('', 'pods', ns, name) as never,
    node: (name) => one('', 'nodes', '', name) as never,
    objects: (group, resource, ns) => caches.items(group, resource, ns),
  };
}
