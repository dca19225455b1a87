// The cache's snapshot is copied and patched rather than rebuilt, and carries a summary (nodes
// with affinity pods, image → node count) kept up to date as nodes and pods change. Whatever the
// sequence of changes, the summary must equal one worked out afresh from the list, and a snapshot
// handed out earlier must not change under its holder.

import test from 'ava';
import fc from 'fast-check';
import type { Node, Pod } from '../../../../protocols/kube/objects.ts';
import { assume, emptyCache, forget, removeNode, removePod, setBoundPod, setNode, snapshot } from '../../../../actors/kube-scheduler/cache.ts';
import { affinityPositions, attachedSummary, countImages } from '../../../../actors/kube-scheduler/framework/snapshot-summary.ts';
import type { NodeInfo } from '../../../../actors/kube-scheduler/framework/types.ts';

const NAMES = ['a', 'b', 'c', 'd'];
const IMAGES = ['nginx:1.25', 'busybox:1.36', 'redis:7'];

const node = (name: string, zone: number, images: readonly number[]): Node => ({
  metadata: { name, labels: { 'topology.kubernetes.io/zone': `z${zone}` } },
  status: { allocatable: { cpu: '8', memory: '8Gi', pods: '110' }, images: images.map((i) => ({ names: [IMAGES[i]!], sizeBytes: 100 + i })) },
});

const pod = (i: number, kind: number, nodeName?: string): Pod => ({
  metadata: { name: `p${i}`, namespace: 'default', labels: { app: 'x' } },
  spec: {
    ...(nodeName ? { nodeName } : {}),
    containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '100m' } } }],
    ...(kind === 1 ? { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: { topologyKey: 'z', labelSelector: {} } }] } } } : {}),
    ...(kind === 2 ? { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'z', labelSelector: {} }] } } } : {}),
  },
});

const op = fc.oneof(
  fc.record({ k: fc.constant('node' as const), n: fc.constantFrom(...NAMES), zone: fc.nat(2), images: fc.subarray([0, 1, 2]) }),
  fc.record({ k: fc.constant('removeNode' as const), n: fc.constantFrom(...NAMES) }),
  fc.record({ k: fc.constant('assume' as const), p: fc.nat(5), kind: fc.nat(2), n: fc.constantFrom(...NAMES) }),
  fc.record({ k: fc.constant('bind' as const), p: fc.nat(5), kind: fc.nat(2), n: fc.constantFrom(...NAMES) }),
  fc.record({ k: fc.constant('forget' as const), p: fc.nat(5) }),
  fc.record({ k: fc.constant('delete' as const), p: fc.nat(5) }),
  fc.record({ k: fc.constant('snapshot' as const) }),
);

function fresh(list: readonly NodeInfo[]) {
  const imageNodes = new Map<string, number>();
  for (const info of list) countImages(imageNodes, info, 1);
  return { ...affinityPositions(list), imageNodes: [...imageNodes].sort() };
}

/** What a holder of a snapshot can see of it. */
const view = (list: readonly NodeInfo[]) => list.map((i) => [i.node.metadata!.name, i.pods.length, i.requested.milliCPU, Object.keys(i.imageSizes)]);

test('sched-perf: the snapshot summary equals a fresh count after any changes, and earlier snapshots stay as they were', (t) => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
      const c = emptyCache();
      const held: { list: NodeInfo[]; seen: unknown; summary: unknown }[] = [];
      for (const o of ops) {
        if (o.k === 'node') setNode(c, node(o.n, o.zone, o.images));
        else if (o.k === 'removeNode') removeNode(c, o.n);
        else if (o.k === 'assume') assume(c, pod(o.p, o.kind), o.n);
        else if (o.k === 'bind') setBoundPod(c, pod(o.p, o.kind, o.n));
        else if (o.k === 'forget') forget(c, `default/p${o.p}`);
        else if (o.k === 'delete') removePod(c, `default/p${o.p}`);
        else {
          const list = snapshot(c);
          const s = attachedSummary(list);
          if (s === undefined) return false;
          const want = fresh(list);
          const got = { withAffinity: s.withAffinity, withRequiredAntiAffinity: s.withRequiredAntiAffinity, imageNodes: [...s.imageNodes].sort() };
          t.deepEqual(got, want);
          held.push({ list, seen: view(list), summary: got });
        }
      }
      for (const h of held) {
        t.deepEqual(view(h.list), h.seen);
        const s = attachedSummary(h.list)!;
        t.deepEqual({ withAffinity: s.withAffinity, withRequiredAntiAffinity: s.withRequiredAntiAffinity, imageNodes: [...s.imageNodes].sort() }, h.summary);
      }
      return true;
    }),
    { numRuns: 150 },
  );
});

test('sched-perf: an unchanged cache hands out the same snapshot; a change gives a new list', (t) => {
  const c = emptyCache();
  setNode(c, node('a', 0, []));
  setNode(c, node('b', 1, [0]));
  const first = snapshot(c);
  t.is(snapshot(c), first);
  assume(c, pod(1, 0), 'b');
  const second = snapshot(c);
  t.not(second, first);
  t.is(first[1]!.pods.length, 0);
  t.is(second[1]!.pods.length, 1);
  t.deepEqual([...attachedSummary(second)!.imageNodes], [['nginx:1.25', 1]]);
});

test('sched-perf: a list the cache did not build has no summary', (t) => {
  const c = emptyCache();
  setNode(c, node('a', 0, []));
  t.is(attachedSummary([...snapshot(c)]), undefined);
});
