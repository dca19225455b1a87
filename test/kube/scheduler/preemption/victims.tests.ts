// Which pods the dry run names as victims on each node, and the PDB violations it counts: Kubernetes'
// TestDryRunPreemption cases over NodeResourcesFit, PodTopologySpread and InterPodAffinity.

import test from 'ava';
import type { Node, Pod, PodDisruptionBudget } from '../../../../protocols/kube/objects.ts';
import type { RunnerProfile } from '../../../../actors/kube-scheduler/framework/runner.ts';
import { CLUSTER_STATE_KEY, type CycleState, type PluginStatus } from '../../../../actors/kube-scheduler/framework/types.ts';
import { dryRunPreemption } from '../../../../actors/kube-scheduler/plugins/defaultpreemption/candidates.ts';
import { interPodAffinity } from '../../../../actors/kube-scheduler/plugins/interpodaffinity/plugin.ts';
import { podTopologySpread } from '../../../../actors/kube-scheduler/plugins/podtopologyspread/plugin.ts';
import { FIT_PROFILE, HIGH, LARGE, LOW, MEDIUM, MID, SMALL, VERY_LARGE, clusterWith, fit, infos, names, node, pdb, pod } from './fixtures.ts';

interface DryCase {
  readonly title: string;
  readonly preemptor: Pod;
  readonly nodes: readonly Node[];
  readonly pods: readonly Pod[];
  readonly pdbs?: readonly PodDisruptionBudget[];
  /** The filters besides NodeResourcesFit: InterPodAffinity with it, or PodTopologySpread alone. */
  readonly plugins?: 'affinity' | 'spread';
  /** node → victims (as a set) and PDB violations, in candidate order. */
  readonly want: readonly { node: string; victims: string[]; violations?: number }[];
}

const big = (name: string, labels: Record<string, string> = {}): Node => node(name, VERY_LARGE, labels);
const foo = { app: 'foo' };
const fooExists = { matchExpressions: [{ key: 'foo', operator: 'Exists' }] };

