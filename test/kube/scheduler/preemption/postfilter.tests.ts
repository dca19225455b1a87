// DefaultPreemption's PostFilter end to end over NodeResourcesFit: the nominated node, the victims
// and the status message, from Kubernetes' TestPostFilter cases.

import test from 'ava';
import type { PluginStatus } from '../../../../actors/kube-scheduler/framework/types.ts';
import { PREEMPTION_PICK_KEY, PREEMPTION_PROFILE_KEY, defaultPreemption } from '../../../../actors/kube-scheduler/plugins/defaultpreemption/plugin.ts';
import { FIT_PROFILE, HIGH, LARGE, LOW, MID, NODE_RES, ONE_POD, VERY_HIGH, infos, names, node, pdb, pod, preempt, unresolvable, unschedulable } from './fixtures.ts';

const VIOLATING = { 'test.kubernetes.io/is-violating-pdb': 'violating' };
const NON_VIOLATING = { 'test.kubernetes.io/is-violating-pdb': 'non-violating' };

interface Case {
  readonly title: string;
  readonly run: () => ReturnType<typeof preempt>;
  readonly node?: string;
  readonly victims?: readonly string[];
  readonly message?: string;
}

const cases: readonly Case[] = [
  {
    title: 'a pod of higher priority is made schedulable by preempting the pod in its way',
    run: () => preempt(pod('p', { priority: HIGH }), { nodes: [node('node1', ONE_POD)], pods: [pod('p1', { node: 'node1' })] }),
    node: 'node1', victims: ['p1'],
  },
  {
    title: 'a pod of tied priority stays unschedulable: no victims on the node',
    run: () => preempt(pod('p'), { nodes: [node('node1', ONE_POD)], pods: [pod('p1', { node: 'node1' })] }),
    message: 'preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
  },
  {
    title: 'a node the filters found UnschedulableAndUnresolvable is not tried',
    run: () => preempt(pod('p', { priority: HIGH }), { nodes: [node('node1', ONE_POD)], pods: [pod('p1', { node: 'node1' })], filtered: { node1: unresolvable() } }),
    message: 'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
  },
  {
    title: 'a node absent from the filter verdicts counts as UnschedulableAndUnresolvable',
    run: () => preempt(pod('p', { priority: HIGH }), { nodes: [node('node1', ONE_POD)], pods: [pod('p1', { node: 'node1' })], filtered: {} }),
    message: 'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
  },
  {
    title: 'only the node with a lower-priority pod is made room on',
    run: () => preempt(pod('p', { priority: MID }), {
      nodes: [node('node1', ONE_POD), node('node2', ONE_POD)],
      pods: [pod('p1', { priority: HIGH, node: 'node1' }), pod('p2', { priority: LOW, node: 'node2' })],
    }),
    node: 'node2', victims: ['p2'],
  },
  {
    title: 'with a PDB violated on both nodes, the node whose highest victim is lowest wins',
    run: () => preempt(pod('p', { priority: VERY_HIGH }), {
      nodes: [node('node1', ONE_POD), node('node2', ONE_POD)],
      pods: [
        pod('p1', { priority: HIGH, node: 'node1', labels: NON_VIOLATING }),
        pod('p2', { priority: LOW, node: 'node1', labels: VIOLATING }),
        pod('p3', { priority: MID, node: 'node2', labels: VIOLATING }),
      ],
      pdbs: [pdb('violating-pdb', VIOLATING, 0), pdb('non-violating-pdb', NON_VIOLATING, 2147483647)],
    }),
    node: 'node2', victims: ['p3'],
  },
  {
    title: 'no candidate when the pod does not fit even on emptied nodes',
    run: () => preempt(pod('p', { priority: HIGH, req: LARGE }), {
      nodes: [node('node1', NODE_RES), node('node2', NODE_RES)],
      pods: [pod('p1', { node: 'node1' }), pod('p2', { node: 'node2' })],
    }),
    message: 'preemption: 0/2 nodes are available: 2 Insufficient cpu.',
  },
  {
    title: 'no candidate, mixed reasons: no lower-priority pod, and not enough cpu',
    run: () => preempt(pod('p', { priority: HIGH, req: LARGE }), {
      nodes: [node('node1', ONE_POD), node('node2', NODE_RES), node('node3', ONE_POD)],
      pods: [pod('p1', { node: 'node1', priority: HIGH }), pod('p2', { node: 'node2' }), pod('p3', { node: 'node3', priority: HIGH })],
    }),
    message: 'preemption: 0/3 nodes are available: 1 Insufficient cpu, 2 No preemption victims found for incoming pod.',
  },
  {
    title: 'no candidate, mixed reasons: two unresolvable nodes, two without enough cpu',
    run: () => preempt(pod('p', { priority: HIGH, req: LARGE }), {
      nodes: [node('node1', NODE_RES), node('node2', NODE_RES), node('node3', NODE_RES), node('node4', NODE_RES)],
      pods: [pod('p1', { node: 'node1' }), pod('p2', { node: 'node2' })],
      filtered: { node1: unschedulable(), node2: unschedulable(), node4: unresolvable() },
    }),
    message: 'preemption: 0/4 nodes are available: 2 Insufficient cpu, 2 Preemption is not helpful for scheduling.',
  },
];

