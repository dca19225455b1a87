// PodTopologySpread Filter: cases after Kubernetes' filtering_test.go (TestSingleConstraint,
// TestMultipleConstraints, minDomains and the node inclusion policies), outcomes worked out from
// the documented rule: matching pods in the domain + self − global minimum ≤ maxSkew.

import test from 'ava';
import { computeFilterState, filterNode } from '../../../../actors/kube-scheduler/plugins/podtopologyspread/filtering.ts';
import { podTopologySpread } from '../../../../actors/kube-scheduler/plugins/podtopologyspread/plugin.ts';
import type { NodeInfo } from '../../../../actors/kube-scheduler/framework/types.ts';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { type Constraint, bareNode, cluster, info, nameOf, node, pod, spread } from './fixtures.ts';

const ZONE = 'zone';
const HOST = 'kubernetes.io/hostname';
const four = [node('node-a', { zone: 'zone1' }), node('node-b', { zone: 'zone1' }), node('node-x', { zone: 'zone2' }), node('node-y', { zone: 'zone2' })];
const foo = (i: number): Pod => pod(`p${i}`, { foo: '' });

function verdicts(incoming: Pod, nodes: readonly NodeInfo[]): Record<string, string> {
  const s = computeFilterState(incoming, nodes);
  return Object.fromEntries(nodes.map((n) => {
    const v = filterNode(s, incoming, n);
    return [nameOf(n), v.ok ? 'Success' : v.code];
  }));
}

const withSpread = (...cs: Constraint[]): Pod => pod('p', { foo: '' }, { topologySpreadConstraints: cs });

const cases: readonly { title: string; pod: Pod; nodes: NodeInfo[]; want: Record<string, string> }[] = [
  {
    title: 'spread filter: no existing pods, every node fits',
    pod: withSpread(spread(ZONE, 1, { foo: '' })),
    nodes: cluster(four, {}, foo),
    want: { 'node-a': 'Success', 'node-b': 'Success', 'node-x': 'Success', 'node-y': 'Success' },
  },
  {
    title: 'spread filter: pods in another namespace do not count',
    pod: withSpread(spread(ZONE, 1, { foo: '' })),
    nodes: cluster(four, { 'node-a': 1, 'node-b': 2 }, (i) => pod(`q${i}`, { foo: '' }, {}, 'ns1')),
    want: { 'node-a': 'Success', 'node-b': 'Success', 'node-x': 'Success', 'node-y': 'Success' },
  },
  {
    title: 'spread filter: zones at 3/3, every node fits',
    pod: withSpread(spread(ZONE, 1, { foo: '' })),
    nodes: cluster(four, { 'node-a': 1, 'node-b': 2, 'node-x': 2, 'node-y': 1 }, foo),
    want: { 'node-a': 'Success', 'node-b': 'Success', 'node-x': 'Success', 'node-y': 'Success' },
  },
  {
    title: "spread filter: zones at 1/2 because node-b has no zone label",
    pod: withSpread(spread(ZONE, 1, { foo: '' })),
    nodes: cluster([node('node-a', { zone: 'zone1' }), node('node-b'), node('node-x', { zone: 'zone2' }), node('node-y', { zone: 'zone2' })], { 'node-a': 1, 'node-b': 1, 'node-y': 2 }, foo),
    want: { 'node-a': 'Success', 'node-b': 'UnschedulableAndUnresolvable', 'node-x': 'Unschedulable', 'node-y': 'Unschedulable' },
  },
  {
    title: "spread filter: no node has the 'rack' label",
    pod: withSpread(spread('rack', 1, { foo: '' })),
    nodes: cluster(four, { 'node-a': 1 }, foo),
    want: { 'node-a': 'UnschedulableAndUnresolvable', 'node-b': 'UnschedulableAndUnresolvable', 'node-x': 'UnschedulableAndUnresolvable', 'node-y': 'UnschedulableAndUnresolvable' },
  },
  {
    title: 'spread filter: nodes at 2/1/0/3, only node-x fits',
    pod: withSpread(spread(HOST, 1, { foo: '' })),
    nodes: cluster(four, { 'node-a': 2, 'node-b': 1, 'node-y': 3 }, foo),
    want: { 'node-a': 'Unschedulable', 'node-b': 'Unschedulable', 'node-x': 'Success', 'node-y': 'Unschedulable' },
  },
  {
    title: 'spread filter: nodes at 2/1/0/3 with maxSkew 2, node-b and node-x fit',
    pod: withSpread(spread(HOST, 2, { foo: '' })),
    nodes: cluster(four, { 'node-a': 2, 'node-b': 1, 'node-y': 3 }, foo),
    want: { 'node-a': 'Unschedulable', 'node-b': 'Success', 'node-x': 'Success', 'node-y': 'Unschedulable' },
  },
  {
    title: "spread filter: nodes at 2/1/0/3 but the pod does not match its own selector",
    pod: pod('p', { bar: '' }, { topologySpreadConstraints: [spread(HOST, 1, { foo: '' })] }),
    nodes: cluster(four, { 'node-a': 2, 'node-b': 1, 'node-y': 3 }, foo),
    want: { 'node-a': 'Unschedulable', 'node-b': 'Success', 'node-x': 'Success', 'node-y': 'Unschedulable' },
  },
  {
    title: 'spread filter: terminating pods do not count',
    pod: withSpread(spread(HOST, 1, { foo: '' })),
    nodes: [info(four[0]!, [{ ...foo(1), metadata: { ...foo(1).metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } }]), info(four[1]!)],
    want: { 'node-a': 'Success', 'node-b': 'Success' },
  },
  {
    title: 'spread filter: an empty labelSelector counts no existing pod yet matches the pod itself',
    pod: withSpread(spread(HOST, 1, {})),
    nodes: cluster(four.slice(0, 2), { 'node-a': 3 }, foo),
    want: { 'node-a': 'Success', 'node-b': 'Success' },
  },
  {
    title: 'spread filter: two constraints, zone and node, only node-x fits',
    pod: withSpread(spread(ZONE, 1, { foo: '' }), spread(HOST, 1, { foo: '' })),
    nodes: cluster(four, { 'node-a': 1, 'node-b': 1, 'node-y': 1 }, foo),
    want: { 'node-a': 'Unschedulable', 'node-b': 'Unschedulable', 'node-x': 'Success', 'node-y': 'Unschedulable' },
  },
  {
    title: 'spread filter: fewer domains than minDomains makes the global minimum 0',
    pod: withSpread(spread(HOST, 2, { foo: '' }, { minDomains: 4 })),
    nodes: cluster(four.slice(0, 3), { 'node-a': 2, 'node-b': 2, 'node-x': 1 }, foo),
    want: { 'node-a': 'Unschedulable', 'node-b': 'Unschedulable', 'node-x': 'Success' },
  },
  {
    title: 'spread filter: as many domains as minDomains keeps the real minimum',
    pod: withSpread(spread(HOST, 2, { foo: '' }, { minDomains: 3 })),
    nodes: cluster(four.slice(0, 3), { 'node-a': 2, 'node-b': 2, 'node-x': 1 }, foo),
    want: { 'node-a': 'Success', 'node-b': 'Success', 'node-x': 'Success' },
  },
];

