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
  return {
    namespace: (name) => caches.object('', 'namespaces', '', name) as never,
    limitRanges: (ns) => caches.items('', 'limitranges', ns) as never,
    resourceQuotas: (ns) => caches.items('', 'resourcequotas', ns) as never,
    serviceAccount: (ns, name) => caches.object('', 'serviceaccounts', ns, name) as never,
    storageClasses: () => caches.items('storage.k8s.io', 'storageclasses', '') as never,
    priorityClasses: () => caches.items('scheduling.k8s.io', 'priorityclasses', '') as never,
    pod: (ns, name) => caches.object('', 'pods', ns, name) as never,
    node: (name) => caches.object('', 'nodes', '', name) as never,
    objects: (group, resource, ns) => caches.items(group, resource, ns),
  };
}
