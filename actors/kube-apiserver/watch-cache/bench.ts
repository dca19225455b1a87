// The figure listPods10kMs measures: one list of n cached pods, all namespaces, no selector. The
// setup is done here; the returned function is the timed part (the bench harness owns the clock).

import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { WatchCache } from './watch-cache.ts';

export function benchPod(i: number, revision: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${String(i).padStart(6, '0')}`, namespace: `ns-${i % 10}`, uid: `uid-${i}`, resourceVersion: String(revision), labels: { app: `app-${i % 7}` } },
    spec: { nodeName: `node-${i % 100}`, containers: [{ name: 'c', image: 'nginx' }] },
    status: { phase: 'Running' },
  };
}

/** A cache holding n pods; the function lists them all and returns how many it got. */
export function listBench(n: number): () => number {
  const cache = new WatchCache({
    apiVersion: 'v1',
    kind: 'Pod',
    namespaced: true,
    selectableFields: (o) => ({ 'spec.nodeName': String((o['spec'] as { nodeName?: string } | undefined)?.nodeName ?? '') }),
  });
  const pods: KubeObject[] = [];
  for (let i = 0; i < n; i++) pods.push(benchPod(i, i + 2));
  cache.replace(pods, n + 1);
  return () => {
    const out = cache.list({ resourceVersion: '0' });
    if (out.type !== 'list') throw new Error(`listBench: ${out.type}`);
    return out.list.items.length;
  };
}
