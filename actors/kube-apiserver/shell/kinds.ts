// What the registry needs per resource that only the replica's caches know: a custom resource's
// strategy (from its CRD's schema for the version served), and for Services, allocators that
// know every ClusterIP and NodePort taken, those of this replica's own writes not yet cached
// included.

import type { CustomResourceDefinition, KubeObject } from '../../../protocols/kube/objects.ts';
import type { ResourceInfo } from '../../../protocols/kube/resources.ts';
import { DEFAULT_SERVICE_ALLOCATOR_CONFIG, ServiceAllocators } from '../allocators/index.ts';
import type { ResourceCaches } from '../cache/caches.ts';
import { customResourceStrategy } from '../crd/index.ts';
import { strategyFor as builtinStrategy } from '../strategies/index.ts';
import type { Allocators, Strategy } from '../strategies/types.ts';

const CRDS = { group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' };

/** Strategies of custom resources, kept while their CRD is unchanged. */
export class Strategies {
  private readonly custom = new Map<string, { readonly rv: string; readonly strategy: Strategy }>();

  constructor(private readonly caches: ResourceCaches) {}

  readonly strategyFor = (r: ResourceInfo): Strategy => {
    if (!r.custom) return builtinStrategy(r);
    const crd = this.caches.cache(CRDS)?.get('', `${r.resource}.${r.group}`) as unknown as CustomResourceDefinition | undefined;
    const version = crd?.spec.versions.find((v) => v.name === r.version);
    if (crd === undefined || version === undefined) return builtinStrategy(r);
    const key = `${r.group}/${r.resource}/${r.version}`;
    const rv = crd.metadata?.resourceVersion ?? '';
    const known = this.custom.get(key);
    if (known?.rv === rv) return known.strategy;
    const strategy = customResourceStrategy(version);
    this.custom.set(key, { rv, strategy });
    return strategy;
  };
}

/** A Service written by this replica, held until the cache has caught up with its write. */
export interface HeldService {
  readonly revision: number;
  readonly service: KubeObject;
}

/** Allocators for one Service write: the cached Services' values and the held ones are taken. */
export function serviceAllocators(caches: ResourceCaches, held: HeldService[], pick: (n: number) => number): Allocators & { rollback(): void } {
  const services = caches.cache({ group: '', resource: 'services' });
  const revision = services?.revision ?? 0;
  const stillHeld = held.filter((h) => h.revision > revision);
  held.splice(0, held.length, ...stillHeld);
  return ServiceAllocators.fromServices([...caches.items('', 'services'), ...stillHeld.map((h) => h.service)], DEFAULT_SERVICE_ALLOCATOR_CONFIG, pick).begin();
}
