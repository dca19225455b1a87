// Kubernetes' image_locality_test nodes (node 1: gcr.io/40 40Mi, gcr.io/300 300Mi, gcr.io/2000
// 2000Mi; node 2: gcr.io/250 250Mi, gcr.io/10 10Mi), scored with the 1.32 thresholds: 23Mi and
// 1000Mi per container.
import test from 'ava';
import { buildNodeInfo } from '../../../../actors/kube-scheduler/framework/nodeinfo.ts';
import type { NodeInfo } from '../../../../actors/kube-scheduler/framework/types.ts';
import {
  calculatePriority,
  createImageLocality,
  MAX_CONTAINER_THRESHOLD,
  MIN_THRESHOLD,
  normalizedImageName,
} from '../../../../actors/kube-scheduler/plugins/imagelocality.ts';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { container, node, pod } from './fixtures.ts';

const MB = 1024 * 1024;
const N1 = buildNodeInfo(
  node('machine1', {}, [
    { names: ['gcr.io/40:latest', 'gcr.io/40:v1'], sizeBytes: 40 * MB },
    { names: ['gcr.io/300:latest', 'gcr.io/300:v1'], sizeBytes: 300 * MB },
    { names: ['gcr.io/2000:latest'], sizeBytes: 2000 * MB },
  ]),
  [],
);
const N2 = buildNodeInfo(
  node('machine2', {}, [
    { names: ['gcr.io/250:latest'], sizeBytes: 250 * MB },
    { names: ['gcr.io/10:latest', 'gcr.io/10:v1'], sizeBytes: 10 * MB },
  ]),
  [],
);
const N3 = buildNodeInfo(node('machine3', {}), []);
const images = (...names: string[]): Pod => pod(names.map((image) => container({}, { image })));

function scores(p: Pod, nodes: NodeInfo[]): number[] {
  const plugin = createImageLocality();
  const state = new Map<string, unknown>();
  plugin.preScore(state, p, nodes);
  return nodes.map((n) => plugin.score(state, p, n).score);
}

const cases: [string, Pod, NodeInfo[], number[]][] = [
  // 250Mi × ½ = 125Mi → 100 × (125 − 23) / (2000 − 23) = 5.
  ['two images spread on two nodes, prefer the larger image one', images('gcr.io/40', 'gcr.io/250'), [N1, N2], [0, 5]],
  // (40 + 300) × ½ = 170Mi → 7.
  ['two images on one node, prefer this node', images('gcr.io/40', 'gcr.io/300'), [N1, N2], [7, 0]],
  // 2000 × ½ = 1000Mi → 49.
  ['if exceed limit, use limit', images('gcr.io/10', 'gcr.io/2000'), [N1, N2], [49, 0]],
  // 2000 × ⅓ → 32.
  ['if exceed limit, use limit (with node which has no images present)', images('gcr.io/10', 'gcr.io/2000'), [N1, N2, N3], [32, 0, 0]],
  ['a tagged image matches only that tag', images('gcr.io/300:v1', 'gcr.io/40:v2'), [N1, N2], [Math.trunc((100 * (150 * MB - MIN_THRESHOLD)) / (2000 * MB - MIN_THRESHOLD)), 0]],
];

for (const [name, p, nodes, want] of cases) {
  test(`image locality: ${name}`, (t) => {
    t.deepEqual(scores(p, nodes), want);
  });
}

test('image locality: init containers count in the sum and in the threshold', (t) => {
  const p = pod([container({}, { image: 'gcr.io/300' })], [container({}, { image: 'gcr.io/2000' })]);
  // (300 + 2000) × ½ = 1150Mi of 2000Mi → 100 × (1150 − 23) / 1977 = 57.
  t.deepEqual(scores(p, [N1, N2]), [57, 0]);
});

test('image locality: a given snapshot, not the PreScore nodes, decides the spread', (t) => {
  const plugin = createImageLocality(() => [N1, N2, N3]);
  const state = new Map<string, unknown>();
  const p = images('gcr.io/10', 'gcr.io/2000');
  plugin.preScore(state, p, [N1]);
  t.is(plugin.score(state, p, N1).score, 32);
});

test('image locality: normalized names add :latest only when no tag follows the last slash', (t) => {
  t.is(normalizedImageName('nginx'), 'nginx:latest');
  t.is(normalizedImageName('nginx:1.25'), 'nginx:1.25');
  t.is(normalizedImageName('registry:5000/team/app'), 'registry:5000/team/app:latest');
  t.is(normalizedImageName('registry:5000/team/app:v2'), 'registry:5000/team/app:v2');
});

test('image locality: calculatePriority clamps to [23Mi, 1000Mi × containers]', (t) => {
  t.is(calculatePriority(0, 1), 0);
  t.is(calculatePriority(MIN_THRESHOLD, 1), 0);
  t.is(calculatePriority(MAX_CONTAINER_THRESHOLD, 1), 100);
  t.is(calculatePriority(5 * MAX_CONTAINER_THRESHOLD, 2), 100);
});
