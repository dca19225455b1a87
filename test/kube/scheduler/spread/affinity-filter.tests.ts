// InterPodAffinity Filter: cases after Kubernetes' interpodaffinity filtering_test.go
// (TestRequiredAffinitySingleNode and TestRequiredAffinityMultipleNodes), with its reasons.

import test from 'ava';
import { computeFilterState, filterNode } from '../../../../actors/kube-scheduler/plugins/interpodaffinity/filtering.ts';
import { interPodAffinity } from '../../../../actors/kube-scheduler/plugins/interpodaffinity/plugin.ts';
import type { NamespaceLabels } from '../../../../actors/kube-scheduler/plugins/interpodaffinity/terms.ts';
import type { NodeInfo } from '../../../../actors/kube-scheduler/framework/types.ts';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import { info, nameOf, node, pod } from './fixtures.ts';

type Term = { labelSelector?: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] }; topologyKey: string; namespaces?: string[]; namespaceSelector?: { matchLabels?: Record<string, string> } };

const inTerm = (key: string, values: string[], topologyKey = 'region', extra: Partial<Term> = {}): Term => ({ labelSelector: { matchExpressions: [{ key, operator: 'In', values }] }, topologyKey, ...extra });
const withAffinity = (labels: Record<string, string>, affinity: Term[], anti: Term[] = [], namespace = 'default'): Pod =>
  pod('incoming', labels, {
    affinity: {
      ...(affinity.length > 0 ? { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: affinity } } : {}),
      ...(anti.length > 0 ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: anti } } : {}),
    },
  }, namespace);

const NAMESPACES: Record<string, Record<string, string>> = { default: {}, ns1: {}, 'team-a': { team: 'a' } };
const namespaces: NamespaceLabels = (ns) => (Object.hasOwn(NAMESPACES, ns) ? NAMESPACES[ns] : undefined);

function verdict(incoming: Pod, nodes: readonly NodeInfo[], target = 0, ns: NamespaceLabels = namespaces): string {
  const s = computeFilterState(incoming, nodes, ns);
  if (s === undefined) return 'Skip';
  const v = filterNode(s, nodes[target]!, ns);
  return v.ok ? 'Success' : `${v.code}: ${v.reason}`;
}

const node1 = node('machine1', { region: 'r1', zone: 'z11' });
const existing = (labels: Record<string, string>, spec: Partial<NonNullable<Pod['spec']>> = {}, namespace = 'default'): Pod => pod('existing', labels, spec, namespace);
const AFFINITY = "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules";
const ANTI = "Unschedulable: node(s) didn't match pod anti-affinity rules";
const EXISTING = "Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules";

