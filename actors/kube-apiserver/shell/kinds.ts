// What the registry needs per resource beyond the built-in tables: a custom resource's strategy
// (from its CRD's schema for the version served, which only the replica's caches know), and for
// Services, allocators kept in etcd.

import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { CustomResourceDefinition } from '../../../protocols/kube/objects.ts';
import type { ResourceInfo } from '../../../protocols/kube/resources.ts';
import { allocatingServiceWrite, DEFAULT_SERVICE_ALLOCATOR_CONFIG } from '../allocators/index.ts';
import type { ResourceCaches } from '../cache/caches.ts';
import { customResourceStrategy } from '../crd/index.ts';
import { strategyFor as builtinStrategy } from '../strategies/index.ts';
import { handleCall, type RegistryEnv, type Step } from '../registry/index.ts';
import type { Strategy } from '../strategies/types.ts';

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

/**
 * The registry's handling of `call`; a write of Services takes and frees their ClusterIPs and
 * NodePorts in etcd's RangeAllocations, which every replica shares.
 */
export function serviceStep(call: ApiCall, env: RegistryEnv): Step {
  if (!writesServices(call)) return handleCall(call, env);
  const takes = call.verb !== 'delete' && call.verb !== 'deletecollection';
  return allocatingServiceWrite((allocators) => handleCall(call, allocators ? { ...env, allocators } : env), takes, { config: DEFAULT_SERVICE_ALLOCATOR_CONFIG, pick: env.pick });
}

export const writesServices = (call: ApiCall): boolean =>
  call.target.group === '' && call.target.resource === 'services' && call.target.subresource === undefined && call.verb !== 'get' && call.verb !== 'list';