const cases: readonly DryCase[] = [
  {
    title: 'a pod that fits on both nodes once the lower-priority pod is gone has a candidate on each',
    preemptor: pod('p', { priority: HIGH, req: LARGE }),
    nodes: [big('node1'), big('node2')],
    pods: [pod('p1', { node: 'node1', priority: MID, req: LARGE }), pod('p2', { node: 'node2', priority: MID, req: LARGE })],
    want: [{ node: 'node1', victims: ['p1'] }, { node: 'node2', victims: ['p2'] }],
  },
  {
    title: 'no preemption when the pods in the way are of higher priority',
    preemptor: pod('p', { priority: LOW, req: LARGE }),
    nodes: [big('node1'), big('node2')],
    pods: [pod('p1', { node: 'node1', priority: MID, req: LARGE }), pod('p2', { node: 'node2', priority: MID, req: LARGE })],
    want: [],
  },
  {
    title: 'the medium-priority pod is preempted; the small lower-priority one stays',
    preemptor: pod('p', { priority: HIGH, req: LARGE }),
    nodes: [big('node1'), big('node2')],
    pods: [
      pod('p1.1', { node: 'node1', priority: LOW, req: SMALL }), pod('p1.2', { node: 'node1', priority: MID, req: LARGE }),
      pod('p2', { node: 'node2', priority: MID, req: LARGE }),
    ],
    want: [{ node: 'node1', victims: ['p1.2'] }, { node: 'node2', victims: ['p2'] }],
  },
  {
    title: 'mixed-priority pods are preempted',
    preemptor: pod('p', { priority: HIGH, req: LARGE }),
    nodes: [big('node1'), big('node2')],
    pods: [
      pod('p1.1', { node: 'node1', priority: MID, req: SMALL }), pod('p1.2', { node: 'node1', priority: LOW, req: SMALL }),
      pod('p1.3', { node: 'node1', priority: MID, req: MEDIUM }), pod('p1.4', { node: 'node1', priority: HIGH, req: SMALL }),
      pod('p2', { node: 'node2', priority: HIGH, req: LARGE }),
    ],
    want: [{ node: 'node1', victims: ['p1.2', 'p1.3'] }],
  },
  {
    title: 'among pods of equal priority the later-started one is preempted',
    preemptor: pod('p', { priority: HIGH, req: LARGE }),
    nodes: [big('node1'), big('node2')],
    pods: [
      pod('p1.1', { node: 'node1', priority: LOW, req: SMALL, start: 5 }), pod('p1.2', { node: 'node1', priority: LOW, req: SMALL, start: 4 }),
      pod('p1.3', { node: 'node1', priority: MID, req: MEDIUM, start: 3 }), pod('p1.4', { node: 'node1', priority: HIGH, req: SMALL, start: 2 }),
      pod('p2', { node: 'node2', priority: HIGH, req: LARGE, start: 1 }),
    ],
    want: [{ node: 'node1', victims: ['p1.1', 'p1.3'] }],
  },
  {
    title: 'a pod whose required anti-affinity rejects the preemptor is preempted',
    preemptor: pod('p', { priority: HIGH, req: SMALL, labels: { foo: '' } }),
    nodes: [big('node1'), big('node2')],
    pods: [
      pod('p1.1', {
        node: 'node1', priority: LOW, req: SMALL, labels: { foo: '' },
        spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: fooExists }] } } },
      }),
      pod('p1.2', { node: 'node1', priority: MID, req: SMALL }), pod('p1.3', { node: 'node1', priority: HIGH, req: SMALL }),
      pod('p2', { node: 'node2', priority: HIGH, req: SMALL }),
    ],
    plugins: 'affinity',
    want: [{ node: 'node1', victims: ['p1.1'] }],
  },
  {
    title: 'preemption resolves a topology spread failure',
    preemptor: pod('p', {
      priority: HIGH, labels: { foo: '' },
      spec: {
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: fooExists },
          { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: fooExists },
        ],
      },
    }),
    nodes: [big('node-a', { zone: 'zone1' }), big('node-b', { zone: 'zone1' }), big('node-x', { zone: 'zone2' })],
    pods: [
      pod('pod-a1', { node: 'node-a', priority: MID, labels: { foo: '' } }), pod('pod-a2', { node: 'node-a', priority: LOW, labels: { foo: '' } }),
      pod('pod-b1', { node: 'node-b', priority: LOW, labels: { foo: '' } }),
      pod('pod-x1', { node: 'node-x', priority: HIGH, labels: { foo: '' } }), pod('pod-x2', { node: 'node-x', priority: HIGH, labels: { foo: '' } }),
    ],
    plugins: 'spread',
    want: [{ node: 'node-a', victims: ['pod-a2'] }, { node: 'node-b', victims: ['pod-b1'] }],
  },
  {
    title: 'preempting two pods of one budget that allows one disruption violates it once',
    preemptor: pod('p', { priority: HIGH, req: VERY_LARGE }),
    nodes: [big('node1')],
    pods: [pod('p1.1', { node: 'node1', priority: MID, req: MEDIUM, labels: foo }), pod('p1.2', { node: 'node1', priority: MID, req: MEDIUM, labels: foo })],
    pdbs: [pdb('pdb', foo, 1)],
    want: [{ node: 'node1', victims: ['p1.1', 'p1.2'], violations: 1 }],
  },
  {
    title: 'a pod already in the budget\'s disruptedPods uses up nothing more',
    preemptor: pod('p', { priority: HIGH, req: VERY_LARGE }),
    nodes: [big('node1')],
    pods: [pod('p1.1', { node: 'node1', priority: MID, req: MEDIUM, labels: foo }), pod('p1.2', { node: 'node1', priority: MID, req: MEDIUM, labels: foo })],
    pdbs: [pdb('pdb', foo, 1, ['p1.2'])],
    want: [{ node: 'node1', victims: ['p1.1', 'p1.2'], violations: 0 }],
  },
  {
    title: 'another pod in disruptedPods does not spare the victims the budget',
    preemptor: pod('p', { priority: HIGH, req: VERY_LARGE }),
    nodes: [big('node1')],
    pods: [pod('p1.1', { node: 'node1', priority: MID, req: MEDIUM, labels: foo }), pod('p1.2', { node: 'node1', priority: MID, req: MEDIUM, labels: foo })],
    pdbs: [pdb('pdb', foo, 1, ['p2'])],
    want: [{ node: 'node1', victims: ['p1.1', 'p1.2'], violations: 1 }],
  },
];

