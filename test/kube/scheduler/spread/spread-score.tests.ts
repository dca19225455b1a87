// PodTopologySpread scoring: cases after Kubernetes' scoring_test.go, with the expected numbers
// worked out from the documented formula (count × log(domains + 2) + maxSkew − 1, rounded, then
// normalized as 100 × (max + min − score) / max) and the cluster's default constraints.

import test from 'ava';
import { computeScoreState, normalizeScores, scoreNode } from '../../../../actors/kube-scheduler/plugins/podtopologyspread/scoring.ts';
import { podTopologySpread } from '../../../../actors/kube-scheduler/plugins/podtopologyspread/plugin.ts';
import type { DefaultingArgs } from '../../../../actors/kube-scheduler/plugins/podtopologyspread/constraints.ts';
import type { NodeInfo } from '../../../../actors/kube-scheduler/framework/types.ts';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { selectorFromSet } from '../../../../protocols/kube/validation/index.ts';
import { type Constraint, cluster, nameOf, node, pod, spread } from './fixtures.ts';

const HOST = 'kubernetes.io/hostname';
const four = [node('node-a', { zone: 'zone1' }), node('node-b', { zone: 'zone1' }), node('node-x', { zone: 'zone2' }), node('node-y', { zone: 'zone2' })];
const foo = (i: number): Pod => pod(`p${i}`, { foo: '' });
const soft = (key: string, maxSkew: number): Constraint => spread(key, maxSkew, { foo: '' }, { whenUnsatisfiable: 'ScheduleAnyway' });
const withSoft = (...cs: Constraint[]): Pod => pod('p', { foo: '' }, { topologySpreadConstraints: cs });

function scores(incoming: Pod, filtered: readonly NodeInfo[], all: readonly NodeInfo[] = filtered, args: DefaultingArgs = {}): Record<string, number> | undefined {
  const s = computeScoreState(incoming, filtered, all, args);
  if (s === undefined) return undefined;
  const raw = filtered.map((n) => ({ name: nameOf(n), score: scoreNode(s, incoming, n) }));
  return Object.fromEntries(normalizeScores(s, raw).map((r) => [r.name, r.score]));
}

test('spread score: one constraint on node, no existing pods', (t) => {
  t.deepEqual(scores(withSoft(soft(HOST, 1)), cluster(four.slice(0, 2), {}, foo)), { 'node-a': 100, 'node-b': 100 });
});

test('spread score: one constraint on node, all 4 nodes are candidates', (t) => {
  t.deepEqual(scores(withSoft(soft(HOST, 1)), cluster(four, { 'node-a': 2, 'node-b': 1, 'node-y': 3 }, foo)), { 'node-a': 20, 'node-b': 60, 'node-x': 100, 'node-y': 0 });
});

test('spread score: one constraint on zone, the emptier zone wins', (t) => {
  t.deepEqual(scores(withSoft(soft('zone', 1)), cluster(four, { 'node-a': 1, 'node-b': 2, 'node-x': 1 }, foo)), { 'node-a': 25, 'node-b': 25, 'node-x': 100, 'node-y': 100 });
});

test('spread score: a larger maxSkew softens the difference', (t) => {
  t.deepEqual(scores(withSoft(soft(HOST, 3)), cluster(four.slice(0, 2), { 'node-a': 1 }, foo)), { 'node-a': 66, 'node-b': 100 });
});

test('spread score: candidates lacking the topology key are ignored and score 0', (t) => {
  const nodes = cluster([node('node-a', { zone: 'zone1' }), node('node-b'), node('node-x', { zone: 'zone2' })], { 'node-a': 1 }, foo);
  t.deepEqual(scores(withSoft(soft('zone', 1)), nodes), { 'node-a': 0, 'node-b': 0, 'node-x': 100 });
});

test('spread score: pods on nodes that are not candidates still count for their domain', (t) => {
  const all = cluster(four, { 'node-b': 3, 'node-x': 1 }, foo);
  t.deepEqual(scores(withSoft(soft('zone', 1)), [all[0]!, all[2]!], all), { 'node-a': 25, 'node-x': 100 });
});

test('spread score: DoNotSchedule constraints are not scored', (t) => {
  const incoming = pod('p', { foo: '' }, { topologySpreadConstraints: [spread(HOST, 1, { foo: '' })] });
  t.is(scores(incoming, cluster(four, { 'node-a': 1 }, foo)), undefined);
});

const defaults: DefaultingArgs = { defaultSelector: (p) => (p.metadata?.labels?.app === 'web' ? selectorFromSet({ app: 'web' }) : undefined) };
const web = (i: number): Pod => pod(`web-${i}`, { app: 'web' });

test('spread score: system default constraints spread a selected pod by hostname even without zone labels', (t) => {
  const nodes = cluster([node('node-a'), node('node-b')], { 'node-a': 2 }, web);
  t.deepEqual(scores(pod('p', { app: 'web' }), nodes, nodes, defaults), { 'node-a': 40, 'node-b': 100 });
});

test('spread score: no default constraints for a pod nothing selects, nor for one with constraints of its own', (t) => {
  const nodes = cluster([node('node-a'), node('node-b')], { 'node-a': 2 }, web);
  t.is(scores(pod('p', { app: 'db' }), nodes, nodes, defaults), undefined);
  t.is(scores(pod('p', { app: 'web' }, { topologySpreadConstraints: [spread(HOST, 1, { app: 'web' })] }), nodes, nodes, defaults), undefined);
});

test('spread score: configured default constraints require every topology key', (t) => {
  const nodes = cluster([node('node-a', { zone: 'z1' }), node('node-b')], { 'node-a': 2 }, web);
  const args: DefaultingArgs = { ...defaults, defaultConstraints: [{ topologyKey: 'zone', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway' }] };
  // node-b lacks the zone label, so it is ignored: 0 after normalizing.
  t.deepEqual(scores(pod('p', { app: 'web' }), nodes, nodes, args), { 'node-a': 100, 'node-b': 0 });
});

test('spread score: the plugin skips at PreScore without soft constraints and scores through the cycle state', (t) => {
  const nodes = cluster(four, { 'node-a': 2, 'node-b': 1, 'node-y': 3 }, foo);
  const plugin = podTopologySpread({ listNodes: () => nodes });
  t.is(plugin.preScore(new Map(), pod('p'), nodes).code, 'Skip');
  const state = new Map();
  const incoming = withSoft(soft(HOST, 1));
  t.is(plugin.preScore(state, incoming, nodes).code, 'Success');
  const raw = nodes.map((n) => ({ name: nameOf(n), score: plugin.score(state, incoming, n).score }));
  t.deepEqual(raw.map((r) => r.score), [4, 2, 0, 5]);
  t.deepEqual(plugin.normalize!(state, incoming, raw).map((r) => r.score), [20, 60, 100, 0]);
});
