// How many nodes the dry run looks for candidates on and where it starts (DefaultPreemptionArgs,
// GetOffsetAndNumCandidates), the args' validation, and the helpers the shell uses around a
// preemption (the victims' DisruptionTarget condition, lower-priority nominations to clear).

import test from 'ava';
import { DEFAULT_PREEMPTION_ARGS, numCandidates, preemptionArgs, validatePreemptionArgs } from '../../../../actors/kube-scheduler/plugins/defaultpreemption/args.ts';
import { dryRunPreemption } from '../../../../actors/kube-scheduler/plugins/defaultpreemption/candidates.ts';
import { lowerPriorityNominatedPods, preemptionCondition, terminatingByPreemption } from '../../../../actors/kube-scheduler/plugins/defaultpreemption/eligibility.ts';
import { FIT_PROFILE, HIGH, LOW, MID, ONE_POD, infos, names, node, pdb, pod, preempt } from './fixtures.ts';

test('args: defaults are 10% and 100 nodes', (t) => {
  t.deepEqual(DEFAULT_PREEMPTION_ARGS, { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 });
  t.deepEqual(preemptionArgs({ minCandidateNodesPercentage: 40 }), { minCandidateNodesPercentage: 40, minCandidateNodesAbsolute: 100 });
});

const counts: readonly [pct: number, abs: number, nodes: number, want: number][] = [
  [10, 100, 0, 0],
  [10, 100, 50, 50],
  [10, 100, 1000, 100],
  [40, 100, 1000, 400],
  [0, 100, 1000, 100],
  [10, 0, 1000, 100],
  [10, 0, 25, 2],
  [100, 0, 7, 7],
];
for (const [pct, abs, n, want] of counts) {
  test(`args: ${pct}% with a floor of ${abs} over ${n} nodes gives ${want} candidates`, (t) => {
    t.is(numCandidates({ minCandidateNodesPercentage: pct, minCandidateNodesAbsolute: abs }, n), want);
  });
}

test('args: validation words errors as ValidateDefaultPreemptionArgs does', (t) => {
  t.deepEqual(validatePreemptionArgs(DEFAULT_PREEMPTION_ARGS), []);
  t.deepEqual(validatePreemptionArgs({ minCandidateNodesPercentage: 101, minCandidateNodesAbsolute: -1 }, 'profiles[0].pluginConfig[0].args'), [
    'profiles[0].pluginConfig[0].args.minCandidateNodesPercentage: Invalid value: 101: not in valid range [0, 100]',
    'profiles[0].pluginConfig[0].args.minCandidateNodesAbsolute: Invalid value: -1: not in valid range [0, inf)',
  ]);
  t.deepEqual(validatePreemptionArgs({ minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 0 }), [
    'minCandidateNodesPercentage: Invalid value: 0: cannot be zero at the same time as minCandidateNodesAbsolute',
    'minCandidateNodesAbsolute: Invalid value: 0: cannot be zero at the same time as minCandidateNodesPercentage',
  ]);
});

// Five one-pod nodes each running a low-priority pod: every node is a candidate.
const five = () => {
  const nodes = ['n0', 'n1', 'n2', 'n3', 'n4'].map((n) => node(n, ONE_POD));
  return infos(nodes, nodes.map((n) => pod(`v-${n.metadata!.name}`, { node: n.metadata!.name!, priority: LOW, labels: { app: n.metadata!.name! } })));
};

test('sampling: the dry run starts at the offset, wraps around, and stops once it has enough', (t) => {
  const nodes = five();
  const run = (offset: number) => dryRunPreemption({ profile: FIT_PROFILE, state: new Map(), pod: pod('p', { priority: HIGH }), nodes, potential: nodes, pdbs: () => [], offset, numCandidates: 2 });
  t.deepEqual(run(3).candidates.map((c) => c.node), ['n3', 'n4']);
  t.deepEqual(run(4).candidates.map((c) => c.node), ['n4', 'n0']);
});

test('sampling: candidates that violate a budget do not end the search until one does not', (t) => {
  const nodes = five();
  const guarded = ['n0', 'n1', 'n2'].map((n) => pdb(`pdb-${n}`, { app: n }, 0));
  const run = dryRunPreemption({ profile: FIT_PROFILE, state: new Map(), pod: pod('p', { priority: HIGH }), nodes, potential: nodes, pdbs: () => guarded, offset: 0, numCandidates: 2 });
  t.deepEqual(run.candidates.map((c) => [c.node, c.numPDBViolations]), [['n3', 0], ['n0', 1], ['n1', 1]]);
});

test('sampling: the plugin takes its offset from `pick` over the nodes where preemption might help', (t) => {
  const asked: number[] = [];
  const nodes = ['n0', 'n1', 'n2'].map((n) => node(n, ONE_POD));
  const pods = ['n0', 'n1', 'n2'].map((n) => pod(`v-${n}`, { node: n, priority: LOW }));
  const r = preempt(pod('p', { priority: HIGH }), { nodes, pods, pick: (n) => { asked.push(n); return 2; }, args: { minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 1 } });
  t.deepEqual(asked, [3]);
  t.is(r.nominatedNodeName, 'n2', 'one candidate wanted: the first node tried, from the offset');
});

test('helpers: a victim is marked DisruptionTarget/PreemptionByScheduler before deletion', (t) => {
  const c = preemptionCondition(pod('p', { priority: HIGH }), '2026-01-01T00:00:00Z');
  t.deepEqual(c, { type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod', lastTransitionTime: '2026-01-01T00:00:00Z' });
  t.true(terminatingByPreemption(pod('v', { terminatingByPreemption: true })));
  t.false(terminatingByPreemption(pod('v')));
});

test('helpers: only lower-priority pods nominated to the node lose their nomination', (t) => {
  const pending = [
    pod('low-here', { priority: LOW, nominated: 'n1' }),
    pod('mid-elsewhere', { priority: MID, nominated: 'n2' }),
    pod('high-here', { priority: HIGH, nominated: 'n1' }),
    pod('mid-here', { priority: MID, nominated: 'n1' }),
  ];
  t.deepEqual(names(lowerPriorityNominatedPods(pod('p', { priority: HIGH }), 'n1', pending)), ['low-here', 'mid-here']);
});