function profileOf(c: DryCase): RunnerProfile {
  const nodesNow = infos(c.nodes, c.pods);
  if (c.plugins === 'affinity') {
    const ipa = interPodAffinity({ listNodes: () => nodesNow, namespaceLabels: () => ({}) });
    return { preFilter: [fit, ipa], filter: [fit, ipa], preScore: [], score: [] };
  }
  if (c.plugins === 'spread') {
    const pts = podTopologySpread({ listNodes: () => nodesNow });
    return { preFilter: [pts], filter: [pts], preScore: [], score: [] };
  }
  return FIT_PROFILE;
}

for (const c of cases) {
  test(`dry run: ${c.title}`, (t) => {
    const nodes = infos(c.nodes, c.pods);
    const state: CycleState = new Map([[CLUSTER_STATE_KEY, clusterWith(c.pdbs ?? [])]]);
    const pdbs = clusterWith(c.pdbs ?? []).podDisruptionBudgets;
    const run = dryRunPreemption({ profile: profileOf(c), state, pod: c.preemptor, nodes, potential: nodes, pdbs, offset: 0, numCandidates: nodes.length });
    t.deepEqual(
      run.candidates.map((x) => ({ node: x.node, victims: names(x.victims).sort(), violations: x.numPDBViolations })),
      c.want.map((w) => ({ node: w.node, victims: [...w.victims].sort(), violations: w.violations ?? 0 })),
    );
    t.deepEqual(run.errors, []);
  });
}

test('dry run: victims come most important first (priority, then earlier start)', (t) => {
  const nodes = infos([big('node1')], [
    pod('a', { node: 'node1', priority: LOW, req: MEDIUM, start: 1 }),
    pod('b', { node: 'node1', priority: MID, req: MEDIUM, start: 9 }),
    pod('c', { node: 'node1', priority: LOW, req: SMALL, start: 2 }),
  ]);
  const run = dryRunPreemption({ profile: FIT_PROFILE, state: new Map(), pod: pod('p', { priority: HIGH, req: VERY_LARGE }), nodes, potential: nodes, pdbs: () => [], offset: 0, numCandidates: 1 });
  t.deepEqual(names(run.candidates[0]?.victims), ['b', 'a', 'c']);
});

test('dry run: victims whose budget would be violated are reprieved first', (t) => {
  // Room for one of the two medium pods: the one under a budget with no disruptions left stays.
  const nodes = infos([big('node1')], [
    pod('guarded', { node: 'node1', priority: LOW, req: MEDIUM, labels: foo, start: 5 }),
    pod('free', { node: 'node1', priority: LOW, req: MEDIUM, start: 1 }),
  ]);
  const run = dryRunPreemption({ profile: FIT_PROFILE, state: new Map(), pod: pod('p', { priority: HIGH, req: LARGE }), nodes, potential: nodes, pdbs: () => [pdb('pdb', foo, 0)], offset: 0, numCandidates: 1 });
  t.deepEqual(names(run.candidates[0]?.victims), ['free']);
  t.is(run.candidates[0]?.numPDBViolations, 0);
});

test('dry run: a node whose pods are all of the preemptor\'s priority or above answers No preemption victims', (t) => {
  const nodes = infos([big('node1')], [pod('a', { node: 'node1', priority: HIGH, req: VERY_LARGE })]);
  const run = dryRunPreemption({ profile: FIT_PROFILE, state: new Map(), pod: pod('p', { priority: HIGH, req: LARGE }), nodes, potential: nodes, pdbs: () => [], offset: 0, numCandidates: 1 });
  t.deepEqual(run.candidates, []);
  t.deepEqual(run.nodeToStatus.node1, { code: 'UnschedulableAndUnresolvable', reasons: ['No preemption victims found for incoming pod'] } satisfies PluginStatus);
});