for (const c of cases) test(c.title, (t) => t.deepEqual(verdicts(c.pod, c.nodes), c.want));

test('spread filter: nodeAffinityPolicy Honor counts only the nodes the pod could go to', (t) => {
  const nodes = cluster([node('node-a', { zone: 'zone1', foo: '' }), node('node-b', { zone: 'zone1', foo: '' }), node('node-x', { zone: 'zone2' }), node('node-y', { zone: 'zone2' })], { 'node-a': 1 }, foo);
  const honor = pod('p', { foo: '' }, { nodeSelector: { foo: '' }, topologySpreadConstraints: [spread(ZONE, 1, { foo: '' })] });
  // zone2 is not a domain the pod could land in, so the minimum is zone1's 1 and node-a fits.
  t.is(verdicts(honor, nodes)['node-a'], 'Success');
  const ignore = pod('p', { foo: '' }, { nodeSelector: { foo: '' }, topologySpreadConstraints: [spread(ZONE, 1, { foo: '' }, { nodeAffinityPolicy: 'Ignore' })] });
  t.is(verdicts(ignore, nodes)['node-a'], 'Unschedulable');
});

test('spread filter: nodeTaintsPolicy Honor leaves out domains of untolerated taints', (t) => {
  const taint = [{ key: 'k', value: 'v', effect: 'NoSchedule' }];
  const nodes = cluster([node('node-a', { zone: 'zone1' }), node('node-x', { zone: 'zone2' }, taint)], { 'node-a': 1 }, foo);
  t.is(verdicts(withSpread(spread(ZONE, 1, { foo: '' })), nodes)['node-a'], 'Unschedulable');
  t.is(verdicts(withSpread(spread(ZONE, 1, { foo: '' }, { nodeTaintsPolicy: 'Honor' })), nodes)['node-a'], 'Success');
  const tolerating = pod('p', { foo: '' }, { tolerations: [{ key: 'k', operator: 'Exists' }], topologySpreadConstraints: [spread(ZONE, 1, { foo: '' }, { nodeTaintsPolicy: 'Honor' })] });
  t.is(verdicts(tolerating, nodes)['node-a'], 'Unschedulable');
});

test('spread filter: matchLabelKeys counts only pods with the same value of the key', (t) => {
  const v1 = (i: number): Pod => pod(`v1-${i}`, { foo: '', 'pod-template-hash': 'v1' });
  const nodes = cluster(four.slice(0, 2), { 'node-a': 3 }, v1);
  const incoming = pod('p', { foo: '', 'pod-template-hash': 'v2' }, { topologySpreadConstraints: [spread(HOST, 1, { foo: '' }, { matchLabelKeys: ['pod-template-hash'] })] });
  t.deepEqual(verdicts(incoming, nodes), { 'node-a': 'Success', 'node-b': 'Success' });
  const same = pod('p', { foo: '', 'pod-template-hash': 'v1' }, { topologySpreadConstraints: [spread(HOST, 1, { foo: '' }, { matchLabelKeys: ['pod-template-hash'] })] });
  t.deepEqual(verdicts(same, nodes), { 'node-a': 'Unschedulable', 'node-b': 'Success' });
});

test('spread filter: the plugin skips pods without DoNotSchedule constraints and words its reasons as Kubernetes does', (t) => {
  const nodes = cluster([node('node-a', { zone: 'zone1' }), node('node-x', { zone: 'zone2' }), bareNode('node-z', {})], { 'node-a': 2 }, foo);
  const plugin = podTopologySpread({ listNodes: () => nodes });
  t.is(plugin.preFilter(new Map(), pod('p', { foo: '' }), nodes).status.code, 'Skip');
  const state = new Map();
  const incoming = withSpread(spread(ZONE, 1, { foo: '' }));
  t.is(plugin.preFilter(state, incoming, nodes).status.code, 'Success');
  t.deepEqual(plugin.filter(state, incoming, nodes[0]!), { code: 'Unschedulable', reasons: ["node(s) didn't match pod topology spread constraints"] });
  t.deepEqual(plugin.filter(state, incoming, nodes[1]!), { code: 'Success', reasons: [] });
  t.deepEqual(plugin.filter(state, incoming, nodes[2]!), { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match pod topology spread constraints (missing required label)"] });
});
