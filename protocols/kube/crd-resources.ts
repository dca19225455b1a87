// The resources a CustomResourceDefinition serves, as table rows: what the apiserver routes and
// caches, and what a client resolves kind names against, once the CRD is Established.

import type { CustomResourceDefinition } from './objects.ts';
import type { ResourceInfo, SubresourceInfo, Verb } from './resources.ts';

const VERBS: readonly Verb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const GET_PATCH_UPDATE: readonly Verb[] = ['get', 'patch', 'update'];

/** Whether the CRD's Established condition is True: only then are its resources served. */
export function isEstablished(crd: CustomResourceDefinition): boolean {
  return (crd.status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True');
}

/** One row per served version; the storage version first, so a kind name resolves to it. */
export function crdResources(crd: CustomResourceDefinition): ResourceInfo[] {
  const { group, names, scope, versions } = crd.spec;
  const served = versions.filter((v) => v.served).sort((a, b) => Number(b.storage) - Number(a.storage));
  return served.map((v) => {
    const subresources: SubresourceInfo[] = [];
    if (v.subresources?.status) subresources.push({ name: 'status', group, version: v.name, kind: names.kind, verbs: GET_PATCH_UPDATE });
    if (v.subresources?.scale) subresources.push({ name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: GET_PATCH_UPDATE });
    return {
      group,
      version: v.name,
      kind: names.kind,
      resource: names.plural,
      singular: names.singular ?? names.kind.toLowerCase(),
      shortNames: names.shortNames ?? [],
      namespaced: scope === 'Namespaced',
      verbs: VERBS,
      categories: names.categories ?? [],
      subresources,
      custom: true,
    };
  });
}