for (const c of cases) {
  test(`postFilter: ${c.title}`, (t) => {
    const r = c.run();
    if (c.message === undefined) {
      t.is(r.status.code, 'Success');
      t.is(r.nominatedNodeName, c.node);
      t.deepEqual(names(r.victims).sort(), [...(c.victims ?? [])].sort());
    } else {
      t.deepEqual(r.status, { code: 'Unschedulable', reasons: [c.message] } satisfies PluginStatus);
      t.is(r.nominatedNodeName, '', 'an empty nomination clears an earlier one');
      t.is(r.victims, undefined);
    }
  });
}

test('postFilter: preemptionPolicy Never keeps the pod from preempting, and its nomination as it is', (t) => {
  const r = preempt(pod('p', { priority: HIGH, preemptionPolicy: 'Never' }), { nodes: [node('node1', ONE_POD)], pods: [pod('p1', { node: 'node1' })] });
  t.deepEqual(r.status, { code: 'Unschedulable', reasons: ['preemption: not eligible due to preemptionPolicy=Never.'] });
  t.is(r.nominatedNodeName, undefined);
  t.is(r.victims, undefined);
});

test('postFilter: a lower-priority pod terminating by preemption on the nominated node makes the pod wait', (t) => {
  const nodes = [node('node1', ONE_POD), node('node2', ONE_POD)];
  const victim = pod('p1', { node: 'node1', terminatingByPreemption: true });
  const r = preempt(pod('p', { priority: HIGH, nominated: 'node1' }), { nodes, pods: [victim, pod('p2', { node: 'node2' })] });
  t.deepEqual(r.status, { code: 'Unschedulable', reasons: ['preemption: not eligible due to a terminating pod on the nominated node.'] });
  t.is(r.victims, undefined);
});

test('postFilter: a pod merely being deleted (not by preemption) does not hold the preemptor back', (t) => {
  const deleting = pod('p1', { node: 'node1' });
  const gone = { ...deleting, metadata: { ...deleting.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } };
  const r = preempt(pod('p', { priority: HIGH, nominated: 'node1' }), { nodes: [node('node1', ONE_POD)], pods: [gone] });
  t.is(r.status.code, 'Success');
  t.is(r.nominatedNodeName, 'node1');
});

test('postFilter: a nominated node that can never fit lets the pod preempt elsewhere despite its terminating victims', (t) => {
  const nodes = [node('node1', ONE_POD), node('node2', ONE_POD)];
  const pods = [pod('p1', { node: 'node1', terminatingByPreemption: true }), pod('p2', { node: 'node2' })];
  const r = preempt(pod('p', { priority: HIGH, nominated: 'node1' }), { nodes, pods, filtered: { node1: unresolvable(), node2: unschedulable() } });
  t.is(r.status.code, 'Success');
  t.is(r.nominatedNodeName, 'node2');
  t.deepEqual(names(r.victims), ['p2']);
});

test('postFilter: a higher-priority terminating pod on the nominated node is no reason to wait', (t) => {
  const pods = [pod('p1', { node: 'node1', priority: VERY_HIGH, terminatingByPreemption: true })];
  const r = preempt(pod('p', { priority: HIGH, nominated: 'node1' }), { nodes: [node('node1', ONE_POD)], pods });
  t.deepEqual(r.status.reasons, ['preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.']);
});

test('postFilter: without the profile\'s filters the plugin answers Error rather than guess', (t) => {
  const plugin = defaultPreemption({}, { profile: () => undefined, pick: () => 0 });
  const r = plugin.postFilter(new Map(), pod('p', { priority: HIGH }), infos([node('node1', ONE_POD)], [pod('p1', { node: 'node1' })]), { node1: unschedulable() });
  t.is(r.status.code, 'Error');
  t.is(r.victims, undefined);
});

test('postFilter: the profile and the random stream can come in the cycle state, as the shell hands them over', (t) => {
  const plugin = defaultPreemption();
  const nodes = infos([node('node1', ONE_POD), node('node2', ONE_POD)], [pod('p1', { node: 'node1' }), pod('p2', { node: 'node2' })]);
  const asked: number[] = [];
  const state = new Map<string, unknown>([[PREEMPTION_PROFILE_KEY, FIT_PROFILE], [PREEMPTION_PICK_KEY, (n: number) => { asked.push(n); return 1; }]]);
  const r = plugin.postFilter(state, pod('p', { priority: HIGH }), nodes, { node1: unschedulable(), node2: unschedulable() });
  t.deepEqual(asked, [2]);
  t.is(r.status.code, 'Success');
  t.is(r.nominatedNodeName, 'node2', 'tied candidates: the first tried, from offset 1');
  t.deepEqual(names(r.victims), ['p2']);
});
