// Pods and a pod cache for the watch cache's tests.

import { WatchCache } from '../../../../actors/kube-apiserver/watch-cache/index.ts';
import type { WatchCacheOptions } from '../../../../actors/kube-apiserver/watch-cache/index.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';

export function pod(namespace: string, name: string, labels: Record<string, string> = {}, extra: { nodeName?: string; phase?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { namespace, name, labels },
    spec: { nodeName: extra.nodeName ?? '' },
    status: { phase: extra.phase ?? 'Pending' },
  };
}

export const podFields = (o: KubeObject): Record<string, string> => ({
  'spec.nodeName': (o['spec'] as { nodeName?: string } | undefined)?.nodeName ?? '',
  'status.phase': (o['status'] as { phase?: string } | undefined)?.phase ?? '',
});

export function podCache(options: Partial<WatchCacheOptions> = {}): WatchCache {
  return new WatchCache({ apiVersion: 'v1', kind: 'Pod', namespaced: true, selectableFields: podFields, ...options });
}

export const rv = (o: KubeObject): string | undefined => o.metadata.resourceVersion;
export const names = (items: readonly KubeObject[]): string[] => items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
