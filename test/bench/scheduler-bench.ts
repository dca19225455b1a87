// The scheduling core alone, as scheduler_perf's SchedulingBasic measures it: N nodes, M pods
// with requests, the default profile; each pod through one scheduling cycle over the cache's
// snapshot and assumed onto its node. No actors, no apiserver: the pods/s of the decision itself.

import type { Node, Pod } from '../../protocols/kube/objects.ts';
import { assume, emptyCache, setNode, snapshot } from '../../actors/kube-scheduler/cache.ts';
import { scheduleOne } from '../../actors/kube-scheduler/framework/runner.ts';
import { CLUSTER_STATE_KEY, type ClusterObjects } from '../../actors/kube-scheduler/framework/types.ts';
import { inTreeRegistry, type ClusterView } from '../../actors/kube-scheduler/registry.ts';
import { setUp } from '../../actors/kube-scheduler/shell/setup.ts';
import { Rng } from '../../runtime/index.ts';

const node = (i: number): Node => ({
  metadata: { name: `node-${i}`, labels: { 'kubernetes.io/hostname': `node-${i}`, 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
  status: { allocatable: { cpu: '32', memory: '128Gi', pods: '110' }, capacity: { cpu: '32', memory: '128Gi', pods: '110' } },
});

const pod = (i: number): Pod => ({
  metadata: { name: `pod-${i}`, namespace: 'default', uid: `uid-${i}` },
  spec: { schedulerName: 'default-scheduler', containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '100m', memory: '500Mi' } } }] },
});

/** No claims, volumes, classes or budgets: what VolumeBinding and VolumeZone read, empty as in SchedulingBasic. */
const noClusterObjects: ClusterObjects = {
  persistentVolumeClaim: () => undefined,
  persistentVolumes: () => [],
  storageClass: () => undefined,
  podDisruptionBudgets: () => [],
};

export function schedulerCore(nodes = 5000, pods = 10_000): { perWallSec: number; scheduled: number } {
  const view: ClusterView = { nodes: [], namespaceLabels: () => ({}), ownerSelectors: () => [] };
  const { profiles } = setUp(undefined, inTreeRegistry(view));
  const profile = profiles.get('default-scheduler')!;
  const cache = emptyCache();
  for (let i = 0; i < nodes; i++) setNode(cache, node(i));
  const rng = new Rng(1);
  let startIndex = 0;
  let scheduled = 0;
  const t0 = performance.now();
  for (let i = 0; i < pods; i++) {
    const p = pod(i);
    const infos = snapshot(cache);
    view.nodes = infos;
    // The shell seeds every cycle with the cluster objects; without them VolumeBinding's PreFilter errors.
    const state = new Map<string, unknown>([[CLUSTER_STATE_KEY, noClusterObjects]]);
    const out = scheduleOne({ profile: profile.runner, pod: p, nodes: infos, startIndex, pick: (n) => rng.int(n), state });
    startIndex = out.nextStartIndex;
    if (out.kind === 'scheduled') {
      assume(cache, p, out.node);
      scheduled++;
    }
  }
  const secs = (performance.now() - t0) / 1000;
  return { perWallSec: pods / secs, scheduled };
}
