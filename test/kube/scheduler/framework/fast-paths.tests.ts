// The shortcuts taken for speed must answer as the long ways do: NodeResourcesFit's Filter passes a
// node exactly when fitsRequest finds nothing short, and a whole attempt of the default profile
// over the cache's snapshot (with its summary) decides and explains exactly as over a plain copy
// of the same list (where plugins count over every node).

import test from 'ava';
import fc from 'fast-check';
import type { Node, Pod } from '../../../../protocols/kube/objects.ts';
import { assume, emptyCache, setNode, snapshot } from '../../../../actors/kube-scheduler/cache.ts';
import { buildNodeInfo } from '../../../../actors/kube-scheduler/framework/nodeinfo.ts';
import { resultAnnotations } from '../../../../actors/kube-scheduler/framework/explain.ts';
import { scheduleOne } from '../../../../actors/kube-scheduler/framework/runner.ts';
import { CLUSTER_STATE_KEY, type ClusterObjects, type CycleState } from '../../../../actors/kube-scheduler/framework/types.ts';
import { computePodResourceRequest, createFit, fitsRequest } from '../../../../actors/kube-scheduler/plugins/noderesources/fit.ts';
import { inTreeRegistry, type ClusterView } from '../../../../actors/kube-scheduler/registry.ts';
import { setUp } from '../../../../actors/kube-scheduler/shell/setup.ts';

const GPU = 'example.com/gpu';
const amount = fc.constantFrom('0', '1', '2', '3');
const requests = fc.record({ cpu: amount, memory: fc.constantFrom('0', '1Ki', '2Ki'), 'ephemeral-storage': amount, [GPU]: amount, 'hugepages-2Mi': amount }, { requiredKeys: [] });
const podWith = (name: string, reqs: Record<string, string>): Pod => ({
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'c', image: 'x', resources: { requests: reqs } }] },
});

test('sched-perf: NodeResourcesFit\'s Filter passes a node exactly when fitsRequest finds nothing short, with the same reasons otherwise', (t) => {
  fc.assert(
    fc.property(requests, requests, fc.array(requests, { maxLength: 3 }), fc.nat(4), fc.boolean(), (want, alloc, existing, maxPods, ignoreGpu) => {
      const args = ignoreGpu ? { ignoredResources: [GPU] } : {};
      const node: Node = { metadata: { name: 'n' }, status: { allocatable: { ...alloc, pods: String(maxPods) } } };
      const info = buildNodeInfo(node, existing.map((r, i) => podWith(`e${i}`, r)));
      const p = podWith('p', want);
      const fit = createFit(args);
      const state: CycleState = new Map();
      fit.preFilter(state, p, [info]);
      const short = fitsRequest(computePodResourceRequest(p), info, args);
      const got = fit.filter(state, p, info);
      t.is(got.code, short.length === 0 ? 'Success' : 'Unschedulable');
      t.deepEqual(got.reasons, short.map((s) => s.reason));
    }),
    { numRuns: 300 },
  );
});

const noClusterObjects: ClusterObjects = { persistentVolumeClaim: () => undefined, persistentVolumes: () => [], storageClass: () => undefined, podDisruptionBudgets: () => [] };

const arbPod = fc.record({
  image: fc.constantFrom('nginx:1.25', 'redis', 'busybox:1.36'),
  cpu: fc.constantFrom('100m', '1', '3'),
  affinity: fc.constantFrom('none', 'preferred', 'required', 'anti', 'preferredAnti'),
  app: fc.constantFrom('a', 'b'),
});

function specOf(i: number, a: { image: string; cpu: string; affinity: string; app: string }): Pod {
  const term = { topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchLabels: { app: 'a' } } };
  const affinity = {
    none: undefined,
    preferred: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term }] } },
    required: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } },
    anti: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ ...term, topologyKey: 'kubernetes.io/hostname' }] } },
    preferredAnti: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term }] } },
  }[a.affinity];
  return {
    metadata: { name: `p${i}`, namespace: 'default', uid: `u${i}`, labels: { app: a.app } },
    spec: { containers: [{ name: 'c', image: a.image, resources: { requests: { cpu: a.cpu } } }], ...(affinity ? { affinity } : {}) },
  };
}

test('sched-perf: an attempt over the cache\'s snapshot decides and explains as over a plain copy of it', (t) => {
  fc.assert(
    fc.property(fc.array(arbPod, { minLength: 1, maxLength: 25 }), fc.nat(1000), (pods, seed) => {
      const view: ClusterView = { nodes: [], namespaceLabels: () => ({}), ownerSelectors: () => [] };
      const profile = setUp(undefined, inTreeRegistry(view)).profiles.get('default-scheduler')!;
      const cache = emptyCache();
      for (let i = 0; i < 12; i++) {
        setNode(cache, {
          metadata: { name: `n${i}`, labels: { 'kubernetes.io/hostname': `n${i}`, 'topology.kubernetes.io/zone': `z${i % 3}` } },
          status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, images: i % 2 === 0 ? [{ names: ['nginx:1.25'], sizeBytes: 400 * 1024 * 1024 }] : [] },
        });
      }
      let start = seed % 12;
      for (const [i, a] of pods.entries()) {
        const p = specOf(i, a);
        const list = snapshot(cache);
        const run = (nodes: typeof list) => {
          view.nodes = nodes;
          let r = seed + i;
          const out = scheduleOne({ profile: profile.runner, pod: p, nodes, startIndex: start, pick: (n) => (r = (r * 31 + 7) % 9973) % n, state: new Map([[CLUSTER_STATE_KEY, noClusterObjects]]) });
          const explained = out.kind === 'error' ? out.message : JSON.stringify(resultAnnotations(out.record, out.kind === 'scheduled' ? out.node : undefined));
          return { out: { ...out, record: undefined }, explained };
        };
        const fast = run(list);
        const plain = run([...list]);
        t.deepEqual(fast, plain);
        start = fast.out.nextStartIndex;
        if (fast.out.kind === 'scheduled') assume(cache, p, fast.out.node);
      }
    }),
    { numRuns: 40 },
  );
});
