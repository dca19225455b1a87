// The admission chain's read-only views of the replica's watch caches.

import type { AdmissionListers } from '../admission/index.ts';
import type { ResourceCaches } from '../cache/caches.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';

function items(caches: ResourceCaches, group: string, resource: string, namespace: string): readonly KubeObject[] {
  const listed = caches.cache({ group, resource })?.list({ namespace, resourceVersion: '0' });
  return listed?.type === 'list' ? listed.list.items : [];
}

export function cacheListers(caches: ResourceCaches): AdmissionListers {
  const one = (group: string, resource: string, namespace: string, name: string) => caches.cache({ group, resource })?.get(namespace, name);
  return {
    namespace: (name) => one('', 'namespaces', '', name) as never,
    limitRanges: (ns) => items(caches, '', 'limitranges', ns) as never,
    resourceQuotas: (ns) => items(caches, '', 'resourcequotas', ns) as never,
    serviceAccount: (ns, name) => one('', 'serviceaccounts', ns, name) as never,
    storageClasses: () => items(caches, 'storage.k8s.io', 'storageclasses', '') as never,
    priorityClasses: () => items(caches, 'scheduling.k8s.io', 'priorityclasses', '') as never,
    pod: (ns, name) => one('', 'pods', ns, name) as never,
    node: (name) => one('', 'nodes', '', name) as never,
    objects: (group, resource, ns) => items(caches, group, resource, ns),
  };
}
