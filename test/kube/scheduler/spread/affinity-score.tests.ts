// InterPodAffinity scoring: cases after Kubernetes' interpodaffinity scoring_test.go: preferred
// affinity and anti-affinity of the incoming pod, existing pods' terms toward it (required at
// hardPodAffinityWeight, preferred at their weights), normalized to [0, 100].

import test from 'ava';
import { type AffinityScoreArgs, computeScoreState, normalizeScores, scoreNode } from '../../../../actors/kube-scheduler/plugins/interpodaffinity/scoring.ts';
import { interPodAffinity } from '../../../../actors/kube-scheduler/plugins/interpodaffinity/plugin.ts';
import type { NodeInfo } from '../../../../actors/kube-scheduler/framework/types.ts';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { bareNode, info, nameOf, pod } from './fixtures.ts';

const term = (value: string, topologyKey = 'region') => ({ labelSelector: { matchExpressions: [{ key: 'security', operator: 'In', values: [value] }] }, topologyKey });
const preferred = (kind: 'podAffinity' | 'podAntiAffinity', weight: number, value = 'S1') => ({ affinity: { [kind]: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight, podAffinityTerm: term(value) }] } } });
const allNamespaces = () => ({});

function scores(incoming: Pod, nodes: readonly NodeInfo[], args: AffinityScoreArgs = {}): Record<string, number> | undefined {
  const s = computeScoreState(incoming, nodes, allNamespaces, args);
  if (s === undefined) return undefined;
  return Object.fromEntries(normalizeScores(nodes.map((n) => ({ name: nameOf(n), score: scoreNode(s, n) }))).map((r) => [r.name, r.score]));
}

const s1 = (spec: Partial<NonNullable<Pod['spec']>> = {}): Pod => pod('p1', { security: 'S1' }, spec);
const threeNodes = (onNode1: Pod = s1()): NodeInfo[] => [
  info(bareNode('node1', { region: 'China' }), [onNode1]),
  info(bareNode('node2', { region: 'India' }), [pod('p2', { security: 'S2' })]),
  info(bareNode('node3', { az: 'az1' }), [pod('p3', { security: 'S1' })]),
];

test('affinity score: pods matching the term in the topology get the high score; nodes without the key get 0', (t) => {
  t.deepEqual(scores(pod('p', {}, preferred('podAffinity', 5)), threeNodes()), { node1: 100, node2: 0, node3: 0 });
});

test('affinity score: every node of the matching topology domain scores the same', (t) => {
  const nodes = [info(bareNode('node1', { region: 'China' }), [s1()]), info(bareNode('node2', { region: 'China' })), info(bareNode('node3', { region: 'India' }))];
  t.deepEqual(scores(pod('p', {}, preferred('podAffinity', 5)), nodes), { node1: 100, node2: 100, node3: 0 });
});

test('affinity score: preferred anti-affinity pushes the pod away from the matching domain', (t) => {
  t.deepEqual(scores(pod('p', {}, preferred('podAntiAffinity', 5)), threeNodes()), { node1: 0, node2: 100, node3: 100 });
});

test("affinity score: an existing pod's required affinity to the incoming pod counts at hardPodAffinityWeight", (t) => {
  const hard = s1({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('S1')] } } });
  t.deepEqual(scores(pod('p', { security: 'S1' }), threeNodes(hard)), { node1: 100, node2: 0, node3: 0 });
  t.is(scores(pod('p', { security: 'S1' }), threeNodes(hard), { hardPodAffinityWeight: 0 }), undefined);
});

test("affinity score: an existing pod's preferred anti-affinity toward the incoming pod counts against its domain", (t) => {
  t.deepEqual(scores(pod('p', { security: 'S1' }), threeNodes(s1(preferred('podAntiAffinity', 5)))), { node1: 0, node2: 100, node3: 100 });
});

test('affinity score: weights of several terms add up per node before normalizing', (t) => {
  const nodes = [info(bareNode('node1', { region: 'China' }), [s1()]), info(bareNode('node2', { region: 'India' }), [pod('p2', { security: 'S2' })]), info(bareNode('node3', { region: 'Japan' }))];
  const incoming = pod('p', {}, { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 8, podAffinityTerm: term('S1') }, { weight: 2, podAffinityTerm: term('S2') }] } } });
  // Raw 8, 2, 0: (s − 0) / 8 × 100, truncated.
  t.deepEqual(scores(incoming, nodes), { node1: 100, node2: 25, node3: 0 });
});

test("affinity score: ignorePreferredTermsOfExistingPods skips a pod with no preferences of its own", (t) => {
  const existing = s1(preferred('podAntiAffinity', 5));
  t.is(scores(pod('p', { security: 'S1' }), threeNodes(existing), { ignorePreferredTermsOfExistingPods: true }), undefined);
  t.deepEqual(scores(pod('p', { security: 'S1' }, preferred('podAffinity', 5)), threeNodes(existing), { ignorePreferredTermsOfExistingPods: true }), { node1: 0, node2: 0, node3: 0 });
});

test('affinity score: nothing to score without preferred terms or existing pods with affinity', (t) => {
  t.is(scores(pod('p', { security: 'S1' }), threeNodes()), undefined);
});

test('affinity score: the plugin skips at PreScore when no domain got weight and scores through the cycle state', (t) => {
  const nodes = threeNodes();
  const plugin = interPodAffinity({ listNodes: () => nodes, namespaceLabels: allNamespaces });
  t.is(plugin.preScore(new Map(), pod('p'), nodes).code, 'Skip');
  const state = new Map();
  const incoming = pod('p', {}, preferred('podAffinity', 5));
  t.is(plugin.preScore(state, incoming, nodes).code, 'Success');
  const raw = nodes.map((n) => ({ name: nameOf(n), score: plugin.score(state, incoming, n).score }));
  t.deepEqual(raw.map((r) => r.score), [5, 0, 0]);
  t.deepEqual(plugin.normalize!(state, incoming, raw).map((r) => r.score), [100, 0, 0]);
});