const cases: readonly { title: string; pod: Pod; nodes: NodeInfo[]; want: string }[] = [
  { title: 'affinity filter: a pod without affinity rules is skipped on a node with no pods', pod: pod('p'), nodes: [info(node1)], want: 'Skip' },
  {
    title: 'affinity filter: In operator matching the existing pod',
    pod: withAffinity({}, [inTerm('service', ['securityscan', 'value2'])]),
    nodes: [info(node1, [existing({ service: 'securityscan' })])],
    want: 'Success',
  },
  {
    title: 'affinity filter: NotIn operator satisfied by the existing pod',
    pod: withAffinity({}, [{ labelSelector: { matchExpressions: [{ key: 'service', operator: 'NotIn', values: ['securityscan3', 'value3'] }] }, topologyKey: 'region' }]),
    nodes: [info(node1, [existing({ service: 'securityscan' })])],
    want: 'Success',
  },
  {
    title: 'affinity filter: the existing pod is in another namespace',
    pod: withAffinity({}, [inTerm('service', ['securityscan'], 'region', { namespaces: ['DiffNameSpace'] })]),
    nodes: [info(node1, [existing({ service: 'securityscan' }, {}, 'ns1')])],
    want: AFFINITY,
  },
  {
    title: 'affinity filter: the labelSelector does not match the existing pod',
    pod: withAffinity({}, [inTerm('service', ['antivirusscan', 'value2'])]),
    nodes: [info(node1, [existing({ service: 'securityscan' })])],
    want: AFFINITY,
  },
  {
    title: 'affinity filter: every term must be matched by the same existing pod',
    pod: withAffinity({}, [inTerm('service', ['securityscan']), inTerm('team', ['a'], 'zone')]),
    nodes: [info(node1, [existing({ service: 'securityscan' }), existing({ team: 'a' })])],
    want: AFFINITY,
  },
  {
    title: 'affinity filter: satisfies affinity but not its own anti-affinity',
    pod: withAffinity({}, [inTerm('service', ['securityscan'])], [inTerm('service', ['securityscan'], 'zone')]),
    nodes: [info(node1, [existing({ service: 'securityscan' })])],
    want: ANTI,
  },
  {
    title: "affinity filter: satisfies its own rules but not the existing pod's anti-affinity (symmetry)",
    pod: withAffinity({ service: 'securityscan' }, [inTerm('service', ['securityscan'])]),
    nodes: [info(node1, [existing({ service: 'securityscan' }, { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [inTerm('service', ['securityscan'], 'zone')] } } })])],
    want: EXISTING,
  },
  {
    title: "affinity filter: a pod with no rules of its own still respects existing pods' anti-affinity",
    pod: pod('incoming', { service: 'securityscan' }),
    nodes: [info(node1, [existing({ app: 'x' }, { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [inTerm('service', ['securityscan'], 'zone')] } } })])],
    want: EXISTING,
  },
  {
    title: 'affinity filter: the first pod of a group with affinity to itself may go anywhere with the key',
    pod: withAffinity({ service: 'securityscan' }, [inTerm('service', ['securityscan'])]),
    nodes: [info(node1)],
    want: 'Success',
  },
  {
    title: 'affinity filter: the first pod of a group still needs the topology key on the node',
    pod: withAffinity({ service: 'securityscan' }, [inTerm('service', ['securityscan'], 'rack')]),
    nodes: [info(node1)],
    want: AFFINITY,
  },
  {
    title: 'affinity filter: anti-affinity against a pod in another domain passes',
    pod: withAffinity({}, [], [inTerm('service', ['securityscan'], 'region')]),
    nodes: [info(node1), info(node('machine2', { region: 'r2' }), [existing({ service: 'securityscan' })])],
    want: 'Success',
  },
  {
    title: 'affinity filter: affinity to a pod in the same region on another node passes',
    pod: withAffinity({}, [inTerm('service', ['securityscan'], 'region')]),
    nodes: [info(node1), info(node('machine2', { region: 'r1' }), [existing({ service: 'securityscan' })])],
    want: 'Success',
  },
  {
    title: 'affinity filter: namespaceSelector picks the existing pod by its namespace labels',
    pod: withAffinity({}, [inTerm('service', ['securityscan'], 'region', { namespaceSelector: { matchLabels: { team: 'a' } } })]),
    nodes: [info(node1, [existing({ service: 'securityscan' }, {}, 'team-a')])],
    want: 'Success',
  },
  {
    title: 'affinity filter: namespaceSelector that selects other namespaces misses the pod',
    pod: withAffinity({}, [inTerm('service', ['securityscan'], 'region', { namespaceSelector: { matchLabels: { team: 'b' } } })]),
    nodes: [info(node1, [existing({ service: 'securityscan' }, {}, 'team-a')])],
    want: AFFINITY,
  },
  {
    title: 'affinity filter: an empty namespaceSelector selects every namespace',
    pod: withAffinity({}, [], [inTerm('service', ['securityscan'], 'region', { namespaceSelector: {} })]),
    nodes: [info(node1, [existing({ service: 'securityscan' }, {}, 'ns1')])],
    want: ANTI,
  },
];

for (const c of cases) test(c.title, (t) => t.is(verdict(c.pod, c.nodes), c.want));

test('affinity filter: the plugin reports the reason and skips when nothing constrains the pod', (t) => {
  const nodes = [info(node1, [existing({ service: 'securityscan' })]), info(node('machine2', { region: 'r2' }))];
  const plugin = interPodAffinity({ listNodes: () => nodes, namespaceLabels: namespaces });
  t.is(plugin.preFilter(new Map(), pod('p'), nodes).status.code, 'Skip');
  const state = new Map();
  const incoming = withAffinity({}, [], [inTerm('service', ['securityscan'])]);
  t.is(plugin.preFilter(state, incoming, nodes).status.code, 'Success');
  t.deepEqual(nodes.map((n) => [nameOf(n), plugin.filter(state, incoming, n)]), [
    ['machine1', { code: 'Unschedulable', reasons: ["node(s) didn't match pod anti-affinity rules"] }],
    ['machine2', { code: 'Success', reasons: [] }],
  ]);
});
